/**
 * Shared by the backtest examples: prints both statistics tables of an event-driven run and
 * writes its equity curve and trades as CSV.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Bar } from '@minhos/core';
import {
  backtestingPyStats,
  type EventBacktestResult,
  formatBacktestingPyStats,
  futuresStats,
} from '@minhos/engine';

const fmt = (v: number | null, digits = 2): string => (v === null ? 'N/A' : v.toFixed(digits));

/** Prints the backtesting.py-convention table and the futures table; writes `equity.csv` and `trades.csv` into `outDir`. */
export function report(
  run: EventBacktestResult,
  bars: readonly Bar[],
  outDir: string,
  commissionPerContract: number,
): void {
  const only = run.instruments[0];
  if (only === undefined) throw new Error('no instrument in the run');
  // backtesting.py's trade returns divide commissions by |size| × entry price, i.e. it assumes a point
  // value of 1: express the commissions in points for those fields (P&L stays in dollars).
  const pv = only.instrument.pointValue;
  const trades = only.trades.map((t) => ({ ...t, commission: t.commission / pv }));
  const points = backtestingPyStats({ bars, equity: only.equity, trades });
  const stats = { ...points, commissions: only.trades.reduce((a, t) => a + t.commission, 0) };
  console.log('--- backtesting.py convention ---');
  console.log(formatBacktestingPyStats(stats));
  const fut = futuresStats({
    trades: only.trades,
    pointValue: only.instrument.pointValue,
    commissionPerContract,
    startingEquity: only.equity.length > 0 ? (run.equity[0] as number) : 0,
    equity: Array.from(run.times, (time, i) => ({ time, equity: run.equity[i] as number })),
  });
  console.log('--- futures convention ---');
  console.log(`trades                 ${only.trades.length}`);
  console.log(`net P&L [$]            ${fmt(fut.netPnl)}`);
  console.log(`commissions [$]        ${fmt(fut.commissions)}`);
  console.log(`win rate               ${fmt(fut.winRate === null ? null : fut.winRate * 100)} %`);
  console.log(`profit factor          ${fmt(fut.profitFactor)}`);
  console.log(`SQN                    ${fmt(fut.sqn)}`);
  console.log(`max drawdown [$]       ${fmt(fut.maxDrawdown)} (${fmt(fut.maxDrawdownPct)} %)`);
  console.log(`trade dates            ${fut.days.length}`);
  console.log(`Sharpe (daily, √252)   ${fmt(fut.sharpeRatio)}`);
  mkdirSync(outDir, { recursive: true });
  const equityCsv = [
    'time_utc,equity',
    ...Array.from(
      run.times,
      (t, i) => `${new Date(t / 1000).toISOString()},${(run.equity[i] as number).toFixed(2)}`,
    ),
  ];
  writeFileSync(join(outDir, 'equity.csv'), `${equityCsv.join('\n')}\n`);
  const tradesCsv = [
    'instrument,size,entry_time_utc,exit_time_utc,entry_price,exit_price,pnl,commission',
    ...run.trades.map((t) =>
      [
        t.instrumentId,
        t.size,
        new Date(t.entryTime / 1000).toISOString(),
        new Date(t.exitTime / 1000).toISOString(),
        t.entryPrice,
        t.exitPrice,
        t.pnl.toFixed(2),
        t.commission.toFixed(2),
      ].join(','),
    ),
  ];
  writeFileSync(join(outDir, 'trades.csv'), `${tradesCsv.join('\n')}\n`);
  console.log(
    `wrote ${join(outDir, 'equity.csv')} (${run.times.length} rows) and ${join(outDir, 'trades.csv')} (${run.trades.length} trades)`,
  );
}
