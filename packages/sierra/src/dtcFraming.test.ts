import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DtcFrameDecoder,
  type DtcFrameEvent,
  decodeDtcEncodingMessage,
  encodeDtcEncodingMessage,
  encodeDtcJsonFrame,
} from './dtcFraming.js';
import { DtcEncoding, DtcMessageType } from './dtcProtocol.js';

const json = (events: DtcFrameEvent[]) => events.filter((e) => e.kind === 'json').map((e) => e.value);

describe('encoding handshake bytes', () => {
  it('encodes s_EncodingRequest exactly: Size 16, Type 6, version 8, JSON (2), "DTC\\0", little endian', () => {
    const b = encodeDtcEncodingMessage(DtcMessageType.ENCODING_REQUEST, DtcEncoding.JSON_ENCODING);
    expect(b.toString('hex')).toBe('1000' + '0600' + '08000000' + '02000000' + '44544300');
  });

  it('round-trips through the decoder and rejects other types', () => {
    const b = encodeDtcEncodingMessage(
      DtcMessageType.ENCODING_RESPONSE,
      DtcEncoding.JSON_COMPACT_ENCODING,
      7,
    );
    expect(decodeDtcEncodingMessage(b)).toEqual({
      type: 7,
      protocolVersion: 7,
      encoding: 3,
      protocolType: 'DTC',
    });
    const other = Buffer.from(b);
    other.writeUInt16LE(3, 2);
    expect(decodeDtcEncodingMessage(other)).toBeUndefined();
    expect(decodeDtcEncodingMessage(b.subarray(0, 8))).toBeUndefined();
  });
});

describe('DtcFrameDecoder', () => {
  const frames = [
    { Type: 3, NumDroppedMessages: 0 },
    { Type: 107, SymbolID: 1, Price: 4500.25, Volume: 2, DateTime: 1.5e9 },
    { Type: 2, ResultText: 'héllo ✓' },
  ];
  const stream = Buffer.concat([
    encodeDtcEncodingMessage(DtcMessageType.ENCODING_RESPONSE),
    ...frames.map(encodeDtcJsonFrame),
  ]);

  it('handles the handshake coalesced with JSON frames in one chunk', () => {
    const d = new DtcFrameDecoder({ handshake: 'response' });
    const ev = d.push(stream);
    expect(ev[0]).toEqual({
      kind: 'encoding',
      message: { type: 7, protocolVersion: 8, encoding: 2, protocolType: 'DTC' },
    });
    expect(json(ev)).toEqual(frames);
    expect(d.bufferedBytes).toBe(0);
  });

  it('decodes the same stream fed one byte at a time (multi-byte UTF-8 split too)', () => {
    const d = new DtcFrameDecoder({ handshake: 'response' });
    const ev: DtcFrameEvent[] = [];
    for (let i = 0; i < stream.length; i++) ev.push(...d.push(stream.subarray(i, i + 1)));
    expect(ev.filter((e) => e.kind === 'encoding')).toHaveLength(1);
    expect(json(ev)).toEqual(frames);
  });

  it('yields the same frames for any chunking of the stream (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: stream.length }), { maxLength: 20 }), (cuts) => {
        const points = [...new Set(cuts)].sort((a, b) => a - b);
        const d = new DtcFrameDecoder({ handshake: 'response' });
        const ev: DtcFrameEvent[] = [];
        let prev = 0;
        for (const p of [...points, stream.length]) {
          ev.push(...d.push(stream.subarray(prev, p)));
          prev = p;
        }
        expect(json(ev)).toEqual(frames);
      }),
      { numRuns: 200 },
    );
  });

  it('does not keep references to the caller buffer across pushes', () => {
    const d = new DtcFrameDecoder();
    const chunk = Buffer.from('{"Type":3,"Num');
    d.push(chunk);
    chunk.fill(0x78); // caller reuses its buffer
    expect(json(d.push(Buffer.from('DroppedMessages":1}\0')))).toEqual([{ Type: 3, NumDroppedMessages: 1 }]);
  });

  it('reports invalid JSON and resynchronises on the next NUL', () => {
    const d = new DtcFrameDecoder();
    const ev = d.push(Buffer.from('{"Type":3\0not json\0\0  \0{"Type":3}\0'));
    expect(ev.map((e) => e.kind)).toEqual(['malformed', 'malformed', 'json']);
    expect(ev[0]?.kind === 'malformed' && ev[0].reason).toBe('invalid-json');
    expect(ev[1]?.kind === 'malformed' && ev[1].excerpt).toBe('not json');
  });

  it('skips an oversized run without a NUL, reporting it once, then carries on', () => {
    const d = new DtcFrameDecoder({ maxFrameBytes: 64 });
    const ev1 = d.push(Buffer.from(`{"Type":3,"x":"${'a'.repeat(100)}`));
    expect(ev1).toHaveLength(1);
    expect(ev1[0]?.kind === 'malformed' && ev1[0].reason).toBe('frame-too-large');
    expect(d.push(Buffer.from('b'.repeat(500)))).toEqual([]);
    expect(d.bufferedBytes).toBe(0);
    expect(json(d.push(Buffer.from('tail"}\0{"Type":3}\0')))).toEqual([{ Type: 3 }]);
  });

  it('accepts JSON directly when a server skips the handshake', () => {
    const d = new DtcFrameDecoder({ handshake: 'response' });
    expect(json(d.push(Buffer.from('{"Type":2,"Result":1}\0')))).toEqual([{ Type: 2, Result: 1 }]);
    expect(d.awaitingHandshake).toBe(false);
  });

  it('reports a bad handshake and resynchronises on the next NUL', () => {
    const d = new DtcFrameDecoder({ handshake: 'response' });
    const ev = d.push(
      Buffer.concat([Buffer.from([0x10, 0x00, 0x09, 0x00, 1, 2, 3, 0]), encodeDtcJsonFrame({ Type: 3 })]),
    );
    expect(ev[0]?.kind === 'malformed' && ev[0].reason).toBe('bad-handshake');
    expect(json(ev)).toEqual([{ Type: 3 }]);
  });

  it('on the server side, expects an ENCODING_REQUEST', () => {
    const d = new DtcFrameDecoder({ handshake: 'request' });
    const ev = d.push(encodeDtcEncodingMessage(DtcMessageType.ENCODING_REQUEST));
    expect(ev[0]?.kind === 'encoding' && ev[0].message.type).toBe(6);
  });
});
