import type { Bar, InstrumentId } from '@minhos/core';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ServerDeps } from '../runtime/ServerDeps.js';
import { ApiError } from './ApiError.js';
import { defineRoute } from './defineRoute.js';

/** Bar timeframes the API serves, in seconds. */
export const TIMEFRAMES: Readonly<Record<string, number>> = {
  '1m': 60,
  '5m': 300,
  '15m': 900,
  '30m': 1800,
  '1h': 3600,
  '4h': 14400,
  '1d': 86400,
};

/** Aggregates bars (ascending) into buckets of `seconds`, aligned to the epoch. */
export function aggregateBars(bars: readonly Bar[], seconds: number): Bar[] {
  const size = seconds * 1_000_000;
  const out: Bar[] = [];
  for (const b of bars) {
    const start = Math.floor(b.time / size) * size;
    const last = out[out.length - 1];
    if (last !== undefined && last.time === start) {
      out[out.length - 1] = {
        time: last.time,
        open: last.open,
        high: Math.max(last.high, b.high),
        low: Math.min(last.low, b.low),
        close: b.close,
        volume: last.volume + b.volume,
      };
    } else out.push({ ...b, time: start });
  }
  return out;
}

const iso = (us: number): string => new Date(Math.floor(us / 1000)).toISOString();

/** Market: symbols, latest prices with staleness, bars by symbol and timeframe. */
export function marketRoutes(app: FastifyInstance, deps: ServerDeps, staleAfterSeconds: number): void {
  defineRoute(app, {
    method: 'GET',
    url: '/api/market/symbols',
    summary: 'Traded symbols',
    tag: 'market',
    mutating: false,
    handler: () => ({
      trading_symbols: deps.market.symbols,
      primary_symbol: deps.market.symbols[0],
      count: deps.market.symbols.length,
    }),
  });
  defineRoute(app, {
    method: 'GET',
    url: '/api/market/latest',
    summary: `Latest price per symbol with its age; status stale when older than the limit`,
    tag: 'market',
    mutating: false,
    handler: () => {
      const now = deps.clock.now();
      const symbols: Record<string, unknown> = {};
      let any = false;
      let stale = false;
      for (const s of deps.market.symbols) {
        const q = deps.market.latest(s);
        if (q === undefined) {
          symbols[s] = null;
          continue;
        }
        any = true;
        const age = Math.max(0, (now - q.time) / 1e6);
        if (age > staleAfterSeconds) stale = true;
        symbols[s] = {
          last: q.last,
          bid: q.bid ?? null,
          ask: q.ask ?? null,
          volume: q.volume,
          timestamp: iso(q.time),
          age_seconds: age,
          stale: age > staleAfterSeconds,
        };
      }
      return { symbols, status: !any ? 'no_data' : stale ? 'stale' : 'ok', timestamp: iso(now) };
    },
  });
  defineRoute(app, {
    method: 'GET',
    url: '/api/market/data/:symbol',
    summary: 'Bars of a symbol (from the store; larger timeframes aggregated from 1-minute bars)',
    tag: 'market',
    mutating: false,
    params: z.strictObject({ symbol: z.string().min(1).max(40) }),
    query: z.strictObject({
      timeframe: z.enum(Object.keys(TIMEFRAMES) as [string, ...string[]]).default('1m'),
      limit: z.coerce.number().int().min(1).max(10_000).default(500),
    }),
    handler: ({ params, query }) => {
      if (!deps.market.symbols.includes(params.symbol))
        throw new ApiError(404, 'UNKNOWN_SYMBOL', `symbol ${params.symbol} is not traded here`, {
          symbols: deps.market.symbols,
        });
      const id = params.symbol as InstrumentId;
      let bars = deps.store.bars(id, query.timeframe);
      if (bars.length === 0 && query.timeframe !== '1m')
        bars = aggregateBars(deps.store.bars(id, '1m'), TIMEFRAMES[query.timeframe] as number);
      const data = bars.slice(-query.limit).map((b) => ({ ...b, timestamp: iso(b.time) }));
      return { symbol: params.symbol, timeframe: query.timeframe, data, count: data.length };
    },
  });
}
