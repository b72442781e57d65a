/**
 * Test-only builders of `.scid` bytes written by hand from Sierra's documented layout
 * (s_IntradayHeader / s_IntradayRecord), independently of encodeScidRecords / ScidWriter.
 */
export function header(magic = 'SCID', headerSize = 56, recordSize = 40): Uint8Array {
  const b = new Uint8Array(56);
  const v = new DataView(b.buffer);
  for (let i = 0; i < 4; i++) b[i] = magic.charCodeAt(i);
  v.setUint32(4, headerSize, true);
  v.setUint32(8, recordSize, true);
  v.setUint16(12, 1, true);
  return b;
}

export interface RawRecord {
  dateTime: bigint | number; // bigint: int64 µs since 1899-12-30; number: legacy float64 days
  o: number;
  h: number;
  l: number;
  c: number;
  n: number;
  vol: number;
  bidVol: number;
  askVol: number;
}

export function record(r: RawRecord): Uint8Array {
  const b = new Uint8Array(40);
  const v = new DataView(b.buffer);
  if (typeof r.dateTime === 'bigint') v.setBigInt64(0, r.dateTime, true);
  else v.setFloat64(0, r.dateTime, true);
  v.setFloat32(8, r.o, true);
  v.setFloat32(12, r.h, true);
  v.setFloat32(16, r.l, true);
  v.setFloat32(20, r.c, true);
  v.setUint32(24, r.n, true);
  v.setUint32(28, r.vol, true);
  v.setUint32(32, r.bidVol, true);
  v.setUint32(36, r.askVol, true);
  return b;
}

export function join(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
