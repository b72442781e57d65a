import type { InstrumentId, TimestampUs } from '@minhos/core';
import type { ContractRegistry } from './ContractRegistry.js';
import type { AssetClass, RollRule } from './ContractSpec.js';
import { cmeHolidayCalendar } from './cmeHolidayCalendar.js';
import type { FuturesContract } from './FuturesContract.js';
import { formatSymbol } from './formatSymbol.js';
import { daysBetween, type IsoDate } from './IsoDate.js';
import { defaultRegistry } from './internal/defaultRegistry.js';
import type { CalendarOptions } from './lastTradeDate.js';
import { frontMonth } from './rollCalendar.js';

/** One configured symbol: a root, whether it is enabled, and its priority (lower = first). */
export interface SymbolSetting {
  readonly root: string;
  /** Default `true`. */
  readonly enabled?: boolean;
  /** Lower numbers come first; default `100`. Ties keep the configured order. */
  readonly priority?: number;
}

/** One market-data subscription to open, in order. */
export interface Subscription {
  readonly root: string;
  /** Our id of the instrument to subscribe to (front month for futures). */
  readonly id: InstrumentId;
  /** The same instrument in Sierra Chart's symbol format. */
  readonly sierraSymbol: string;
  readonly assetClass: AssetClass;
  /** `true` for the primary symbol (always first). */
  readonly primary: boolean;
  /** `'front'`, `'next'` (pre-roll subscription to the next contract) or `'spot'` (no expiry). */
  readonly role: 'front' | 'next' | 'spot';
  readonly contract?: FuturesContract;
}

/** Options of {@link subscriptionList}. */
export interface SubscriptionOptions extends CalendarOptions {
  /** Instant (µs) or trade date at which front months are resolved. */
  readonly at: TimestampUs | IsoDate;
  /** Root subscribed first, whatever its priority. */
  readonly primary?: string;
  readonly registry?: ContractRegistry;
  /** Roll-rule overrides by root. */
  readonly rolls?: Readonly<Record<string, RollRule>>;
  /**
   * Also subscribe to the next contract when the roll is this many calendar days away or
   * closer (so its data is warm at the roll). Default: never.
   */
  readonly includeNextWithinDays?: number;
}

/**
 * The ordered list of market-data subscriptions: the primary root first, then enabled roots by
 * priority; futures resolve to their front month at `at` (plus the next contract near a roll).
 *
 * @throws {@link @minhos/core!MinhosError} `SYMBOL_UNKNOWN_ROOT` for a root missing from the registry.
 * @example
 * ```ts
 * import { subscriptionList } from '@minhos/symbols';
 * const subs = subscriptionList(
 *   [{ root: 'ES', priority: 2 }, { root: 'NQ', priority: 1 }, { root: 'VIX', priority: 3 }, { root: 'EURUSD', enabled: false }],
 *   { at: '2025-07-25', primary: 'NQ' },
 * );
 * subs.map((s) => s.sierraSymbol); // ['NQU25-CME', 'ESU25-CME', 'VIX_CGI']
 * ```
 */
export function subscriptionList(
  symbols: readonly SymbolSetting[],
  options: SubscriptionOptions,
): Subscription[] {
  const registry = options.registry ?? defaultRegistry();
  const calendar = options.calendar ?? cmeHolidayCalendar();
  const ordered = symbols
    .map((s, i) => ({ s, i }))
    .filter(({ s }) => s.root === options.primary || s.enabled !== false)
    .sort((a, b) => {
      const pa = a.s.root === options.primary ? -Infinity : (a.s.priority ?? 100);
      const pb = b.s.root === options.primary ? -Infinity : (b.s.priority ?? 100);
      return pa - pb || a.i - b.i;
    });
  if (options.primary !== undefined && !symbols.some((s) => s.root === options.primary)) {
    ordered.unshift({ s: { root: options.primary }, i: -1 });
  }
  const out: Subscription[] = [];
  const seen = new Set<string>();
  for (const { s } of ordered) {
    if (seen.has(s.root)) continue;
    seen.add(s.root);
    const spec = registry.get(s.root);
    const primary = s.root === options.primary;
    if (spec.kind !== 'future') {
      out.push(
        Object.freeze({
          root: spec.root,
          id: `${spec.root}.${spec.exchange}` as InstrumentId,
          sierraSymbol: formatSymbol(spec),
          assetClass: spec.assetClass,
          primary,
          role: 'spot' as const,
        }),
      );
      continue;
    }
    const roll = options.rolls?.[spec.root];
    const entry = frontMonth(spec, options.at, roll === undefined ? { calendar } : { calendar, roll });
    const sub = (contract: FuturesContract, role: 'front' | 'next'): Subscription =>
      Object.freeze({
        root: spec.root,
        id: contract.id,
        sierraSymbol: formatSymbol(spec, contract),
        assetClass: spec.assetClass,
        primary,
        role,
        contract,
      });
    out.push(sub(entry.contract, 'front'));
    const within = options.includeNextWithinDays;
    if (within !== undefined) {
      const days =
        typeof options.at === 'string'
          ? daysBetween(options.at, entry.rollDate)
          : Math.floor((entry.rollAt - options.at) / 86_400_000_000);
      if (days <= within) out.push(sub(entry.next, 'next'));
    }
  }
  return out;
}
