/**
 * Build a Sierra Chart intraday file (`.scid`) from the bundled ES Z13 1-minute bars, read it back
 * with @minhos/sierra, and print its header, the first bars, a time-range read, 5-minute bars and
 * CME session daily bars, and indicators (RSI, ATR, MACD, Bollinger) computed from what was read.
 *
 * Run: pnpm --filter @minhos/examples exec tsx src/readScid.ts [out.scid]
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatTimestampUs, US_PER_MINUTE } from '@minhos/core';
import { atr, bollinger, macd, rsi } from '@minhos/models';
import {
  aggregateBars,
  aggregateDaily,
  CME_EQUITY_SESSION,
  detectGaps,
  readScid,
  readScidInfo,
  ScidReader,
  ScidWriter,
  scidToBarSeries,
} from '@minhos/sierra';
import { loadEsMinuteBars } from './esBars.js';

const out = process.argv[2] ?? join(tmpdir(), 'ESZ13-CME.scid');

// 1. Bars from the CSV (QuantConnect Lean / AlgoSeek, UTC bar starts), front month ESZ13 only.
const source = loadEsMinuteBars('ES201312');

// 2. Write them as a .scid file, exactly as Sierra Chart stores bar records.
const writer = await ScidWriter.create(out, { mode: 'overwrite' });
await writer.appendBars(source);
await writer.close();

// 3. Header info without reading the records.
const info = await readScidInfo(out);
console.log(`${info.file}`);
console.log(
  `  header: SCID v${info.header.version}, header ${info.header.headerSize} B, record ${info.header.recordSize} B, time ${info.timeFormat}`,
);
console.log(
  `  ${info.recordCount} records, ${info.fileSize} bytes, trailing partial bytes: ${info.trailingBytes}`,
);
console.log(`  ${formatTimestampUs(info.firstTime ?? 0)} .. ${formatTimestampUs(info.lastTime ?? 0)}`);

// 4. First bars, and a time range found by binary search on the file.
const reader = await ScidReader.open(out);
const first = scidToBarSeries(await reader.read(0, 5));
console.log('\nfirst bars (UTC):');
for (const b of first)
  console.log(
    `  ${formatTimestampUs(b.time)}  O ${b.open}  H ${b.high}  L ${b.low}  C ${b.close}  V ${b.volume}`,
  );
const from = Date.UTC(2013, 11, 2, 14, 30) * 1000;
const to = Date.UTC(2013, 11, 2, 21, 15) * 1000;
const rth = scidToBarSeries(await reader.readRange(from, to));
// Only the columns a model needs (time, close, volume): a third of the decode work and memory.
const cols = await reader.readColumns(['time', 'close', 'totalVolume']);
let volume = 0;
for (let i = 0; i < cols.totalVolume.length; i++) volume += cols.totalVolume[i] as number;
console.log(
  `\nreadColumns: ${cols.time.length} closes, last ${cols.close[cols.close.length - 1]}, total volume ${volume}`,
);
await reader.close();
const exact = rth.length === source.between(from, to).length;
console.log(
  `\n2013-12-02 14:30–21:15 UTC: ${rth.length} bars read by binary search (matches the CSV: ${exact})`,
);

// 5. 5-minute bars from the 1-minute records.
const m5 = aggregateBars(rth, 5 * US_PER_MINUTE);
console.log('\nfirst 5-minute bars of that range:');
for (const b of m5.slice(0, 6)) {
  console.log(
    `  ${formatTimestampUs(b.time)}  O ${b.open}  H ${b.high}  L ${b.low}  C ${b.close}  V ${b.volume}`,
  );
}

// 6. Session-aware daily bars (CME 17:00–16:00 Chicago) and in-session gaps. Today's Globex hours
// are used; in 2013 ES also halted 15:15–15:30 CT, which shows up as the largest "gap" (model it as
// two sessions, `sessions: [{ open: '17:00', close: '15:15' }, { open: '15:30', close: '16:00' }]`).
const all = scidToBarSeries(await readScid(out));
const daily = aggregateDaily(all, CME_EQUITY_SESSION);
console.log('\nCME session daily bars (trade date: session start UTC):');
daily.tradeDates.forEach((d, k) => {
  console.log(
    `  ${d}: ${formatTimestampUs(daily.bars.time[k] ?? 0)}  O ${daily.bars.open[k]}  H ${daily.bars.high[k]}  L ${daily.bars.low[k]}  C ${daily.bars.close[k]}  V ${daily.bars.volume[k]}`,
  );
});
const day = all.between(Date.UTC(2013, 11, 2, 23) * 1000, Date.UTC(2013, 11, 3, 22) * 1000);
const gaps = detectGaps(day.time, { barSizeUs: US_PER_MINUTE, session: CME_EQUITY_SESSION });
console.log(
  `\ntrade date 2013-12-03: ${day.length} bars, ${gaps.length} in-session gaps (minutes without trades), largest:`,
);
for (const g of [...gaps].sort((a, b) => b.bars - a.bars).slice(0, 3)) {
  console.log(`  ${formatTimestampUs(g.from)} .. ${formatTimestampUs(g.to)}  ${g.bars} bar(s)`);
}

// 7. Indicators from what the file holds: 30-minute bars of the whole file, then @minhos/models'
// batch indicators (TA-Lib conventions: Wilder RSI/ATR, MACD 12/26/9, Bollinger 20/2).
const m30 = aggregateBars(all, 30 * US_PER_MINUTE);
const rsi14 = rsi(m30.close, 14);
const atr14 = atr(m30.high, m30.low, m30.close, 14);
const md = macd(m30.close);
const bb = bollinger(m30.close, { period: 20, multiplier: 2 });
console.log(`
indicators on ${m30.length} 30-minute bars, the last five:`);
for (let i = m30.length - 5; i < m30.length; i++) {
  console.log(
    `  ${formatTimestampUs(m30.time[i] ?? 0)}  C ${m30.close[i]}  RSI14 ${(rsi14[i] ?? 0).toFixed(1)}  ATR14 ${(atr14[i] ?? 0).toFixed(2)}  MACD ${(md.macd[i] ?? 0).toFixed(2)}/${(md.signal[i] ?? 0).toFixed(2)}  BB ${(bb.lower[i] ?? 0).toFixed(2)}..${(bb.upper[i] ?? 0).toFixed(2)}`,
  );
}
