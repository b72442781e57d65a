/**
 * Measures the two random-forest engines on the same data: XGBoost's random-forest mode (what
 * RandomForestModel uses) and ml-random-forest. Run: pnpm tsx packages/models/scripts/compareRandomForest.ts
 */
import { readFileSync } from 'node:fs';
import { RandomForestClassifier } from 'ml-random-forest';
import { directionalAccuracy, logLoss, matrix, RandomForestModel } from '../src/index.js';

const csv = readFileSync(new URL('../../../data/ohlcv/es_1min_trade_lean.csv', import.meta.url), 'utf8');
const close: number[] = [];
for (const line of csv.split('\n').slice(1)) {
  const f = line.split(',');
  if (f[1] === 'ES201312') close.push(Number(f[5]));
}
const lags = 10;
const rows: number[][] = [];
const labels: number[] = [];
for (let t = lags; t < close.length - 1; t++) {
  const row: number[] = [];
  for (let k = 0; k < lags; k++) row.push(Math.log(close[t - k]! / close[t - k - 1]!));
  // Unchanged closes (common on ES's 0.25 tick grid) carry no direction and are skipped.
  if (close[t + 1] === close[t]) continue;
  rows.push(row);
  labels.push(close[t + 1]! > close[t]! ? 1 : 0);
}
const nTrain = Number(process.argv[2] ?? 2000);
const nTest = 2000;
const trainX = rows.slice(0, nTrain);
const trainY = labels.slice(0, nTrain);
const testX = rows.slice(nTrain, nTrain + nTest);
const testY = labels.slice(nTrain, nTrain + nTest);
const flat = (r: number[][]) => matrix(Float64Array.from(r.flat()), r.length, lags);

let t = performance.now();
const xrf = new RandomForestModel({ trees: 100, maxDepth: 6, seed: 1 });
await xrf.fit(flat(trainX), trainY);
const xTrain = performance.now() - t;
t = performance.now();
const xp = await xrf.predictProba(flat(testX));
const xPred = performance.now() - t;
console.log(
  `data: ES201312 1-min, ${lags} lagged log returns, next-bar direction (unchanged bars skipped), train ${nTrain}, test ${nTest}`,
);
console.log(
  `xgboost rf : train ${xTrain.toFixed(0)} ms, predict ${xPred.toFixed(0)} ms, acc ${directionalAccuracy(xp, testY).value.toFixed(4)}, logloss ${logLoss(xp, testY).toFixed(4)}`,
);

t = performance.now();
const mrf = new RandomForestClassifier({
  nEstimators: 100,
  maxFeatures: 0.5,
  seed: 1,
  useSampleBagging: true,
  treeOptions: { maxDepth: 6, minNumSamples: 20 },
});
mrf.train(trainX, trainY);
const mTrain = performance.now() - t;
t = performance.now();
const mp = Float64Array.from(mrf.predictProbability(testX, 1));
const mPred = performance.now() - t;
const mSize = JSON.stringify(mrf.toJSON()).length;

console.log(
  `ml-random-forest: train ${mTrain.toFixed(0)} ms, predict ${mPred.toFixed(0)} ms, acc ${directionalAccuracy(mp, testY).value.toFixed(4)}, logloss ${logLoss(mp, testY).toFixed(4)}, json ${(mSize / 1e6).toFixed(1)} MB`,
);
xrf.dispose();
