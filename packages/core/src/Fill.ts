import type { ClientOrderId, InstrumentId, OrderId } from './ids.js';
import type { Money } from './Money.js';
import type { Side } from './Side.js';
import type { TimestampUs } from './time.js';

/**
 * One execution. `quantity` is whole contracts (> 0), `price` in quote units (points), `commission`
 * is the total charged for this execution (positive = cost).
 */
export interface Fill {
  /** Unique per execution (venue execution id or ours); makes fill processing idempotent. */
  readonly fillId: string;
  readonly clientOrderId: ClientOrderId;
  readonly orderId?: OrderId;
  readonly instrumentId: InstrumentId;
  readonly side: Side;
  readonly quantity: number;
  readonly price: number;
  readonly commission: Money;
  readonly time: TimestampUs;
}
