/**
 * Market state distribution over the bundled real data: ES 1-minute bars of the front-month
 * contract ES201312 and SPY daily bars. Run from the repository root:
 *
 *   pnpm tsx packages/risk/scripts/marketStateDistribution.ts
 *
 * Prints, per series, how many bars fall in each state and which rule fired, with the default
 * options (window 60 bars, baseline 20 windows, thresholds DEFAULT_MARKET_STATE_THRESHOLDS), and
 * the same for a seeded driftless Gaussian random walk: what the rules call "trend" by chance.
 */
import { readFileSync } from 'node:fs';
import { classifyMarketStates, MARKET_STATES, type MarketStateReading } from '../src/index.js';

const root = new URL('../../../data/ohlcv/', import.meta.url);

function readCloses(
  file: string,
  keep: (cells: readonly string[]) => boolean,
  closeColumn: string,
): Float64Array {
  const lines = readFileSync(new URL(file, root), 'utf8').trim().split('\n');
  const header = (lines[0] ?? '').split(',');
  const col = header.indexOf(closeColumn);
  if (col < 0) throw new Error(`${file}: no column ${closeColumn} in ${header.join(',')}`);
  const closes: number[] = [];
  for (const line of lines.slice(1)) {
    const cells = line.split(',');
    if (keep(cells)) closes.push(Number(cells[col]));
  }
  return Float64Array.from(closes);
}

function table(name: string, readings: readonly (MarketStateReading | undefined)[]): void {
  const classified = readings.filter((r): r is MarketStateReading => r !== undefined);
  const byState = new Map<string, number>();
  const byRule = new Map<string, number>();
  for (const r of classified) {
    byState.set(r.state, (byState.get(r.state) ?? 0) + 1);
    byRule.set(r.rule, (byRule.get(r.rule) ?? 0) + 1);
  }
  console.log(
    `\n${name}: ${readings.length} bars, ${classified.length} classified (${readings.length - classified.length} warm-up)`,
  );
  console.log('| state | bars | share |');
  console.log('|---|---:|---:|');
  for (const s of MARKET_STATES) {
    const n = byState.get(s) ?? 0;
    console.log(`| ${s} | ${n} | ${((100 * n) / classified.length).toFixed(1)} % |`);
  }
  console.log(`rules: ${[...byRule].map(([k, v]) => `${k} ${v}`).join(', ')}`);
}

const es = readCloses('es_1min_trade_lean.csv', (c) => c[1] === 'ES201312', 'close');
table('ES 1-minute, ES201312 (2013-10-06..2013-12-20)', classifyMarketStates(es));
const spy = readCloses('spy_daily_raw_lean.csv', () => true, 'close');
const spyStates = classifyMarketStates(spy);
table('SPY daily (1998-01-02..2021-03-31, raw prices)', spyStates);
const spyDates = readFileSync(new URL('spy_daily_raw_lean.csv', root), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((l) => l.split(',')[0] ?? '');
for (const [from, to] of [
  ['2008-09-01', '2009-03-31'],
  ['2020-02-20', '2020-04-30'],
]) {
  const inside = spyStates.filter(
    (_, i) => (spyDates[i] ?? '') >= (from ?? '') && (spyDates[i] ?? '') <= (to ?? ''),
  );
  table(`SPY daily ${from}..${to}`, inside);
  const regimes = new Map<string, number>();
  for (const r of inside)
    if (r !== undefined)
      regimes.set(`${r.state}/${r.volatility}`, (regimes.get(`${r.state}/${r.volatility}`) ?? 0) + 1);
  console.log(`state/volatility: ${[...regimes].map(([k, v]) => `${k} ${v}`).join(', ')}`);
}

// A driftless random walk (0.1 % per bar, mulberry32 seed 1, Box–Muller): the chance baseline.
let seed = 1;
const uniform = (): number => {
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const walk = new Float64Array(20_000);
let price = 100;
for (let i = 0; i < walk.length; i++) {
  walk[i] = price;
  price *= Math.exp(0.001 * Math.sqrt(-2 * Math.log(uniform() || 1e-12)) * Math.cos(2 * Math.PI * uniform()));
}
table('Driftless Gaussian random walk, 20,000 bars (seeded)', classifyMarketStates(walk));

// The same walk with its volatility tripled in every third block of 300 bars: what the trend rules
// call "trend" by chance when volatility jumps (the cost of measuring trends against the baseline).
const switching = new Float64Array(walk.length);
switching[0] = walk[0] as number;
for (let i = 1; i < walk.length; i++) {
  const m = Math.floor(i / 300) % 3 === 2 ? 3 : 1;
  switching[i] = (switching[i - 1] as number) * ((walk[i] as number) / (walk[i - 1] as number)) ** m;
}
table(
  'Driftless random walk with volatility ×3 in every third 300-bar block (seeded)',
  classifyMarketStates(switching),
);
