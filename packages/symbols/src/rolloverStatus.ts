import type { InstrumentId, TimestampUs } from '@minhos/core';
import type { ContractRegistry } from './ContractRegistry.js';
import type { ContractSpec, FuturesSpec, RollRule } from './ContractSpec.js';
import { isFutureSpec } from './ContractSpec.js';
import { cmeHolidayCalendar } from './cmeHolidayCalendar.js';
import type { IsoDate } from './IsoDate.js';
import type { CalendarOptions } from './lastTradeDate.js';
import { frontMonth } from './rollCalendar.js';

/** Urgency of an upcoming roll. */
export type RolloverLevel = 'critical' | 'warning' | 'info' | 'none';

/** Day thresholds (inclusive) of the alert levels. Default 7 / 15 / 30, as the original. */
export interface RolloverThresholds {
  readonly critical: number;
  readonly warning: number;
  readonly info: number;
}

/** The default thresholds: critical ≤ 7 days, warning ≤ 15, info ≤ 30. */
export const DEFAULT_ROLLOVER_THRESHOLDS: RolloverThresholds = Object.freeze({
  critical: 7,
  warning: 15,
  info: 30,
});

/**
 * The alert level of a roll `daysUntil` days away: critical ≤ 7, warning ≤ 15, info ≤ 30, else
 * none (thresholds configurable).
 *
 * @example
 * ```ts
 * import { rolloverLevel } from '@minhos/symbols';
 * rolloverLevel(7); // 'critical'
 * rolloverLevel(16); // 'info'
 * ```
 */
export function rolloverLevel(
  daysUntil: number,
  thresholds: RolloverThresholds = DEFAULT_ROLLOVER_THRESHOLDS,
): RolloverLevel {
  if (daysUntil <= thresholds.critical) return 'critical';
  if (daysUntil <= thresholds.warning) return 'warning';
  if (daysUntil <= thresholds.info) return 'info';
  return 'none';
}

/** The rollover state of one futures product at an instant. */
export interface RolloverAlert {
  readonly root: string;
  /** Current front month, e.g. `'NQU25.CME'`. */
  readonly symbol: InstrumentId;
  /** The contract it rolls into. */
  readonly nextSymbol: InstrumentId;
  /** Trade date the roll takes effect. */
  readonly rollDate: IsoDate;
  /** Instant (µs) the roll takes effect. */
  readonly rollAt: TimestampUs;
  /** Whole days until `rollAt` (floored). */
  readonly daysUntil: number;
  readonly level: RolloverLevel;
  /** `true` for critical and warning: the roll needs attention now. */
  readonly actionRequired: boolean;
}

/** Options of {@link rolloverAlert} and {@link rolloverStatus}. */
export interface RolloverOptions extends CalendarOptions {
  /** Roll-rule overrides by root, e.g. `{ NQ: { kind: 'calendarDaysBeforeExpiry', days: 10 } }`. */
  readonly rolls?: Readonly<Record<string, RollRule>>;
  readonly thresholds?: RolloverThresholds;
}

/**
 * The rollover alert of one futures product at instant `at` (µs).
 *
 * @example
 * ```ts
 * import { NQ, rolloverAlert } from '@minhos/symbols';
 * const a = rolloverAlert(NQ, Date.parse('2025-09-01T15:00:00Z') * 1000, {
 *   rolls: { NQ: { kind: 'calendarDaysBeforeExpiry', days: 10 } },
 * });
 * a.level; // 'critical' (7 days to 2025-09-09)
 * ```
 */
export function rolloverAlert(
  spec: FuturesSpec,
  at: TimestampUs,
  options: RolloverOptions = {},
): RolloverAlert {
  const roll = options.rolls?.[spec.root];
  const calendar = options.calendar ?? cmeHolidayCalendar();
  const entry = frontMonth(spec, at, roll === undefined ? { calendar } : { calendar, roll });
  const daysUntil = Math.floor((entry.rollAt - at) / 86_400_000_000);
  const level = rolloverLevel(daysUntil, options.thresholds);
  return Object.freeze({
    root: spec.root,
    symbol: entry.contract.id,
    nextSymbol: entry.next.id,
    rollDate: entry.rollDate,
    rollAt: entry.rollAt,
    daysUntil,
    level,
    actionRequired: level === 'critical' || level === 'warning',
  });
}

/** Rollover state of several products (the dashboard's rollover panel). */
export interface RolloverStatus {
  readonly at: TimestampUs;
  /** Alerts with a level other than `none`, soonest first. */
  readonly alerts: readonly RolloverAlert[];
  /** Number of `alerts` (rolls within the info threshold). */
  readonly totalUpcoming: number;
  /** critical + warning. */
  readonly urgentCount: number;
}

/**
 * Rollover alerts for every futures product in `specs` (non-expiring ones are skipped).
 *
 * @example
 * ```ts
 * import { contractRegistry, rolloverStatus } from '@minhos/symbols';
 * const s = rolloverStatus(contractRegistry(), Date.parse('2025-12-05T15:00:00Z') * 1000);
 * s.urgentCount; // critical + warning
 * ```
 */
export function rolloverStatus(
  specs: ContractRegistry | Iterable<ContractSpec>,
  at: TimestampUs,
  options: RolloverOptions = {},
): RolloverStatus {
  const list =
    'list' in specs && typeof specs.list === 'function'
      ? specs.list()
      : [...(specs as Iterable<ContractSpec>)];
  const calendar = options.calendar ?? cmeHolidayCalendar();
  const alerts = list
    .filter(isFutureSpec)
    .map((s) => rolloverAlert(s, at, { ...options, calendar }))
    .filter((a) => a.level !== 'none')
    .sort((a, b) => a.daysUntil - b.daysUntil || a.root.localeCompare(b.root));
  return Object.freeze({
    at,
    alerts: Object.freeze(alerts),
    totalUpcoming: alerts.length,
    urgentCount: alerts.filter((a) => a.actionRequired).length,
  });
}
