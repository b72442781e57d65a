// Test support: reads the backtesting.py cross-check fixtures and the bars they were computed on
// from the repository's data/ folder. Not exported from the package.
import { readFileSync } from 'node:fs';
import type { ClosedTrade } from './ClosedTrade.js';

/** One fixture file written by packages/engine/scripts/backtestingPyFixtures.py. */
export interface CrossCheckFixture {
  readonly provenance: Readonly<Record<string, unknown>>;
  readonly bars: number;
  readonly firstTime: number;
  readonly warmupBars: number;
  readonly equity: readonly number[];
  readonly trades: readonly (ClosedTrade & { readonly returnPct: number })[];
  readonly stats: Readonly<Record<string, number | null>>;
  /** LEAN-style Sharpe of the daily equity returns, computed by pandas (not backtesting.py). */
  readonly leanSharpe252: number | null;
  /** backtesting.py's compute_stats on the same run with a 3 % risk-free rate (no Commissions row). */
  readonly statsRiskFree3pct: Readonly<Record<string, number | null>>;
  /** The bars themselves, for synthetic series (time µs, open, close). */
  readonly inlineBars?: readonly { readonly time: number; readonly open: number; readonly close: number }[];
}

/** OHLC bar with a µs UTC time, as the fixtures' data files hold them. */
export interface FixtureBar {
  readonly time: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
}

/** Reads `fixtures/<name>.json`. */
export function readFixture(name: string): CrossCheckFixture {
  return JSON.parse(
    readFileSync(new URL(`./fixtures/${name}.json`, import.meta.url), 'utf8'),
  ) as CrossCheckFixture;
}

function dataFile(file: string): string[] {
  return readFileSync(new URL(`../../../../data/ohlcv/${file}`, import.meta.url), 'utf8')
    .trim()
    .split('\n')
    .slice(1);
}

/** SPY daily bars (dates read as UTC midnight). */
export function spyDaily(): FixtureBar[] {
  return dataFile('spy_daily_raw_lean.csv').map((line) => {
    const [date, open, high, low, close] = line.split(',');
    return {
      time: Date.parse(`${date}T00:00:00Z`) * 1000,
      open: Number(open),
      high: Number(high),
      low: Number(low),
      close: Number(close),
    };
  });
}

/** ES bars of one contract from a Lean AlgoSeek file, optionally only the first `rows`. */
export function esBars(file: string, contract: string, rows?: number): FixtureBar[] {
  const bars: FixtureBar[] = [];
  for (const line of dataFile(file)) {
    const [time, c, open, high, low, close] = line.split(',');
    if (c !== contract) continue;
    bars.push({
      time: Date.parse(time as string) * 1000,
      open: Number(open),
      high: Number(high),
      low: Number(low),
      close: Number(close),
    });
    if (rows !== undefined && bars.length === rows) break;
  }
  return bars;
}

/** SPY daily bars grouped into weeks ending Sunday, stamped with that Sunday (pandas `resample('W')`). */
export function spyWeekly(): FixtureBar[] {
  const day = 86_400_000_000;
  const weeks: FixtureBar[] = [];
  let key = Number.NaN;
  for (const b of spyDaily()) {
    const epochDay = Math.floor(b.time / day);
    const k = Math.floor((epochDay + 3) / 7);
    if (k !== key) {
      key = k;
      const sunday = k * 7 + 3;
      weeks.push({ ...b, time: sunday * day });
    } else {
      const last = weeks[weeks.length - 1] as FixtureBar;
      weeks[weeks.length - 1] = {
        time: last.time,
        open: last.open,
        high: Math.max(last.high, b.high),
        low: Math.min(last.low, b.low),
        close: b.close,
      };
    }
  }
  return weeks;
}

/** The first `rows` SPY daily bars re-dated to consecutive calendar days from 2000-01-01. */
export function spyCalendarDays(rows: number): FixtureBar[] {
  const start = Date.UTC(2000, 0, 1) * 1000;
  return spyDaily()
    .slice(0, rows)
    .map((b, i) => ({ ...b, time: start + i * 86_400_000_000 }));
}

/** The bars stored inside a synthetic fixture (high/low are not used by the statistics). */
export function inlineBars(name: string): FixtureBar[] {
  return (readFixture(name).inlineBars ?? []).map((b) => ({ ...b, high: b.open, low: b.open }));
}
