/**
 * A research script in notebook style: cells that each print a table, on the bundled ESZ13
 * 1-minute bars (QuantConnect Lean / AlgoSeek, Oct–Dec 2013), with `danfojs-node` DataFrames for
 * the tabular work and MinhOS for the trading-specific parts (session-aware bars, indicators).
 *
 * Questions: how does ES volatility and volume vary over the Chicago trading day; does volume go
 * with the size of the move; and does RSI(14) on 30-minute bars say anything about the next 30
 * minutes on this sample (it is one contract over ten weeks: a first look, not evidence).
 *
 *   pnpm --filter @minhos/examples exec tsx src/researchNotebook.ts
 */
import { BarSeries } from '@minhos/core';
import { rsi } from '@minhos/models';
import { aggregateBars, sessionWindows, tradingSessionOf } from '@minhos/sierra';
import { cmeHolidayCalendar, ES } from '@minhos/symbols';
import * as dfd from 'danfojs-node';
import { loadEsMinuteBars } from './esBars.js';

const cell = (title: string): void => console.log(`\n## ${title}\n`);
const chicagoHour = new Intl.DateTimeFormat('en-US', {
  timeZone: 'America/Chicago',
  hour: 'numeric',
  hourCycle: 'h23',
});
const hourOf = (us: number): number => Number(chicagoHour.format(new Date(us / 1000)));

// %% Cell 1 — load the minutes into a DataFrame
cell('1. ESZ13 1-minute bars');
const minutes = loadEsMinuteBars();
const time = Array.from(minutes.time);
const close = Array.from(minutes.close);
const df = new dfd.DataFrame({
  time,
  open: Array.from(minutes.open),
  high: Array.from(minutes.high),
  low: Array.from(minutes.low),
  close,
  volume: Array.from(minutes.volume),
});
console.log(`${df.shape[0]} rows × ${df.shape[1]} columns`);
df.head(3).print();

// %% Cell 2 — returns in basis points and the Chicago hour of each minute
cell('2. returns (bp) and the hour of the trading day');
// A minute's return from the previous minute's close, only when the previous row is the minute
// before (gaps between the sampled days are not returns).
const retBp = close.map((c, i) =>
  i > 0 && (time[i] as number) - (time[i - 1] as number) === 60_000_000
    ? 10_000 * Math.log(c / (close[i - 1] as number))
    : Number.NaN,
);
df.addColumn('ret_bp', retBp, { inplace: true });
df.addColumn('abs_bp', retBp.map(Math.abs), { inplace: true });
df.addColumn('hour', time.map(hourOf), { inplace: true });
const returns = df.dropNa({ axis: 1 }) as dfd.DataFrame;
returns
  .loc({ columns: ['ret_bp', 'abs_bp', 'volume'] })
  .describe()
  .print();

// %% Cell 3 — the trading day, hour by hour (Chicago time)
cell('3. by Chicago hour: mean |return|, volume');
const byHour = returns
  .groupby(['hour'])
  .agg({ abs_bp: ['mean', 'count'], volume: 'mean' })
  .sortValues('hour') as dfd.DataFrame;
// One row per hour (print() shows the first ten rows only).
const rows = dfd.toJSON(byHour, { format: 'column' }) as Array<{
  hour: number;
  abs_bp_mean: number;
  abs_bp_count: number;
  volume_mean: number;
}>;
console.log('hour CT  mean |ret| bp  minutes  mean volume');
for (const r of rows)
  console.log(
    `${String(r.hour).padStart(7)}  ${r.abs_bp_mean.toFixed(2).padStart(12)}  ${String(r.abs_bp_count).padStart(7)}  ${r.volume_mean.toFixed(0).padStart(11)}`,
  );
const busiest = [...rows].sort((a, b) => b.abs_bp_mean - a.abs_bp_mean)[0];
console.log(
  `most volatile hour: ${busiest?.hour}:00 CT, mean |1-min return| ${busiest?.abs_bp_mean.toFixed(2)} bp`,
);

// %% Cell 4 — does volume go with the size of the move?
cell('4. correlation of volume and |return|');
const a = (returns.column('abs_bp') as dfd.Series).values as number[];
const v = (returns.column('volume') as dfd.Series).values as number[];
const mean = (x: number[]) => x.reduce((s, y) => s + y, 0) / x.length;
const ma = mean(a);
const mv = mean(v);
let sab = 0;
let saa = 0;
let svv = 0;
for (let i = 0; i < a.length; i++) {
  const da = (a[i] as number) - ma;
  const dv = (v[i] as number) - mv;
  sab += da * dv;
  saa += da * da;
  svv += dv * dv;
}
console.log(
  `Pearson r(volume, |return|) over ${a.length} minutes = ${(sab / Math.sqrt(saa * svv)).toFixed(3)}`,
);

// %% Cell 5 — RSI(14) on session 30-minute bars against the next bar's return
cell('5. RSI(14) on 30-minute bars vs the next 30 minutes');
const session = tradingSessionOf(ES, cmeHolidayCalendar());
// Session-aware: only minutes inside a CME session window, bucketed on the half hour.
const windows = sessionWindows(session, time[0] as number, (time.at(-1) as number) + 1);
const keep = minutes.toBars().filter((b) => windows.some((w) => b.time >= w.start && b.time < w.end));
const m30 = aggregateBars(BarSeries.fromBars(keep), 30 * 60_000_000);
const r14 = rsi(m30.close, 14);
const bucket: string[] = [];
const nextBp: number[] = [];
for (let i = 0; i + 1 < m30.length; i++) {
  const value = r14[i] as number;
  // The next bar must follow directly (same session, no gap): otherwise it is not "the next 30 minutes".
  if (Number.isNaN(value) || (m30.time[i + 1] as number) - (m30.time[i] as number) !== 30 * 60_000_000)
    continue;
  bucket.push(value < 30 ? 'a. < 30' : value > 70 ? 'c. > 70' : 'b. 30–70');
  nextBp.push(10_000 * Math.log((m30.close[i + 1] as number) / (m30.close[i] as number)));
}
const rsiDf = new dfd.DataFrame({ rsi_bucket: bucket, next_bp: nextBp });
const table = rsiDf
  .groupby(['rsi_bucket'])
  .agg({ next_bp: ['mean', 'std', 'count'] })
  .sortValues('rsi_bucket');
table.print();
console.log(`${nextBp.length} 30-minute bars with an RSI and a following bar`);
