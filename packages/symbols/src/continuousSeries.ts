import { BarSeries, err, MinhosError, ok, type Result, type TimestampUs } from '@minhos/core';
import type { FuturesSpec } from './ContractSpec.js';
import { cmeHolidayCalendar } from './cmeHolidayCalendar.js';
import type { FuturesContract } from './FuturesContract.js';
import { addDays, type IsoDate } from './IsoDate.js';
import { lastTradeDate } from './lastTradeDate.js';
import { type RollOptions, rollDate } from './rollDate.js';
import { tradeDateStart, tradingDate } from './tradingHours.js';

/**
 * How prices before a roll are adjusted: `difference` adds (next − front) at the roll (keeps
 * point moves exact), `ratio` multiplies by next / front (keeps percentage moves exact), `none`
 * leaves the raw prices (a gap at each roll).
 */
export type AdjustmentMethod = 'difference' | 'ratio' | 'none';

/** One contract's bars, input to {@link continuousSeries}. */
export interface ContractBars {
  readonly contract: FuturesContract;
  readonly bars: BarSeries;
}

/** A user-chosen roll: leave contract `from` (code, e.g. `'ESZ13'`) at instant or trade date `at`. */
export interface RollPointInput {
  readonly from: string;
  /** An instant (µs) or a trade date (rolls at the start of that trade date). */
  readonly at: TimestampUs | IsoDate;
}

/** Options of {@link continuousSeries}. */
export interface ContinuousSeriesOptions extends RollOptions {
  /** Default `'difference'`. */
  readonly adjustment?: AdjustmentMethod;
  /**
   * How roll points are chosen: `'calendar'` (default: the spec's roll rule, or `roll`),
   * `'volume'` (after the first complete trade date on which the next contract traded more than
   * the front; falls back to the calendar roll when that never happens), or an explicit list.
   */
  readonly rolls?: 'calendar' | 'volume' | readonly RollPointInput[];
}

/** How a roll point was chosen. */
export type RollReason = 'calendar' | 'volume' | 'user';

/** One roll of a continuous series, with the prices the adjustment was measured at. */
export interface ContinuousRoll {
  readonly from: FuturesContract;
  readonly to: FuturesContract;
  /** Instant (µs) from which bars come from `to`. */
  readonly at: TimestampUs;
  /** Trade date of `at`. */
  readonly date: IsoDate;
  readonly reason: RollReason;
  /** Bar time (µs) of the last bar both contracts have before `at`: where prices were compared. */
  readonly priceTime: TimestampUs;
  /** Close of `from` at `priceTime`. */
  readonly fromPrice: number;
  /** Close of `to` at `priceTime`. */
  readonly toPrice: number;
  /**
   * This roll's own adjustment: `toPrice − fromPrice` (difference), `toPrice / fromPrice`
   * (ratio), or 0 (none).
   */
  readonly adjustment: number;
  /**
   * The adjustment applied to bars of `from` (this roll composed with all later ones): added
   * (difference) or multiplied (ratio). Identity (0 or 1) for `none`.
   */
  readonly cumulativeAdjustment: number;
}

/** Which contract a run of bars of the continuous series came from. */
export interface ContinuousSegment {
  readonly contract: FuturesContract;
  /** First bar index in the series (inclusive). */
  readonly start: number;
  /** End bar index (exclusive). */
  readonly end: number;
}

/** A stitched, back-adjusted series with its rolls and segments. */
export interface ContinuousSeries {
  readonly series: BarSeries;
  readonly method: AdjustmentMethod;
  readonly rolls: readonly ContinuousRoll[];
  readonly segments: readonly ContinuousSegment[];
}

const DAY_US = 86_400_000_000;

/**
 * Stitches per-contract bars into one gap-free continuous series: contract i supplies the bars
 * from the previous roll up to (excluding) its own roll; prices before each roll are
 * back-adjusted so the latest contract keeps its real prices.
 *
 * The adjustment of a roll is measured on the last bar time **before the roll instant** at which
 * both contracts have a bar (closes compared), so it uses no data from after the roll. When the
 * two contracts share no bar time before the roll the result is an error value
 * (`CONTINUOUS_NO_OVERLAP`). Volumes are not adjusted.
 *
 * @example
 * ```ts
 * import { BarSeries } from '@minhos/core';
 * import { ES, continuousSeries, futuresContract } from '@minhos/symbols';
 * declare const z13: BarSeries, h14: BarSeries; // one contract's bars each
 * const r = continuousSeries(ES, [
 *   { contract: futuresContract(ES, 2013, 12), bars: z13 },
 *   { contract: futuresContract(ES, 2014, 3), bars: h14 },
 * ], { adjustment: 'difference' });
 * if (r.ok) r.value.rolls[0]?.adjustment; // ESH14 − ESZ13 at the roll
 * ```
 */
export function continuousSeries(
  spec: FuturesSpec,
  contracts: readonly ContractBars[],
  options: ContinuousSeriesOptions = {},
): Result<ContinuousSeries, MinhosError> {
  const method = options.adjustment ?? 'difference';
  const calendar = options.calendar ?? cmeHolidayCalendar();
  const rollOpts: RollOptions = options.roll === undefined ? { calendar } : { calendar, roll: options.roll };
  const fail = (code: string, message: string, details: Record<string, unknown> = {}) =>
    err(
      new MinhosError(code, `continuousSeries(${spec.root}): ${message}`, {
        details: { root: spec.root, ...details },
      }),
    );

  for (const c of contracts) {
    if (c.contract.root !== spec.root) {
      return fail('CONTINUOUS_INVALID_INPUT', `contract ${c.contract.code} is not a ${spec.root} contract`);
    }
  }
  const sorted = [...contracts].sort(
    (a, b) => a.contract.year - b.contract.year || a.contract.month - b.contract.month,
  );
  for (let i = 1; i < sorted.length; i++) {
    if ((sorted[i] as ContractBars).contract.code === (sorted[i - 1] as ContractBars).contract.code) {
      return fail(
        'CONTINUOUS_INVALID_INPUT',
        `contract ${(sorted[i] as ContractBars).contract.code} is given twice`,
      );
    }
  }
  if (sorted.length === 0) {
    return ok({ series: BarSeries.empty(), method, rolls: [], segments: [] });
  }

  // Roll instants between consecutive contracts.
  const rollAt: { at: TimestampUs; reason: RollReason }[] = [];
  const rolls = options.rolls ?? 'calendar';
  for (let i = 0; i + 1 < sorted.length; i++) {
    const front = sorted[i] as ContractBars;
    const next = sorted[i + 1] as ContractBars;
    const calendarAt = tradeDateStart(spec, rollDate(spec, front.contract, rollOpts));
    if (rolls === 'calendar') {
      rollAt.push({ at: calendarAt, reason: 'calendar' });
    } else if (rolls === 'volume') {
      const after = i === 0 ? Number.NEGATIVE_INFINITY : (rollAt[i - 1] as { at: number }).at;
      const expiry = lastTradeDate(spec, front.contract, rollOpts);
      const v = volumeRoll(spec, front.bars, next.bars, after, expiry);
      rollAt.push(v === undefined ? { at: calendarAt, reason: 'calendar' } : { at: v, reason: 'volume' });
    } else {
      const point = rolls.find((r) => r.from.toUpperCase() === front.contract.code);
      if (point === undefined) {
        return fail(
          'CONTINUOUS_ROLL_MISSING',
          `no roll point given for ${front.contract.code} → ${next.contract.code}`,
          {
            from: front.contract.code,
          },
        );
      }
      const at = typeof point.at === 'string' ? tradeDateStart(spec, point.at) : point.at;
      rollAt.push({ at, reason: 'user' });
    }
    const last = rollAt[i] as { at: number };
    if (i > 0 && !(last.at > (rollAt[i - 1] as { at: number }).at)) {
      return fail(
        'CONTINUOUS_ROLL_ORDER',
        `roll out of ${front.contract.code} (${iso(last.at)}) is not after the previous roll (${iso((rollAt[i - 1] as { at: number }).at)})`,
      );
    }
  }

  // Own adjustment of each roll, measured on the last common bar before the roll.
  const own: { priceTime: number; fromPrice: number; toPrice: number; adj: number }[] = [];
  for (let i = 0; i < rollAt.length; i++) {
    const front = (sorted[i] as ContractBars).bars;
    const next = (sorted[i + 1] as ContractBars).bars;
    const at = (rollAt[i] as { at: number }).at;
    const common = lastCommonBefore(front, next, at);
    if (common === undefined) {
      return fail(
        'CONTINUOUS_NO_OVERLAP',
        `${(sorted[i] as ContractBars).contract.code} and ${(sorted[i + 1] as ContractBars).contract.code} have no bar at the same time before the roll at ${iso(at)}; cannot measure the adjustment`,
      );
    }
    const fromPrice = front.close[common.i] as number;
    const toPrice = next.close[common.j] as number;
    if (method === 'ratio' && !(fromPrice > 0 && toPrice > 0)) {
      return fail(
        'CONTINUOUS_RATIO_INVALID',
        `ratio adjustment needs positive prices, got ${fromPrice} → ${toPrice}`,
      );
    }
    const adj = method === 'difference' ? toPrice - fromPrice : method === 'ratio' ? toPrice / fromPrice : 0;
    own.push({ priceTime: front.time[common.i] as number, fromPrice, toPrice, adj });
  }

  // Cumulative adjustment per contract (last contract: identity).
  const identity = method === 'ratio' ? 1 : 0;
  const cumulative = new Array<number>(sorted.length).fill(identity);
  for (let i = sorted.length - 2; i >= 0; i--) {
    const later = cumulative[i + 1] as number;
    const a = (own[i] as { adj: number }).adj;
    cumulative[i] = method === 'ratio' ? later * a : method === 'difference' ? later + a : 0;
  }

  // Slice each contract's window and write the adjusted columns.
  const windows = sorted.map((c, i) => {
    const lo = i === 0 ? 0 : c.bars.lowerBound((rollAt[i - 1] as { at: number }).at);
    const hi = i === sorted.length - 1 ? c.bars.length : c.bars.lowerBound((rollAt[i] as { at: number }).at);
    return { lo, hi: Math.max(lo, hi) };
  });
  const total = windows.reduce((n, w) => n + (w.hi - w.lo), 0);
  const out = BarSeries.allocate(total);
  const segments: ContinuousSegment[] = [];
  let k = 0;
  sorted.forEach((c, i) => {
    const { lo, hi } = windows[i] as { lo: number; hi: number };
    const adj = cumulative[i] as number;
    const start = k;
    const b = c.bars;
    for (let j = lo; j < hi; j++, k++) {
      out.time[k] = b.time[j] as number;
      out.volume[k] = b.volume[j] as number;
      if (method === 'ratio') {
        out.open[k] = (b.open[j] as number) * adj;
        out.high[k] = (b.high[j] as number) * adj;
        out.low[k] = (b.low[j] as number) * adj;
        out.close[k] = (b.close[j] as number) * adj;
      } else {
        out.open[k] = (b.open[j] as number) + adj;
        out.high[k] = (b.high[j] as number) + adj;
        out.low[k] = (b.low[j] as number) + adj;
        out.close[k] = (b.close[j] as number) + adj;
      }
    }
    if (k > start) segments.push(Object.freeze({ contract: c.contract, start, end: k }));
  });

  const report: ContinuousRoll[] = rollAt.map((r, i) => {
    const o = own[i] as { priceTime: number; fromPrice: number; toPrice: number; adj: number };
    return Object.freeze({
      from: (sorted[i] as ContractBars).contract,
      to: (sorted[i + 1] as ContractBars).contract,
      at: r.at,
      date: tradingDate(spec, r.at),
      reason: r.reason,
      priceTime: o.priceTime,
      fromPrice: o.fromPrice,
      toPrice: o.toPrice,
      adjustment: o.adj,
      cumulativeAdjustment: cumulative[i] as number,
    });
  });
  // BarSeries validates that times are non-decreasing across the joined windows.
  return ok(
    Object.freeze({
      series: new BarSeries(out),
      method,
      rolls: Object.freeze(report),
      segments: Object.freeze(segments),
    }),
  );
}

/** The last pair of indices (i in `a`, j in `b`) with equal bar time strictly before `before`. */
function lastCommonBefore(a: BarSeries, b: BarSeries, before: number): { i: number; j: number } | undefined {
  let i = a.lowerBound(before) - 1;
  let j = b.lowerBound(before) - 1;
  while (i >= 0 && j >= 0) {
    const ta = a.time[i] as number;
    const tb = b.time[j] as number;
    if (ta === tb) return { i, j };
    if (ta > tb) i--;
    else j--;
  }
  return undefined;
}

/**
 * The start of the trade date after the first complete trade date (after `after`, up to the
 * front's expiry) on which `next` traded more volume than `front`.
 */
function volumeRoll(
  spec: FuturesSpec,
  front: BarSeries,
  next: BarSeries,
  after: number,
  expiry: IsoDate,
): TimestampUs | undefined {
  const frontVol = dailyVolume(spec, front);
  const nextVol = dailyVolume(spec, next);
  const days = [...new Set([...frontVol.keys(), ...nextVol.keys()])].sort();
  for (const d of days) {
    if (d >= expiry) break;
    const rollAt = tradeDateStart(spec, addDays(d, 1));
    if (rollAt <= after) continue;
    const f = frontVol.get(d) ?? 0;
    // A day missing from either contract is missing data, not a volume crossover.
    if (f > 0 && (nextVol.get(d) ?? 0) > f) return rollAt;
  }
  return undefined;
}

/** Volume per trade date. Trade-date boundaries are cached so Intl runs about once per day. */
function dailyVolume(spec: FuturesSpec, bars: BarSeries): Map<IsoDate, number> {
  const out = new Map<IsoDate, number>();
  let date: IsoDate | undefined;
  let lo = 0;
  let hi = -1;
  for (let i = 0; i < bars.length; i++) {
    const t = bars.time[i] as number;
    if (date === undefined || t < lo || t >= hi) {
      date = tradingDate(spec, t);
      lo = tradeDateStart(spec, date);
      hi = tradeDateStart(spec, addDays(date, 1));
      if (!(hi > lo)) hi = lo + DAY_US;
    }
    out.set(date, (out.get(date) ?? 0) + (bars.volume[i] as number));
  }
  return out;
}

function iso(us: number): string {
  return new Date(Math.floor(us / 1000)).toISOString();
}
