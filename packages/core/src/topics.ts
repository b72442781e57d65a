import type { Bar } from './Bar.js';
import type { Fill } from './Fill.js';
import type { InstrumentId } from './ids.js';
import type { Order } from './Order.js';
import type { Position } from './Position.js';
import type { Quote, Tick } from './Tick.js';

/**
 * Every topic name core knows, in one place. Names are `kind.subject`: `data.*` carries market data,
 * `command.*` asks for an action, `event.*` reports something that happened.
 */
export const TOPICS = Object.freeze({
  bar: 'data.bar',
  tick: 'data.tick',
  quote: 'data.quote',
  submitOrder: 'command.submitOrder',
  cancelOrder: 'command.cancelOrder',
  order: 'event.order',
  fill: 'event.fill',
  position: 'event.position',
} as const);

/** A topic name from {@link TOPICS}. */
export type CoreTopic = (typeof TOPICS)[keyof typeof TOPICS];

/** Payloads of the core topics. Packages extend this map with their own topics (intersection type). */
export interface CoreEvents {
  'data.bar': { readonly instrumentId: InstrumentId; readonly bar: Bar };
  'data.tick': { readonly instrumentId: InstrumentId; readonly tick: Tick };
  'data.quote': { readonly instrumentId: InstrumentId; readonly quote: Quote };
  'command.submitOrder': { readonly order: Order };
  'command.cancelOrder': { readonly clientOrderId: Order['clientOrderId']; readonly reason: string };
  'event.order': { readonly order: Order };
  'event.fill': { readonly fill: Fill };
  'event.position': { readonly position: Position };
}
