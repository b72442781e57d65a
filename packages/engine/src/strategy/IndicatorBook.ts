import { type Bar, MinhosError } from '@minhos/core';
import { AtrStream, EmaStream, RsiStream, SmaStream, StddevStream } from '@minhos/models';
import type { BarWindow, IndicatorSpec, IndicatorView } from './Strategy.js';

interface Slot {
  readonly feed: (bar: Bar) => number;
  value: number;
  previous: number;
}

function stream(name: string, spec: IndicatorSpec): (bar: Bar) => number {
  if (!(Number.isInteger(spec.period) && spec.period >= 1)) {
    throw new MinhosError(
      'INVALID_STRATEGY',
      `indicator ${name}: period must be an integer ≥ 1, got ${spec.period}`,
    );
  }
  switch (spec.kind) {
    case 'sma': {
      const s = new SmaStream(spec.period);
      return (b) => s.next(b.close);
    }
    case 'ema': {
      const s = new EmaStream(spec.period);
      return (b) => s.next(b.close);
    }
    case 'rsi': {
      const s = new RsiStream(spec.period);
      return (b) => s.next(b.close);
    }
    case 'stddev': {
      const s = new StddevStream(spec.period);
      return (b) => s.next(b.close);
    }
    case 'atr': {
      const s = new AtrStream(spec.period);
      return (b) => s.next(b);
    }
    default:
      throw new MinhosError(
        'INVALID_STRATEGY',
        `indicator ${name}: unknown kind ${String((spec as { kind: unknown }).kind)} (sma, ema, rsi, atr, stddev)`,
      );
  }
}

/**
 * One instrument's indicator streams and bar window for one strategy: fed once per bar close,
 * O(1) per indicator. The view it exposes is what {@link StrategyContext} carries.
 */
export class IndicatorBook implements IndicatorView, BarWindow {
  readonly #slots = new Map<string, Slot>();
  /** The same slots as a list: the per-bar loop iterates it without an iterator object. */
  readonly #list: Slot[] = [];
  readonly #ring: Bar[];
  #start = 0;
  #length = 0;

  /**
   * @param specs - the strategy's declared indicators.
   * @param historyBars - bars to keep (≥ 1).
   */
  constructor(specs: Readonly<Record<string, IndicatorSpec>>, historyBars: number) {
    if (!(Number.isInteger(historyBars) && historyBars >= 1)) {
      throw new MinhosError('INVALID_STRATEGY', `historyBars must be an integer ≥ 1, got ${historyBars}`);
    }
    for (const [name, spec] of Object.entries(specs)) {
      const slot: Slot = { feed: stream(name, spec), value: Number.NaN, previous: Number.NaN };
      this.#slots.set(name, slot);
      this.#list.push(slot);
    }
    this.#ring = new Array<Bar>(historyBars);
  }

  /** Feeds a closed bar to every stream and the window. */
  push(bar: Bar): void {
    const list = this.#list;
    for (let i = 0; i < list.length; i++) {
      const s = list[i] as Slot;
      s.previous = s.value;
      s.value = s.feed(bar);
    }
    const cap = this.#ring.length;
    if (this.#length < cap) {
      this.#ring[(this.#start + this.#length) % cap] = bar;
      this.#length += 1;
    } else {
      this.#ring[this.#start] = bar;
      this.#start = (this.#start + 1) % cap;
    }
  }

  value(name: string): number {
    return this.#slot(name).value;
  }

  previous(name: string): number {
    return this.#slot(name).previous;
  }

  get length(): number {
    return this.#length;
  }

  at(i: number): Bar {
    if (!(i >= 0 && i < this.#length)) {
      throw new MinhosError('INVALID_STRATEGY', `history index ${i} is outside 0..${this.#length - 1}`);
    }
    return this.#ring[(this.#start + i) % this.#ring.length] as Bar;
  }

  closes(): number[] {
    const out: number[] = [];
    for (let i = 0; i < this.#length; i++) out.push(this.at(i).close);
    return out;
  }

  volumes(): number[] {
    const out: number[] = [];
    for (let i = 0; i < this.#length; i++) out.push(this.at(i).volume);
    return out;
  }

  #slot(name: string): Slot {
    const s = this.#slots.get(name);
    if (s === undefined) {
      throw new MinhosError(
        'INVALID_STRATEGY',
        `indicator ${name} was not declared (declared: ${[...this.#slots.keys()].join(', ') || 'none'})`,
      );
    }
    return s;
  }
}
