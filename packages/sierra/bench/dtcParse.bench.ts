/**
 * DTC client parse throughput: frames/s through this package's incremental frame decoder
 * (`DtcFrameDecoder`) alone and with zod validation (`parseDtcServerMessage`, what `DtcClient` runs),
 * against a naive baseline (string concatenation + split on NUL + JSON.parse, no validation) in the
 * same run, over the same byte stream cut into TCP-sized chunks.
 *
 *   pnpm tsx packages/sierra/bench/dtcParse.bench.ts [--frames 300000] [--chunk 65536]
 */
import {
  DtcFrameDecoder,
  encodeDtcEncodingMessage,
  encodeDtcJsonFrame,
  parseDtcServerMessage,
  DtcMessageType as T,
} from '../src/index.js';

const arg = (name: string, d: number): number => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : d;
};
const FRAMES = arg('--frames', 300_000);
const CHUNK = arg('--chunk', 65_536);
const ROUNDS = 5;

/** A realistic server stream: ~70% trades, ~25% bid/ask, heartbeats and order updates. */
function makeStream(n: number): Buffer {
  let seed = 42;
  const rnd = () => {
    seed = (seed * 1103515245 + 12345) >>> 0;
    return seed / 4294967296;
  };
  let price = 4500;
  let t = 1_762_180_200;
  const parts: Buffer[] = [encodeDtcEncodingMessage(T.ENCODING_RESPONSE)];
  for (let i = 0; i < n; i++) {
    const r = rnd();
    t += rnd() * 0.05;
    price += (Math.floor(rnd() * 3) - 1) * 0.25;
    if (r < 0.7) {
      parts.push(
        encodeDtcJsonFrame({
          Type: T.MARKET_DATA_UPDATE_TRADE,
          SymbolID: 1,
          AtBidOrAsk: rnd() < 0.5 ? 1 : 2,
          Price: price,
          Volume: 1 + Math.floor(rnd() * 9),
          DateTime: t,
        }),
      );
    } else if (r < 0.95) {
      parts.push(
        encodeDtcJsonFrame({
          Type: T.MARKET_DATA_UPDATE_BID_ASK,
          SymbolID: 1,
          BidPrice: price - 0.25,
          BidQuantity: 10 + Math.floor(rnd() * 90),
          AskPrice: price,
          AskQuantity: 10 + Math.floor(rnd() * 90),
          DateTime: Math.floor(t),
        }),
      );
    } else if (r < 0.99) {
      parts.push(
        encodeDtcJsonFrame({ Type: T.HEARTBEAT, NumDroppedMessages: 0, CurrentDateTime: Math.floor(t) }),
      );
    } else {
      parts.push(
        encodeDtcJsonFrame({
          Type: T.ORDER_UPDATE,
          RequestID: 0,
          TotalNumMessages: 1,
          MessageNumber: 1,
          Symbol: 'ESZ25',
          Exchange: 'CME',
          ServerOrderID: `S${i}`,
          ClientOrderID: `C${i}`,
          OrderStatus: 7,
          OrderUpdateReason: 4,
          OrderType: 1,
          BuySell: 1,
          OrderQuantity: 1,
          FilledQuantity: 1,
          RemainingQuantity: 0,
          AverageFillPrice: price,
          LastFillPrice: price,
          LastFillQuantity: 1,
          LastFillDateTime: Math.floor(t),
          TradeAccount: 'SIM1',
          InfoText: '',
        }),
      );
    }
  }
  return Buffer.concat(parts);
}

function chunks(buf: Buffer, size: number): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < buf.length; i += size) out.push(buf.subarray(i, i + size));
  return out;
}

function ours(parts: Buffer[], validate: boolean): number {
  const d = new DtcFrameDecoder({ handshake: 'response' });
  let n = 0;
  for (const c of parts) {
    for (const ev of d.push(c)) {
      if (ev.kind !== 'json') continue;
      if (validate) {
        const r = parseDtcServerMessage(ev.value);
        if (r.kind === 'message') n++;
      } else n++;
    }
  }
  return n;
}

/** What a quick client does: decode to string, keep the tail, split on NUL, JSON.parse. */
function naive(parts: Buffer[]): number {
  let pending = '';
  let n = 0;
  let skip = 16; // the binary handshake
  for (const c of parts) {
    const chunk = skip > 0 ? c.subarray(Math.min(skip, c.length)) : c;
    skip -= c.length - chunk.length;
    // (A real naive client would also corrupt UTF-8 characters split across reads; the stream is ASCII.)
    pending += chunk.toString('utf8');
    const pieces = pending.split('\0');
    pending = pieces.pop() ?? '';
    for (const p of pieces) if (p.length > 0 && JSON.parse(p).Type !== undefined) n++;
  }
  return n;
}

/** Runs the variants interleaved round by round (the machine is shared: noise hits all alike); median rate. */
function measure(variants: [string, () => number][], rounds = ROUNDS): { name: string; fps: number }[] {
  for (const [, fn] of variants) fn(); // warm-up
  const rates = variants.map(() => [] as number[]);
  for (let r = 0; r < rounds; r++) {
    for (let k = 0; k < variants.length; k++) {
      const j = (k + r) % variants.length;
      const t0 = performance.now();
      const n = (variants[j] as [string, () => number])[1]();
      (rates[j] as number[]).push(n / ((performance.now() - t0) / 1000));
    }
  }
  return variants.map(([name], j) => {
    const xs = (rates[j] as number[]).sort((a, b) => a - b);
    return { name, fps: xs[Math.floor(xs.length / 2)] as number };
  });
}

function report(title: string, results: { name: string; fps: number }[]): void {
  console.log(title);
  const base = (results[0] as { fps: number }).fps;
  for (const r of results) {
    console.log(
      `  ${r.name.padEnd(50)} ${(r.fps / 1e3).toFixed(0).padStart(6)} k frames/s  ×${(r.fps / base).toFixed(2)}`,
    );
  }
}

const stream = makeStream(FRAMES);
const parts = chunks(stream, CHUNK);
if (ours(parts, true) !== FRAMES || naive(parts) !== FRAMES) throw new Error('frame count mismatch');
report(
  `${FRAMES} frames, ${(stream.length / 1e6).toFixed(1)} MB in ${CHUNK}-byte chunks (median of ${ROUNDS} interleaved rounds):`,
  measure([
    ['baseline: split("\\0") + JSON.parse, no validation', () => naive(parts)],
    ['DtcFrameDecoder (framing + JSON.parse)', () => ours(parts, false)],
    ['DtcFrameDecoder + parseDtcServerMessage', () => ours(parts, true)],
  ]),
);

// Frames split over many small reads (7 bytes): the naive string concatenation degrades.
const small = chunks(stream.subarray(0, Math.min(stream.length, 2_000_000)), 7);
report(
  `\n${ours(small, false)} frames in 7-byte chunks:`,
  measure([
    ['baseline, 7-byte chunks', () => naive(small)],
    ['DtcFrameDecoder + parseDtcServerMessage', () => ours(small, true)],
  ]),
);
