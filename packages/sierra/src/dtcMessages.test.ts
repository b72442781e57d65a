import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  isDtcUnset,
  parseDtcClientMessage,
  parseDtcServerMessage,
  parseDtcServerMessageWithZod,
} from './dtcMessages.js';
import { DTC_UNSET_DOUBLE } from './dtcProtocol.js';

describe('parseDtcServerMessage', () => {
  it('validates a trade and keeps fields Sierra may add later', () => {
    const r = parseDtcServerMessage({
      Type: 107,
      SymbolID: 4,
      AtBidOrAsk: 1,
      Price: 4500.25,
      Volume: 3,
      DateTime: 1700000000.5,
      NewField: 'x',
    });
    expect(r.kind).toBe('message');
    if (r.kind === 'message' && r.message.Type === 107) {
      expect(r.message.Price).toBe(4500.25);
      expect((r.message as Record<string, unknown>).NewField).toBe('x');
    }
  });

  it('applies the header defaults to fields left out (e.g. AtBidOrAsk, Volume)', () => {
    const r = parseDtcServerMessage({ Type: 107, SymbolID: 4, Price: 1, DateTime: 2 });
    expect(
      r.kind === 'message' && r.message.Type === 107 && [r.message.AtBidOrAsk, r.message.Volume],
    ).toEqual([0, 0]);
  });

  it('normalises uint8 flags sent as 0/1 or booleans', () => {
    const a = parseDtcServerMessage({
      Type: 2,
      Result: 1,
      TradingIsSupported: true,
      MarketDataSupported: 1,
      OCOOrdersSupported: false,
    });
    if (a.kind !== 'message' || a.message.Type !== 2) throw new Error('not a logon response');
    expect([
      a.message.TradingIsSupported,
      a.message.MarketDataSupported,
      a.message.OCOOrdersSupported,
      a.message.BracketOrdersSupported,
    ]).toEqual([1, 1, 0, 0]);
  });

  it('reports a modelled message missing a field we use as invalid, naming the field', () => {
    const r = parseDtcServerMessage({ Type: 107, SymbolID: 4, Volume: 1, DateTime: 2 });
    expect(r.kind).toBe('invalid');
    if (r.kind === 'invalid') expect(r.error).toContain('Price');
    const s = parseDtcServerMessage({ Type: 107, SymbolID: 4.5, Price: 1, DateTime: 2 });
    expect(s.kind).toBe('invalid');
  });

  it('distinguishes unknown types from known-but-unmodelled DTC types', () => {
    expect(parseDtcServerMessage({ Type: 4242 })).toEqual({ kind: 'unknown', type: 4242 });
    const other = parseDtcServerMessage({ Type: 700, UserMessage: 'hello' });
    expect(other.kind).toBe('other');
  });

  it('rejects frames without an integer Type or that are not objects', () => {
    expect(parseDtcServerMessage({ type: 3 }).kind).toBe('invalid');
    expect(parseDtcServerMessage({ Type: '3' }).kind).toBe('invalid');
    expect(parseDtcServerMessage([3]).kind).toBe('invalid');
    expect(parseDtcServerMessage(null).kind).toBe('invalid');
  });
});

describe('market data fast path', () => {
  const field = fc.oneof(
    fc.constant(undefined),
    fc.integer({ min: -5, max: 1e6 }),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.string({ maxLength: 3 }),
    fc.boolean(),
    fc.constant(null),
  );
  const frame = fc
    .record({
      Type: fc.constantFrom(107, 108),
      SymbolID: field,
      AtBidOrAsk: field,
      Price: field,
      Volume: field,
      DateTime: field,
      BidPrice: field,
      BidQuantity: field,
      AskPrice: field,
      AskQuantity: field,
      Extra: field,
    })
    .map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)));

  it('agrees with the zod schemas on every trade/bid-ask frame (property)', () => {
    fc.assert(
      fc.property(frame, (v) => {
        const fast = parseDtcServerMessage(v);
        const zod = parseDtcServerMessageWithZod(v);
        expect(fast.kind).toBe(zod.kind);
        if (fast.kind === 'message' && zod.kind === 'message') expect(fast.message).toEqual(zod.message);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('parseDtcClientMessage', () => {
  it('parses a logon request with its heartbeat interval and defaults the protocol version to 8', () => {
    const r = parseDtcClientMessage({ Type: 1, HeartbeatIntervalInSeconds: 5, Username: 'u' });
    expect(
      r.kind === 'message' &&
        r.message.Type === 1 && [r.message.HeartbeatIntervalInSeconds, r.message.ProtocolVersion],
    ).toEqual([5, 8]);
  });

  it('treats an omitted Price1IsSet in CANCEL_REPLACE_ORDER as set, as the header Clear() does', () => {
    const r = parseDtcClientMessage({ Type: 204, ServerOrderID: '1', Price1: 10 });
    expect(r.kind === 'message' && r.message.Type === 204 && r.message.Price1IsSet).toBe(1);
  });

  it('rejects an order without a quantity', () => {
    expect(parseDtcClientMessage({ Type: 208, Symbol: 'ES', OrderType: 1, BuySell: 1 }).kind).toBe('invalid');
  });
});

describe('isDtcUnset', () => {
  it('recognises absent and DBL_MAX values', () => {
    expect(isDtcUnset(undefined)).toBe(true);
    expect(isDtcUnset(DTC_UNSET_DOUBLE)).toBe(true);
    expect(isDtcUnset(1.7976931348623157e308)).toBe(true);
    expect(isDtcUnset(3.4028234663852886e38)).toBe(true); // FLT_MAX, compact messages
    expect(isDtcUnset(0)).toBe(false);
    expect(isDtcUnset(4500.25)).toBe(false);
  });
});
