import { MinhosError, type TimestampUs } from '@minhos/core';
import type { FuturesSpec } from './ContractSpec.js';
import { cmeHolidayCalendar } from './cmeHolidayCalendar.js';
import { type FuturesContract, firstContractFrom, nextContract } from './FuturesContract.js';
import { type IsoDate, isIsoDate, parseIsoDate } from './IsoDate.js';
import { firstNoticeDate, lastTradeDate } from './lastTradeDate.js';
import { type RollOptions, rollDate } from './rollDate.js';
import { tradeDateStart, tradingDate } from './tradingHours.js';

/** One contract's place in a roll schedule. */
export interface RollEntry {
  /** The contract that is front month until the roll. */
  readonly contract: FuturesContract;
  /** The contract that becomes front month on `rollDate`. */
  readonly next: FuturesContract;
  /** Last trade date (expiry) of `contract`. */
  readonly lastTradeDate: IsoDate;
  /** First notice day of `contract`, for physically delivered products. */
  readonly firstNoticeDate?: IsoDate;
  /** Trade date from which `next` is the front month. */
  readonly rollDate: IsoDate;
  /** The instant (µs, UTC) the roll takes effect: the start of trade date `rollDate` (see `tradeDateStart`). */
  readonly rollAt: TimestampUs;
}

/** Options of {@link rollCalendar}. */
export interface RollCalendarOptions extends RollOptions {
  /** First trade date of the window (inclusive). */
  readonly from: IsoDate;
  /** Length of the window in years (default 1). Ignored when `to` is given. */
  readonly years?: number;
  /** End of the window (exclusive). */
  readonly to?: IsoDate;
}

/**
 * The roll schedule of a futures product: every contract whose roll date falls in
 * `[from, to)` (default: one year from `from`), in order, with expiry, first notice and roll.
 *
 * @example
 * ```ts
 * import { NQ, rollCalendar } from '@minhos/symbols';
 * const rolls = rollCalendar(NQ, { from: '2025-01-01', years: 2, roll: { kind: 'calendarDaysBeforeExpiry', days: 10 } });
 * rolls.map((r) => `${r.contract.code} ${r.lastTradeDate} ${r.rollDate}`);
 * // ['NQH25 2025-03-21 2025-03-11', 'NQM25 2025-06-20 2025-06-10', …, 'NQZ26 2026-12-18 2026-12-08']
 * ```
 */
export function rollCalendar(spec: FuturesSpec, options: RollCalendarOptions): RollEntry[] {
  const from = parseIsoDate(options.from);
  const years = options.years ?? 1;
  if (options.to === undefined && !(Number.isInteger(years) && years >= 1 && years <= 100)) {
    throw new MinhosError('INVALID_ARGUMENT', `rollCalendar: years must be an integer 1..100, got ${years}`, {
      details: { years },
    });
  }
  const to =
    options.to !== undefined
      ? parseIsoDate(options.to)
      : (`${String(Number(from.slice(0, 4)) + years).padStart(4, '0')}${from.slice(4)}` as IsoDate);
  const opts = withCalendar(options);
  const out: RollEntry[] = [];
  for (const entry of rollEntries(spec, from, opts, true)) {
    if (entry.rollDate >= to) break;
    out.push(entry);
  }
  return out;
}

/**
 * The front-month contract at an instant (µs) or trade date, with its roll details. On its roll
 * date a contract is no longer front: the next one is.
 *
 * @example
 * ```ts
 * import { NQ, frontMonth } from '@minhos/symbols';
 * const roll = { kind: 'calendarDaysBeforeExpiry', days: 10 } as const;
 * frontMonth(NQ, '2025-09-08', { roll }).contract.code; // 'NQU25'
 * frontMonth(NQ, '2025-09-09', { roll }).contract.code; // 'NQZ25'
 * ```
 */
export function frontMonth(
  spec: FuturesSpec,
  at: TimestampUs | IsoDate,
  options: RollOptions = {},
): RollEntry {
  const date = typeof at === 'string' ? checkedDate(at) : tradingDate(spec, checkedTimestamp(at));
  for (const entry of rollEntries(spec, date, withCalendar(options), false)) return entry;
  /* c8 ignore next */
  throw new MinhosError('CONTRACT_SPEC_INVALID', `${spec.root}: no contract found after ${date}`);
}

/**
 * Whole days (floored) from `at` until the front month's roll takes effect — the original
 * MinhOS countdown (`(roll − now).days`): 0 during the last 24 hours before the roll.
 *
 * @example
 * ```ts
 * import { NQ, daysUntilRoll } from '@minhos/symbols';
 * const roll = { kind: 'calendarDaysBeforeExpiry', days: 10 } as const;
 * daysUntilRoll(NQ, Date.parse('2025-07-25T12:00:00Z') * 1000, { roll }); // 45
 * ```
 */
export function daysUntilRoll(spec: FuturesSpec, at: TimestampUs, options: RollOptions = {}): number {
  const entry = frontMonth(spec, at, options);
  return Math.floor((entry.rollAt - at) / 86_400_000_000);
}

// 1980-01-01 and 2200-01-01 in µs: outside, the number is almost surely in another unit.
const MIN_US = 315_532_800_000_000;
const MAX_US = 7_258_118_400_000_000;

/** `at` if it is a plausible µs timestamp; otherwise an error that names the likely unit mistake. */
function checkedTimestamp(at: TimestampUs): TimestampUs {
  if (!Number.isFinite(at)) {
    throw new MinhosError(
      'INVALID_TIMESTAMP',
      `timestamp must be a finite number of µs since the epoch, got ${at}`,
    );
  }
  if (at >= MIN_US && at <= MAX_US) return at;
  const unit =
    Math.abs(at) >= MIN_US * 1000
      ? 'nanoseconds (÷ 1000 for µs)'
      : Math.abs(at) >= MIN_US / 1000
        ? 'milliseconds (× 1000 for µs)'
        : Math.abs(at) >= MIN_US / 1e6
          ? 'seconds (× 1 000 000 for µs)'
          : 'an unknown unit';
  throw new MinhosError(
    'INVALID_TIMESTAMP',
    `timestamp ${at} is outside 1980–2200 in µs; it looks like ${unit}`,
    { details: { at } },
  );
}

function checkedDate(text: string): IsoDate {
  if (!isIsoDate(text)) parseIsoDate(text);
  return text as IsoDate;
}

function withCalendar(options: RollOptions): RollOptions {
  return options.calendar !== undefined ? options : { ...options, calendar: cmeHolidayCalendar() };
}

/** Roll entries in order from the first whose roll date is after `from` (or on it, if `inclusive`). */
function* rollEntries(
  spec: FuturesSpec,
  from: IsoDate,
  options: RollOptions,
  inclusive: boolean,
): Generator<RollEntry> {
  // Start a year early: roll dates can precede the contract month (GC rolls before first notice).
  const y = Number(from.slice(0, 4));
  const m = Number(from.slice(5, 7));
  let contract = firstContractFrom(spec, y - 1, m);
  for (let guard = 0; guard < 10_000; guard++) {
    const roll = rollDate(spec, contract, options);
    const next = nextContract(spec, contract);
    if (roll > from || (inclusive && roll === from)) {
      const fnd = firstNoticeDate(spec, contract, options);
      const ltd = lastTradeDate(spec, contract, options);
      const base = { contract, next, lastTradeDate: ltd, rollDate: roll, rollAt: tradeDateStart(spec, roll) };
      yield Object.freeze(fnd === undefined ? base : { ...base, firstNoticeDate: fnd });
    }
    contract = next;
  }
}
