import { type Bar, BarSeries, MinhosError } from '@minhos/core';
import type { FuturesSpec } from '@minhos/symbols';
import type { ReplayFeed } from './barReplaySource.js';
import { type FrontMonthOptions, frontMonthInstrument } from './frontMonthInstrument.js';

/** Bars of one contract of a root, by its code (`ESZ13`). */
export interface ContractBars {
  readonly code: string;
  readonly bars: BarSeries | readonly Bar[];
}

/**
 * Replay feeds for a futures root: of each contract's bars, only those during which that contract
 * is the front month (by `@minhos/symbols`' roll calendar) are kept, each under its own instrument
 * id, so `barReplaySource` switches from ESZ13 to ESH14 at the roll just as the live source does.
 * Bars of a contract that is never front month in its data are dropped.
 *
 * @throws `MinhosError` `REPLAY_INVALID` when two entries name the same contract.
 * @example
 * ```ts
 * import { ES } from '@minhos/symbols';
 * import { barReplaySource, frontMonthFeeds } from '@minhos/engine';
 * const feeds = frontMonthFeeds(ES, '1m', [
 *   { code: 'ESZ13', bars: [] },
 *   { code: 'ESH14', bars: [] },
 * ]);
 * feeds.length; // 0 (no bars)
 * ```
 */
export function frontMonthFeeds(
  spec: FuturesSpec,
  timeframe: string,
  contracts: readonly ContractBars[],
  options: FrontMonthOptions = {},
): ReplayFeed[] {
  const seen = new Set<string>();
  const out: ReplayFeed[] = [];
  for (const c of contracts) {
    if (seen.has(c.code))
      throw new MinhosError('REPLAY_INVALID', `frontMonthFeeds: contract ${c.code} is listed twice`);
    seen.add(c.code);
    const all: readonly Bar[] =
      c.bars instanceof BarSeries
        ? Array.from({ length: c.bars.length }, (_, i) => c.bars.at(i) as Bar)
        : c.bars;
    // The front month only changes at a roll: resolve once per [resolved-at, rollAt) window.
    let from = Number.POSITIVE_INFINITY;
    let until = Number.NEGATIVE_INFINITY;
    let symbol = '';
    const kept = all.filter((b) => {
      if (b.time < from || b.time >= until) {
        const fm = frontMonthInstrument(spec, b.time, options);
        from = b.time;
        until = fm.rollAt;
        symbol = fm.symbol;
      }
      return symbol === c.code;
    });
    if (kept.length === 0) continue;
    const first = frontMonthInstrument(spec, (kept[0] as Bar).time, options);
    out.push({ instrumentId: first.instrumentId, timeframe, bars: kept });
  }
  return out;
}
