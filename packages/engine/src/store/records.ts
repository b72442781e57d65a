import type { ClientOrderId, Order, OrderReplacement } from '@minhos/core';

/** What an order is for: an entry, or the protective stop / profit target of a bracket. */
export type OrderRole = 'ENTRY' | 'STOP_LOSS' | 'TAKE_PROFIT';

/**
 * Everything the engine keeps about one order: core's `Order` plus the OMS's own fields.
 * This is the row the write-ahead log commits before a broker sees the order.
 */
export interface OrderRecord {
  readonly order: Order;
  readonly role: OrderRole;
  /** The order may only reduce the position (bracket children, flatten orders). */
  readonly reduceOnly: boolean;
  /** The entry a bracket child belongs to. */
  readonly parentId?: ClientOrderId;
  /** Orders of one OCO group: when one fills completely the others are cancelled. */
  readonly ocoGroup?: string;
  /** Bracket distances in points, for an entry that spawns children when it fills. */
  readonly bracket?: { readonly stopLossPoints: number; readonly takeProfitPoints: number };
  /** A replace request in flight (applied when the broker confirms it). */
  readonly pendingReplace?: OrderReplacement;
  /**
   * True while the broker's answer to the last request is unknown (timeout, disconnect, crash
   * between write-ahead and send). Such an order is never resent: reconciliation resolves it.
   */
  readonly outcomeUnknown: boolean;
  /** Bracket children not yet sent because their entry has not filled. */
  readonly dormant?: boolean;
}
