import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Bar, InstrumentId, TimestampUs } from '@minhos/core';
import {
  backtestingPyStats,
  type EventBacktestResult,
  eventBacktest,
  formatBacktestingPyStats,
  frontMonthInstrument,
  futuresStats,
  type InstrumentSpec,
  type Strategy,
  smaCrossoverStrategy,
  traditionalTaStrategy,
} from '@minhos/engine';
import { contractRegistry, isFutureSpec } from '@minhos/symbols';
import type { CliCommand, CliIo } from '../cli.js';
import { EXIT_CODES } from './exitCodes.js';
import { BARS_FILE_ARGS, barsFileOptions, loadBarsFile } from './loadBarsFile.js';
import { progressReporter } from './progressReporter.js';

const USAGE = `minhos backtest --bars FILE [--contract ES201312] [--tz ZONE] [--interval 1m] [--symbol ID] [--root ES]
       [--strategy sma|ta] [--fast 10] [--slow 30] [--quantity 1] [--capital 100000]
       [--commission 2.5] [--slippage 1] [--out DIR] [--json]

Replays the bars of FILE (OHLCV CSV, .scid, or the engine store .sqlite with --symbol) through @minhos/engine's event-driven backtester (the order manager and
the paper broker on a simulated clock; market orders fill at the next bar's open, the last
position is closed at the last close) with the SMA crossover (--strategy sma) or the original's
traditional TA rules (--strategy ta) on the contract of --root (point value, tick, margin from
@minhos/symbols). Prints the statistics (backtesting.py convention and futures convention);
--out writes equity.csv and trades.csv there.`;

const fmt = (v: number | null, digits = 2): string => (v === null ? 'N/A' : v.toFixed(digits));

function usageError(io: CliIo, message: string): number {
  io.err(`minhos backtest: ${message}\n\nUsage: ${USAGE}`);
  return EXIT_CODES.usage;
}

function number(text: string | undefined, fallback: number): number {
  return text === undefined ? fallback : Number(text);
}

/** The futures-convention statistics of a run, with its equity marks. */
function futuresOf(run: EventBacktestResult, commission: number) {
  const only = run.instruments[0];
  if (only === undefined) throw new Error('the backtest ran no instrument');
  return futuresStats({
    trades: only.trades,
    pointValue: only.instrument.pointValue,
    commissionPerContract: commission,
    startingEquity: run.equity.length > 0 ? (run.equity[0] as number) : 0,
    equity: Array.from(run.times, (time, i) => ({ time, equity: run.equity[i] as number })),
  });
}

async function writeCsvs(run: EventBacktestResult, dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  const equity = [
    'time_utc,equity',
    ...Array.from(
      run.times,
      (t, i) => `${new Date(t / 1000).toISOString()},${(run.equity[i] as number).toFixed(2)}`,
    ),
  ];
  await writeFile(join(dir, 'equity.csv'), `${equity.join('\n')}\n`);
  const trades = [
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
  await writeFile(join(dir, 'trades.csv'), `${trades.join('\n')}\n`);
}

/** `minhos backtest`: a strategy on stored bars through the engine's event-driven backtester. */
export const backtestCommand: CliCommand = {
  name: 'backtest',
  summary:
    'backtest the SMA crossover or the TA rules on a bars file through the engine (stats, equity, trades)',
  usage: USAGE,
  async run(args, io) {
    const { values } = parseArgs({
      args: [...args],
      options: {
        ...BARS_FILE_ARGS,
        root: { type: 'string', default: 'ES' },
        strategy: { type: 'string', default: 'sma' },
        fast: { type: 'string' },
        slow: { type: 'string' },
        quantity: { type: 'string' },
        capital: { type: 'string' },
        commission: { type: 'string' },
        slippage: { type: 'string' },
        out: { type: 'string' },
        json: { type: 'boolean', default: false },
      },
      strict: true,
    });
    if (values.bars === undefined)
      return usageError(
        io,
        '--bars FILE is required (an OHLCV CSV, a .scid file, or the engine store .sqlite with --symbol)',
      );
    if (values.strategy !== 'sma' && values.strategy !== 'ta')
      return usageError(io, `--strategy must be sma or ta, got "${values.strategy}"`);
    const fast = number(values.fast, 10);
    const slow = number(values.slow, 30);
    const quantity = number(values.quantity, 1);
    const capital = number(values.capital, 100_000);
    const commission = number(values.commission, 2.5);
    const slippage = number(values.slippage, 1);
    if (!(Number.isInteger(fast) && Number.isInteger(slow) && fast >= 1 && slow > fast && slow <= 10_000))
      return usageError(
        io,
        `--fast and --slow must be whole numbers with 1 ≤ fast < slow, got ${fast} / ${slow}`,
      );
    if (!(Number.isInteger(quantity) && quantity >= 1 && quantity <= 1000))
      return usageError(
        io,
        `--quantity must be a whole number of contracts 1..1000, got "${values.quantity}"`,
      );
    if (!(capital > 0)) return usageError(io, `--capital must be a positive amount, got "${values.capital}"`);
    if (!(commission >= 0))
      return usageError(io, `--commission must be ≥ 0 per contract per fill, got "${values.commission}"`);
    if (!(Number.isInteger(slippage) && slippage >= 0))
      return usageError(io, `--slippage must be a whole number of ticks ≥ 0, got "${values.slippage}"`);
    const registry = contractRegistry();
    const spec = registry.find(values.root.toUpperCase());
    if (spec === undefined || !isFutureSpec(spec))
      return usageError(
        io,
        `--root must be a futures product (${registry.roots().join(', ')}), got "${values.root}"`,
      );

    const loaded = await loadBarsFile(resolve(io.cwd, values.bars), barsFileOptions(values));
    const bars: Bar[] = loaded.bars.toBars();
    const first = bars[0] as Bar;
    // The contract that was front month at the first bar names the instrument; no roll cut-off in a
    // backtest of one contract's bars.
    const front = frontMonthInstrument(spec, first.time as TimestampUs);
    const instrument: InstrumentSpec = {
      instrumentId: front.instrumentId as InstrumentId,
      pointValue: spec.pointValue,
      tickSize: spec.tickSize,
      currency: front.spec.currency,
      marginPerContract: front.spec.marginPerContract,
    };
    const strategy: Strategy =
      values.strategy === 'sma'
        ? smaCrossoverStrategy({ fast, slow, quantity })
        : traditionalTaStrategy({ quantity });
    const progress = progressReporter(io, 'backtest', bars.length);
    let step = 0;
    const run = await eventBacktest({
      series: [{ instrument, bars }],
      strategy,
      startingCapital: capital,
      commissionPerContract: commission,
      slippageTicks: slippage,
      closeAtEnd: 'lastClose',
      afterStep: () => {
        step += 1;
        if (step % 256 === 0) progress.update(step);
      },
    });
    try {
      progress.finish(`${bars.length} bars, ${run.orderCount} orders, ${run.trades.length} trades`);
      const only = run.instruments[0];
      if (only === undefined) throw new Error('the backtest ran no instrument');
      // backtesting.py's trade returns assume a point value of 1: its commissions are in points.
      const pv = only.instrument.pointValue;
      const points = backtestingPyStats({
        bars,
        equity: only.equity,
        trades: only.trades.map((t) => ({ ...t, commission: t.commission / pv })),
      });
      const stats = { ...points, commissions: only.trades.reduce((a, t) => a + t.commission, 0) };
      const fut = futuresOf(run, commission);
      const strategyName =
        values.strategy === 'sma' ? `SMA(${fast}/${slow}) crossover` : 'traditional TA rules';
      if (values.out !== undefined) await writeCsvs(run, resolve(io.cwd, values.out));
      if (values.json) {
        const { tradePnl: _pnl, days: _days, ...futures } = fut;
        io.out(
          JSON.stringify({
            strategy: strategyName,
            instrument: instrument.instrumentId,
            data: loaded.description,
            bars: bars.length,
            orders: run.orderCount,
            trades: run.trades.length,
            stats,
            futures: { ...futures, trade_dates: fut.days.length },
            out: values.out === undefined ? null : resolve(io.cwd, values.out),
          }),
        );
        return EXIT_CODES.ok;
      }
      io.out(
        `${strategyName} on ${bars.length} bars of ${loaded.description} as ${instrument.instrumentId}: ${run.orderCount} orders, ${run.trades.length} trades`,
      );
      io.out('--- backtesting.py convention ---');
      io.out(formatBacktestingPyStats(stats));
      io.out('--- futures convention ---');
      io.out(
        [
          `trades                 ${fut.tradeCount}`,
          `net P&L [$]            ${fmt(fut.netPnl)}`,
          `commissions [$]        ${fmt(fut.commissions)}`,
          `win rate               ${fmt(fut.winRate === null ? null : fut.winRate * 100)} %`,
          `profit factor          ${fmt(fut.profitFactor)}`,
          `SQN                    ${fmt(fut.sqn)}`,
          `max drawdown [$]       ${fmt(fut.maxDrawdown)} (${fmt(fut.maxDrawdownPct)} %)`,
          `trade dates            ${fut.days.length}`,
          `Sharpe (daily, √252)   ${fmt(fut.sharpeRatio)}`,
        ].join('\n'),
      );
      if (values.out !== undefined)
        io.out(
          `wrote equity.csv (${run.times.length} rows) and trades.csv (${run.trades.length} trades) to ${resolve(io.cwd, values.out)}`,
        );
      return EXIT_CODES.ok;
    } finally {
      run.store.close();
      run.broker.close();
    }
  },
};
