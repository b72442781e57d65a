/**
 * How much of the ES 1-minute "direction" figure is bid/ask bounce: over every pair of consecutive
 * moves (unchanged closes skipped, as the contrarian baseline does), the share that reverses the
 * previous move, split by the size of that previous move in ticks.
 *
 *   pnpm tsx packages/models/scripts/bounceStats.ts [--csv data/ohlcv/es_1min_trade_lean.csv] [--contract ES201312] [--tick 0.25]
 */
import { parseArgs } from 'node:util';
import { loadBarsCsv } from '../src/index.js';

const { values } = parseArgs({
  options: {
    csv: { type: 'string', default: 'data/ohlcv/es_1min_trade_lean.csv' },
    contract: { type: 'string', default: 'ES201312' },
    tick: { type: 'string', default: '0.25' },
  },
});
const tick = Number(values.tick);
const { bars } = await loadBarsCsv(values.csv, { contract: values.contract });
const c = bars.close;
const stats = new Map<string, { n: number; reversed: number }>();
let last = 0;
let flat = 0;
let moves = 0;
for (let i = 1; i < c.length; i++) {
  const d = Math.round((c[i]! - c[i - 1]!) / tick);
  if (d === 0) {
    flat++;
    continue;
  }
  moves++;
  if (last !== 0) {
    const key = Math.abs(last) >= 4 ? '≥ 4' : String(Math.abs(last));
    const s = stats.get(key) ?? { n: 0, reversed: 0 };
    s.n++;
    if (Math.sign(d) !== Math.sign(last)) s.reversed++;
    stats.set(key, s);
  }
  last = d;
}
const all = [...stats.values()].reduce((a, s) => ({ n: a.n + s.n, reversed: a.reversed + s.reversed }), {
  n: 0,
  reversed: 0,
});
console.log(
  `${values.contract}: ${c.length} bars, ${moves} moves, ${flat} unchanged closes (${((100 * flat) / (c.length - 1)).toFixed(1)}%)`,
);
console.log('| previous move | pairs | share of pairs | next move reverses it |');
console.log('|---|---:|---:|---:|');
for (const key of ['1', '2', '3', '≥ 4']) {
  const s = stats.get(key);
  if (!s) continue;
  console.log(
    `| ${key} tick${key === '1' ? '' : 's'} | ${s.n} | ${((100 * s.n) / all.n).toFixed(1)}% | ${((100 * s.reversed) / s.n).toFixed(1)}% |`,
  );
}
console.log(`| all | ${all.n} | 100% | ${((100 * all.reversed) / all.n).toFixed(1)}% |`);
