import type { TimestampUs } from '@minhos/core';

/** The last known market state of one symbol. */
export interface MarketQuote {
  readonly last: number;
  readonly bid?: number;
  readonly ask?: number;
  /** Volume of the last trade or bar. */
  readonly volume: number;
  /** µs since the Unix epoch of the last update. */
  readonly time: TimestampUs;
}

/**
 * The latest price of every traded symbol, fed by the market data source, with listeners for the
 * WebSocket `market:<symbol>` topics. Symbols are fixed at construction (the configured ones).
 */
export class MarketBook {
  readonly #quotes = new Map<string, MarketQuote>();
  readonly #listeners = new Set<(symbol: string, quote: MarketQuote) => void>();
  readonly #counts = new Map<string, number>();
  /** Traded symbols, the first is the primary one. */
  readonly symbols: readonly string[];

  constructor(symbols: readonly string[]) {
    if (symbols.length === 0) throw new Error('MarketBook needs at least one symbol');
    this.symbols = [...symbols];
  }

  /** Records an update for `symbol`; unknown symbols are ignored and reported `false`. */
  update(symbol: string, quote: MarketQuote): boolean {
    if (!this.symbols.includes(symbol)) return false;
    this.#quotes.set(symbol, quote);
    this.#counts.set(symbol, (this.#counts.get(symbol) ?? 0) + 1);
    for (const l of this.#listeners) l(symbol, quote);
    return true;
  }

  /** The last update of `symbol`, if any arrived. */
  latest(symbol: string): MarketQuote | undefined {
    return this.#quotes.get(symbol);
  }

  /** How many updates arrived for `symbol`. */
  updates(symbol: string): number {
    return this.#counts.get(symbol) ?? 0;
  }

  /** Calls `listener` on every update; returns the unsubscribe function. */
  onUpdate(listener: (symbol: string, quote: MarketQuote) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
