import {
  type Bar,
  BarSeries,
  type Fill,
  MinhosError,
  netRealizedPnl,
  SimulatedClock,
  type TimestampUs,
  TOPICS,
  unrealizedPnl,
} from '@minhos/core';
import { PaperBroker } from '../brokers/index.js';
import type { InstrumentSpec, RiskGate } from '../oms/index.js';
import { OrderManager } from '../oms/index.js';
import { type EngineStore, MemoryStore } from '../store/index.js';
import { IndicatorBook } from '../strategy/IndicatorBook.js';
import {
  directExecutor,
  type ExecutionContext,
  type IntentExecutor,
  pendingEntries,
} from '../strategy/IntentExecutor.js';
import type { Strategy, StrategyContext, StrategyIntent } from '../strategy/Strategy.js';
import { type BacktestTrade, TradeLedger } from './TradeLedger.js';

/** One instrument's bars for {@link eventBacktest}. */
export interface BacktestSeries {
  readonly instrument: InstrumentSpec;
  /**
   * Bars oldest first, times strictly increasing (µs; the time the bar is acted on): bar objects, or
   * a {@link BarSeries} of columns. Columns are the lighter input for long runs — 48 bytes a bar
   * instead of a heap object per bar that every major garbage collection must trace — and give the
   * same run bar for bar; each bar is handed to the strategy and the venue as a fresh `Bar`.
   */
  readonly bars: readonly Bar[] | BarSeries;
}

/** A scripted action at a simulated time (an emergency stop, a mode change, an approval). */
export interface ScheduledAction {
  /** When, µs: runs before the first bar at or after this time. */
  readonly at: TimestampUs;
  run(backtest: BacktestHandle): void | Promise<void>;
}

/** What a scheduled action or an executor can reach during a run. */
export interface BacktestHandle {
  readonly oms: OrderManager;
  readonly broker: PaperBroker;
  readonly clock: SimulatedClock;
  readonly store: EngineStore;
}

/** Settings of {@link eventBacktest}. */
export interface EventBacktestOptions {
  /** One or more instruments; bars are merged by time (ties in series order). */
  readonly series: readonly BacktestSeries[];
  readonly strategy: Strategy;
  /** Turns intents into orders; default {@link directExecutor} (trade the difference to the target). */
  readonly executor?: IntentExecutor;
  /** Account capital before the first trade (> 0). */
  readonly startingCapital: number;
  /**
   * Market-order fills. `'nextOpen'` (default): an order decided at a bar's close fills at the
   * instrument's NEXT bar's open — after a session break (or a gap in that instrument's data) that
   * is the next session's first price, never the stale close. `'close'`: it fills at the deciding
   * bar's close. Limits and stops follow the paper broker (`limitFill`), against each bar's range.
   */
  readonly fill?: 'nextOpen' | 'close';
  /** Limit orders fill when traded through (default) or touched. */
  readonly limitFill?: 'through' | 'touch';
  /** Commission per contract per fill (default 0). */
  readonly commissionPerContract?: number;
  /** Adverse slippage of market and stop fills, ticks (default 0). */
  readonly slippageTicks?: number;
  /** Partial fills by volume (see the paper broker); omit for full fills. */
  readonly partialFills?: { readonly participation: number };
  /** Seed of every random choice (partial fills); the same seed and data give the same run. Default 1. */
  readonly seed?: number;
  /**
   * What happens to positions at the end of each instrument's data: `'none'` (default, left open and
   * marked), `'lastOpen'` (orders due fill at the last bar's open, then every position is closed at
   * that open: backtesting.py's `finalize_trades`; the strategy is not asked at that bar), `'lastClose'` (closed at the last bar's close).
   */
  readonly closeAtEnd?: 'none' | 'lastOpen' | 'lastClose';
  /** Pre-trade gate of the order manager (default: open). */
  readonly gate?: RiskGate;
  /** Bracket distances for `bracket: true` intents. */
  readonly bracket?: { readonly stopLossPoints: number; readonly takeProfitPoints: number };
  /** Scripted actions, run in time order on the simulated clock. */
  readonly scheduled?: readonly ScheduledAction[];
  /** A clock to share with timers (modes, approvals); default a new one at the first bar's time. */
  readonly clock?: SimulatedClock;
  /**
   * Engine store (default a fresh {@link MemoryStore} without an event journal — the order rows keep
   * each order's full history — returned in the result for inspection; pass
   * `new MemoryStore()` to keep the journal too).
   */
  readonly store?: EngineStore;
  /** Called after each time step with the handle (for scripted approvers, probes). */
  readonly afterStep?: (time: TimestampUs, backtest: BacktestHandle) => void | Promise<void>;
}

/** Per-instrument output of {@link eventBacktest}. */
export interface BacktestInstrumentResult {
  readonly instrument: InstrumentSpec;
  /** The series' bars as given (objects or columns). */
  readonly bars: readonly Bar[] | BarSeries;
  /** Account equity after each of this instrument's bars (the whole account, not this instrument alone). */
  readonly equity: Float64Array;
  /** Trades in this instrument, bar indices into `bars`. */
  readonly trades: readonly BacktestTrade[];
}

/** What {@link eventBacktest} produces. */
export interface EventBacktestResult {
  /** Time of each step (distinct bar times of all instruments), µs. */
  readonly times: Float64Array;
  /** Account equity after each step (marked at the closes), currency. */
  readonly equity: Float64Array;
  /** Every closed trade, in closing order. */
  readonly trades: readonly BacktestTrade[];
  readonly instruments: readonly BacktestInstrumentResult[];
  /** Bars replayed. */
  readonly barCount: number;
  /** Orders the order manager accepted or denied. */
  readonly orderCount: number;
  readonly oms: OrderManager;
  readonly broker: PaperBroker;
  readonly clock: SimulatedClock;
  readonly store: EngineStore;
}

function invalid(message: string): MinhosError {
  return new MinhosError('INVALID_BACKTEST', `eventBacktest: ${message}`);
}

function isPromise<T>(v: unknown): v is Promise<T> {
  return typeof (v as { then?: unknown } | null)?.then === 'function';
}

class BarContext implements StrategyContext {
  constructor(
    readonly instrumentId: InstrumentSpec['instrumentId'],
    readonly bar: Bar,
    readonly index: number,
    readonly now: TimestampUs,
    readonly indicators: IndicatorBook,
    readonly oms: OrderManager,
  ) {}
  get history(): IndicatorBook {
    return this.indicators;
  }
  get position(): number {
    return this.oms.positionQuantity(this.instrumentId);
  }
  get pending(): number {
    return pendingEntries(this.oms, this.instrumentId);
  }
}

/**
 * The event-driven backtester: replays bars through a {@link Strategy}, an executor (direct, or the
 * decision pipeline), the real {@link OrderManager} and the {@link PaperBroker} on a
 * `SimulatedClock`, so a backtest runs the same code as paper and live trading. Per bar, in
 * time order: the clock advances (timers fire: approvals expire), scheduled actions run, the paper
 * broker matches working orders against the bar (market orders at its open), the OMS marks the
 * close, the streaming indicators take the bar, the strategy decides and its intents are executed;
 * with `fill: 'close'` the new market orders then fill at the close. Deterministic for a seed.
 *
 * @example
 * ```ts
 * import { instrumentId } from '@minhos/core';
 * import { eventBacktest, smaCrossoverStrategy } from '@minhos/engine';
 * const es = { instrumentId: instrumentId('ES.CME'), pointValue: 50, tickSize: 0.25, currency: 'USD', marginPerContract: 0 };
 * const bars = [1, 2, 3, 2, 1, 2, 3].map((c, i) => ({ time: i * 60_000_000, open: c, high: c, low: c, close: c, volume: 1 }));
 * const run = await eventBacktest({ series: [{ instrument: es, bars }], strategy: smaCrossoverStrategy({ fast: 2, slow: 3, quantity: 1 }), startingCapital: 10_000 });
 * run.trades.length;
 * ```
 */
export async function eventBacktest(options: EventBacktestOptions): Promise<EventBacktestResult> {
  const { series, strategy } = options;
  if (series.length === 0) throw invalid('need at least one series');
  if (!(options.startingCapital > 0))
    throw invalid(`startingCapital must be > 0, got ${options.startingCapital}`);
  const seen = new Set<string>();
  let first = Number.POSITIVE_INFINITY;
  // Per series: its bar times as a column (the merge reads them without touching a bar object).
  const timeCols: Float64Array[] = [];
  for (const s of series) {
    const id = s.instrument.instrumentId;
    if (seen.has(id)) throw invalid(`instrument ${id} appears twice`);
    seen.add(id);
    const tc = s.bars instanceof BarSeries ? s.bars.time : Float64Array.from(s.bars, (b) => b.time);
    let prev = tc.length > 0 ? (tc[0] as number) : 0;
    for (let i = 1; i < tc.length; i++) {
      const ti = tc[i] as number;
      if (!(ti > prev)) throw invalid(`${id}: bar times must increase strictly (bar ${i} at ${ti})`);
      prev = ti;
    }
    if (tc.length > 0) first = Math.min(first, tc[0] as number);
    timeCols.push(tc);
  }
  /** Bar `i` of series `k`: the caller's object, or a fresh one from the columns. */
  const barAt = (k: number, i: number): Bar => {
    const bars = (series[k] as BacktestSeries).bars;
    return (bars instanceof BarSeries ? bars.at(i) : bars[i]) as Bar;
  };
  if (!Number.isFinite(first)) throw invalid('every series is empty');
  const fillMode = options.fill ?? 'nextOpen';
  const closeAtEnd = options.closeAtEnd ?? 'none';
  const clock = options.clock ?? new SimulatedClock(first);
  // Crash safety is not needed in a backtest: by default the store is plain memory (no SQL, no JSON).
  const store = options.store ?? new MemoryStore({ journal: false });
  const instruments = series.map((s) => s.instrument);
  const broker = new PaperBroker({
    clock,
    instruments,
    marketFill: 'nextBarOpen',
    ...(options.limitFill === undefined ? {} : { limitFill: options.limitFill }),
    ...(options.commissionPerContract === undefined
      ? {}
      : { commissionPerContract: options.commissionPerContract }),
    ...(options.slippageTicks === undefined ? {} : { slippageTicks: options.slippageTicks }),
    ...(options.partialFills === undefined ? {} : { partialFills: options.partialFills }),
    seed: options.seed ?? 1,
  });
  const oms = OrderManager.open({
    store,
    broker,
    clock,
    instruments,
    startingCapital: options.startingCapital,
    ...(options.gate === undefined ? {} : { gate: options.gate }),
    ...(options.bracket === undefined ? {} : { bracket: options.bracket }),
  });
  const handle: BacktestHandle = { oms, broker, clock, store };
  // Series by instrument id (k, their position), then per series: the index of its current bar, its last close.
  const seriesOf = new Map(instruments.map((inst, k) => [inst.instrumentId as string, k]));
  const specOf = (id: string): InstrumentSpec | undefined => {
    const k = seriesOf.get(id);
    return k === undefined ? undefined : instruments[k];
  };
  const ledger = new TradeLedger((id) => specOf(id)?.pointValue ?? 1);
  const barIndex = new Float64Array(series.length);
  oms.bus.subscribe(TOPICS.fill, ({ fill }: { fill: Fill }) => {
    const k = seriesOf.get(fill.instrumentId);
    ledger.add(fill, k === undefined ? 0 : (barIndex[k] as number));
  });
  const executor = options.executor ?? directExecutor;
  let orderSeq = 0;
  const books = series.map(() => new IndicatorBook(strategy.indicators, strategy.historyBars));
  const perEquity = series.map((s) => new Float64Array(s.bars.length));
  const pointers = series.map(() => 0);
  const scheduled = [...(options.scheduled ?? [])].sort((a, b) => a.at - b.at);
  let nextScheduled = 0;
  // At most one step per bar: filled in place, trimmed at the end (no array growth per bar).
  let totalBars = 0;
  for (const s of series) totalBars += s.bars.length;
  const times = new Float64Array(totalBars);
  const equity = new Float64Array(totalBars);
  let steps = 0;
  let barCount = 0;

  // A one-price bar: the paper venue fills market orders (and touched limits/stops) at that price.
  const fillAt = (
    id: InstrumentSpec['instrumentId'],
    price: number,
    volume: number,
    time: TimestampUs,
  ): void => broker.onBar(id, { time, open: price, high: price, low: price, close: price, volume });

  // Fast path, exactly equivalent: with no working order in an instrument the paper venue has
  // nothing to match, and while also flat the OMS's marks cannot move the equity. Such bars are not
  // shown to them; `sync` replays the last price to both before anything is submitted.
  const brokerStale = series.map(() => false);
  const markStale = series.map(() => false);
  const lastBars: (Bar | undefined)[] = series.map(() => undefined);
  const sync = (k: number): void => {
    const b = lastBars[k];
    if (b === undefined) return;
    const id = (series[k] as BacktestSeries).instrument.instrumentId;
    if (brokerStale[k] === true) broker.onTrade(id, b.close, 0, b.time);
    if (markStale[k] === true) oms.onMark(id, b.close, b.time);
    brokerStale[k] = false;
    markStale[k] = false;
  };
  const syncAll = (): void => {
    for (let k = 0; k < series.length; k++) sync(k);
  };
  const equityNow = (): number => {
    let e = options.startingCapital;
    const list = oms.positionsView();
    for (let j = 0; j < list.length; j++) {
      const p = list[j] as (typeof list)[number];
      e += netRealizedPnl(p);
      if (p.quantity !== 0) {
        const k = seriesOf.get(p.instrumentId);
        e += unrealizedPnl(p, (k === undefined ? undefined : lastBars[k])?.close ?? p.avgPrice);
      }
    }
    return e;
  };

  const flatten = async (k: number, id: InstrumentSpec['instrumentId']): Promise<boolean> => {
    for (const o of oms.workingOrders())
      if (o.instrumentId === id) await oms.cancel(o.clientOrderId, 'end of data');
    const q = oms.position(id).quantity;
    if (q === 0) return false;
    orderSeq += 1;
    await oms.submit({
      clientOrderId: `end-${k}-${orderSeq}`,
      instrumentId: id,
      side: q > 0 ? 'SELL' : 'BUY',
      type: 'MARKET',
      quantity: Math.abs(q),
      reduceOnly: true,
      tag: 'close at end of data',
    });
    return true;
  };

  for (;;) {
    let t = Number.POSITIVE_INFINITY;
    for (let k = 0; k < series.length; k++) {
      const tc = timeCols[k] as Float64Array;
      const p = pointers[k] as number;
      if (p < tc.length && (tc[p] as number) < t) t = tc[p] as number;
    }
    if (!Number.isFinite(t)) break;
    if (t > clock.now()) clock.advanceTo(t);
    while (nextScheduled < scheduled.length && (scheduled[nextScheduled] as ScheduledAction).at <= t) {
      syncAll();
      const r = (scheduled[nextScheduled] as ScheduledAction).run(handle);
      nextScheduled += 1;
      if (isPromise(r)) await r;
    }
    for (let k = 0; k < series.length; k++) {
      const s = series[k] as BacktestSeries;
      const i = pointers[k] as number;
      const tc = timeCols[k] as Float64Array;
      if (i >= tc.length || tc[i] !== t) continue;
      const bar = barAt(k, i);
      pointers[k] = i + 1;
      barCount += 1;
      const id = s.instrument.instrumentId;
      const last = i === tc.length - 1;
      barIndex[k] = i;
      lastBars[k] = bar;
      const working = oms.hasWorkingOrders(id);
      if (working) {
        sync(k);
        broker.onBar(id, bar);
      } else brokerStale[k] = true;
      // backtesting.py's finalize_trades: orders due at the last open fill there, then everything closes at it.
      if (last && closeAtEnd === 'lastOpen') {
        sync(k);
        if (await flatten(k, id)) fillAt(id, bar.open, bar.volume, t);
      }
      if (working || oms.positionQuantity(id) !== 0 || markStale[k] === true) {
        markStale[k] = false;
        oms.onMark(id, bar.close, t);
      } else markStale[k] = true;
      const book = books[k] as IndicatorBook;
      book.push(bar);
      if (last && closeAtEnd !== 'none') {
        sync(k);
        if (closeAtEnd === 'lastClose' && (await flatten(k, id))) fillAt(id, bar.close, bar.volume, t);
        continue;
      }
      const ctx = new BarContext(id, bar, i, clock.now(), book, oms);
      let intents = strategy.onBar(ctx) as readonly StrategyIntent[] | Promise<readonly StrategyIntent[]>;
      if (isPromise<readonly StrategyIntent[]>(intents)) intents = await intents;
      if (intents.length === 0) continue;
      sync(k);
      const before = orderSeq;
      const ectx: ExecutionContext = {
        oms,
        clock,
        strategy: ctx,
        nextClientOrderId: (prefix) => {
          orderSeq += 1;
          return `${prefix}-${orderSeq}`;
        },
      };
      for (const intent of intents) {
        const r = executor(intent, ectx);
        if (isPromise(r)) await r;
      }
      if (fillMode === 'close' && orderSeq !== before) fillAt(id, bar.close, bar.volume, t);
    }
    if (options.afterStep !== undefined) {
      syncAll();
      const r = options.afterStep(t, handle);
      if (isPromise(r)) await r;
    }
    const e = equityNow();
    times[steps] = t;
    equity[steps] = e;
    steps += 1;
    for (let k = 0; k < series.length; k++) {
      const i = (pointers[k] as number) - 1;
      if (i >= 0 && (timeCols[k] as Float64Array)[i] === t) (perEquity[k] as Float64Array)[i] = e;
    }
  }
  const trades = ledger.trades;
  const result: EventBacktestResult = {
    times: steps === totalBars ? times : times.slice(0, steps),
    equity: steps === totalBars ? equity : equity.slice(0, steps),
    trades,
    instruments: series.map((s, k) => ({
      instrument: s.instrument,
      bars: s.bars,
      equity: perEquity[k] as Float64Array,
      trades: trades.filter((tr) => tr.instrumentId === s.instrument.instrumentId),
    })),
    barCount,
    orderCount: oms.orders().length,
    oms,
    broker,
    clock,
    store,
  };
  return result;
}
