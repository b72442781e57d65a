/**
 * Live indicators on a forming bar: replays ES 1-minute bars (ESZ13) as if each bar arrived in four
 * ticks (open, high, low, close), feeding streaming RSI/ATR/MACD and the feature stream with
 * `next()` on a bar's first tick and `update()` on the others; then checks that the live values
 * equal the batch computation over the finished bars, bit for bit.
 *
 *   pnpm --filter @minhos/examples exec tsx src/liveIndicators.ts
 */
import type { Bar } from '@minhos/core';
import { AtrStream, atr, FeaturePipeline, MacdStream, macd, RsiStream, rsi } from '@minhos/models';
import { CME_SESSION, loadEsMinuteBars } from './esBars.js';

const bars = loadEsMinuteBars('ES201312');
const pipeline = new FeaturePipeline({ session: CME_SESSION });
const live = {
  rsi: new RsiStream(14),
  atr: new AtrStream(14),
  macd: new MacdStream(),
  features: pipeline.stream(),
};

const t0 = performance.now();
const lastRow: Float64Array[] = [];
for (let i = 0; i < bars.length; i++) {
  const bar = bars.at(i) as Bar;
  // The bar as it forms: after the open, after the high, after the low, at the close.
  const path = [bar.open, bar.high, bar.low, bar.close];
  let high = bar.open;
  let low = bar.open;
  path.forEach((price, tick) => {
    high = Math.max(high, price);
    low = Math.min(low, price);
    const forming: Bar = { ...bar, high, low, close: price, volume: (bar.volume * (tick + 1)) / 4 };
    const first = tick === 0;
    if (first) {
      live.rsi.next(price);
      live.atr.next(forming);
      live.macd.next(price);
      lastRow[i] = live.features.next(forming);
    } else {
      live.rsi.update(price);
      live.atr.update(forming);
      live.macd.update(price);
      lastRow[i] = live.features.update(forming);
    }
  });
}
const ms = performance.now() - t0;

const n = bars.length;
const batchRsi = rsi(bars.close, 14)[n - 1];
const batchAtr = atr(bars.high, bars.low, bars.close, 14)[n - 1];
const batchHist = macd(bars.close).histogram[n - 1];
const X = pipeline.compute(bars);
const rowsEqual = lastRow.every((row, r) => row.every((v, j) => Object.is(v, X.data[r * X.cols + j])));

console.log(`${n} ES 1-minute bars replayed as ${4 * n} ticks in ${ms.toFixed(0)} ms`);
console.log(
  `RSI(14)   live ${live.rsi.value.toFixed(4)}  batch ${batchRsi?.toFixed(4)}  equal: ${live.rsi.value === batchRsi}`,
);
console.log(
  `ATR(14)   live ${live.atr.value.toFixed(4)}  batch ${batchAtr?.toFixed(4)}  equal: ${live.atr.value === batchAtr}`,
);
console.log(
  `MACD hist live ${live.macd.value.histogram.toFixed(4)}  batch ${batchHist?.toFixed(4)}  equal: ${live.macd.value.histogram === batchHist}`,
);
console.log(`feature rows (${X.names.join(', ')}): every live row equals the batch row: ${rowsEqual}`);
