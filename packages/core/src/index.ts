/**
 * Domain model shared by every MinhOS package: branded ids, bars and ticks, the columnar
 * {@link BarSeries}, orders with a validated state machine, fills, positions with P&L, clocks,
 * a typed event bus and the base error class.
 *
 * @packageDocumentation
 */
export type { Bar } from './Bar.js';
export type { BarColumns } from './BarSeries.js';
export { BarSeries } from './BarSeries.js';
export type { CancelTimer, Clock, TimerClock } from './Clock.js';
export { LiveClock, SimulatedClock } from './Clock.js';
export type { EventBusOptions, EventHandler } from './EventBus.js';
export { EventBus } from './EventBus.js';
export type { Fill } from './Fill.js';
export type { AccountId, Brand, ClientOrderId, InstrumentId, OrderId } from './ids.js';
export {
  accountId,
  clientOrderId,
  instrumentId,
  isInstrumentId,
  orderId,
  splitInstrumentId,
} from './ids.js';
export type { LogContext, Logger } from './Logger.js';
export { consoleLogger, silentLogger } from './Logger.js';
export type { MinhosErrorOptions } from './MinhosError.js';
export { isMinhosError, MinhosError } from './MinhosError.js';
export type { Currency, Money } from './Money.js';
export { addMoney, money } from './Money.js';
export type {
  Execution,
  ExternalOrder,
  NewOrder,
  Order,
  OrderEvent,
  OrderReplacement,
  OrderStatus,
  OrderTransitionError,
  OrderType,
  TimeInForce,
} from './Order.js';
export {
  adoptExternalOrder,
  canFill,
  canTransition,
  createOrder,
  fillOrder,
  isTerminalStatus,
  isWorkingStatus,
  ORDER_TRANSITIONS,
  remainingQuantity,
  replaceOrder,
  transitionOrder,
} from './Order.js';
export type { Position } from './Position.js';
export { applyFill, flatPosition, netRealizedPnl, positionNotional, unrealizedPnl } from './Position.js';
export type { Result } from './Result.js';
export { err, ok } from './Result.js';
export type { Side } from './Side.js';
export { oppositeSide, sideSign } from './Side.js';
export type { Quote, Tick } from './Tick.js';
export type { TimestampUs } from './time.js';
export {
  formatTimestampUs,
  fromTimestampUs,
  toTimestampUs,
  US_PER_DAY,
  US_PER_HOUR,
  US_PER_MINUTE,
  US_PER_MS,
  US_PER_SECOND,
} from './time.js';
export type { WallClock } from './timeZone.js';
export { assertTimeZone, wallClock, zonedTimeToUs, zoneOffsetMinutes } from './timeZone.js';
export type { CoreEvents, CoreTopic } from './topics.js';
export { TOPICS } from './topics.js';
