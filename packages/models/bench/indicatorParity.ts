/**
 * Prints the largest relative error of each indicator against TA-Lib's reference outputs bundled
 * in data/reference_indicators/talib (the figures in the README's parity table).
 *
 *   pnpm tsx packages/models/bench/indicatorParity.ts
 *
 * The tests (src/indicatorParity.test.ts) assert the same comparisons stay under 1e-9.
 */
import { readFileSync } from 'node:fs';
import { atr, bollinger, ema, macd, rsi, sma, stddev, trueRange } from '../src/index.js';

function readCsv(file: string): Record<string, Float64Array> {
  const lines = readFileSync(
    new URL(`../../../data/reference_indicators/talib/${file}`, import.meta.url),
    'utf8',
  )
    .trim()
    .split(/\r?\n/);
  const header = (lines[0] as string).split(',');
  const cols: Record<string, Float64Array> = {};
  header.forEach((h, j) => {
    cols[h] = Float64Array.from(lines.slice(1), (l) => {
      const cell = l.split(',')[j] ?? '';
      return cell === '' ? Number.NaN : Number(cell);
    });
  });
  return cols;
}

const files = ['talib_regtest_ref252_outputs.csv', 'talib_on_spy_daily_raw_lean.csv'];
const results = files.map((file) => {
  const c = readCsv(file);
  const close = c.close as Float64Array;
  const high = c.high as Float64Array;
  const low = c.low as Float64Array;
  const m = macd(close);
  const bb = bollinger(close);
  const ours: Record<string, Float64Array> = {
    sma14: sma(close, 14),
    sma20: sma(close, 20),
    ema12: ema(close, 12),
    ema26: ema(close, 26),
    rsi14: rsi(close, 14),
    macd_12_26: m.macd,
    macd_signal_9: m.signal,
    macd_hist: m.histogram,
    bb20_upper: bb.upper,
    bb20_middle: bb.middle,
    bb20_lower: bb.lower,
    stddev20_pop: stddev(close, 20),
    trange: trueRange(high, low, close),
    atr14: atr(high, low, close, 14),
  };
  const out: Record<string, [number, number]> = {};
  for (const [name, values] of Object.entries(ours)) {
    const ref = c[name] as Float64Array;
    let max = 0;
    let n = 0;
    for (let i = 0; i < ref.length; i++) {
      const e = ref[i] as number;
      if (Number.isNaN(e)) continue;
      n++;
      // The reference CSVs print 12 significant digits, so ~5e-12 is the floor.
      max = Math.max(max, Math.abs((values[i] as number) - e) / Math.abs(e));
    }
    out[name] = [max, n];
  }
  return out;
});

console.log(
  '| indicator | TA-Lib regression series: max rel. error (n) | SPY daily 1998–2021: max rel. error (n) |',
);
console.log('|---|---:|---:|');
for (const name of Object.keys(results[0] as object)) {
  const cell = (r: Record<string, [number, number]>): string => {
    const [max, n] = r[name] as [number, number];
    return `${max.toExponential(1)} (${n})`;
  };
  console.log(
    `| ${name} | ${cell(results[0] as Record<string, [number, number]>)} | ${cell(results[1] as Record<string, [number, number]>)} |`,
  );
}

// Who is closer to the truth where the two disagree most: population stddev(20) on SPY against an
// exact two-pass computation (mean first, then squared deviations).
{
  const c = readCsv('talib_on_spy_daily_raw_lean.csv');
  const close = c.close as Float64Array;
  const ta = c.stddev20_pop as Float64Array;
  const ours = stddev(close, 20);
  let maxOurs = 0;
  let maxTa = 0;
  for (let i = 19; i < close.length; i++) {
    let s = 0;
    for (let j = i - 19; j <= i; j++) s += close[j] as number;
    const mean = s / 20;
    let q = 0;
    for (let j = i - 19; j <= i; j++) q += ((close[j] as number) - mean) ** 2;
    const exact = Math.sqrt(q / 20);
    maxOurs = Math.max(maxOurs, Math.abs((ours[i] as number) - exact) / exact);
    maxTa = Math.max(maxTa, Math.abs((ta[i] as number) - exact) / exact);
  }
  console.log(
    `\nstddev20 on SPY vs exact two-pass: @minhos/models ${maxOurs.toExponential(1)}, TA-Lib ${maxTa.toExponential(1)} (max relative error)`,
  );
}
