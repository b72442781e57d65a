import type { Bar, TimestampUs } from '@minhos/core';
import { IndicatorBook, type SignalMember } from '@minhos/engine';

const MINUTE_US = 60_000_000;

/**
 * Runs `member` on `minutes`-minute bars built from the 1-minute bars it is evaluated on, as the
 * decision loop feeds the traditional TA rules (on 1-minute ES their SMAs never differ by 0.2 %,
 * so on raw minutes they would always say HOLD). At every 1-minute bar the member sees the
 * buckets closed so far; a bucket closes at its last minute, never waiting for the next bar. Use
 * it to give a strategy running on 1-minute bars (an AI backtest) the loop's 15-minute TA view.
 *
 * @example
 * ```ts
 * import { traditionalTaMember } from '@minhos/engine';
 * import { bucketedMember } from '@minhos/server';
 * const ta15 = bucketedMember(traditionalTaMember(20), 15);
 * ta15.name; // 'traditional-ta'
 * ```
 */
export function bucketedMember(member: SignalMember, minutes: number): SignalMember {
  const size = minutes * MINUTE_US;
  const book = new IndicatorBook({}, Math.max(1, member.historyBars));
  let bucket: { start: number; bar: Bar } | undefined;
  const close = () => {
    if (bucket !== undefined) book.push(bucket.bar);
    bucket = undefined;
  };
  return {
    name: member.name,
    historyBars: 1,
    evaluate(ctx) {
      const bar = ctx.bar;
      const start = Math.floor(bar.time / size) * size;
      if (bucket !== undefined && bucket.start !== start) close();
      const cur = bucket;
      if (cur === undefined) bucket = { start, bar: { ...bar, time: start as TimestampUs } };
      else
        cur.bar = {
          time: cur.bar.time,
          open: cur.bar.open,
          high: Math.max(cur.bar.high, bar.high),
          low: Math.min(cur.bar.low, bar.low),
          close: bar.close,
          volume: cur.bar.volume + bar.volume,
        };
      if (bar.time + MINUTE_US >= start + size) close();
      // Field by field: a backtest's context reads position and pending through getters.
      return member.evaluate({
        instrumentId: ctx.instrumentId,
        bar,
        index: ctx.index,
        now: ctx.now,
        position: ctx.position,
        pending: ctx.pending,
        indicators: book,
        history: book,
      });
    },
  };
}
