import { describe, expect, it } from 'vitest';
import type { DtcSubmitNewSingleOrder } from '../dtcMessages.js';
import { DtcOrderStatus } from '../dtcProtocol.js';
import { SimBroker, type SimInstrument } from './dtcSimBroker.js';

const ES: SimInstrument = {
  key: 'ESZ13|CME',
  symbol: 'ESZ13',
  exchange: 'CME',
  pointValue: 50,
  marginPerContract: 1000,
};

function order(o: Partial<DtcSubmitNewSingleOrder>): DtcSubmitNewSingleOrder {
  return {
    Type: 208,
    Symbol: 'ESZ13',
    Exchange: 'CME',
    TradeAccount: '',
    ClientOrderID: '',
    OrderType: 1,
    BuySell: 1,
    Price1: 0,
    Price2: 0,
    Quantity: 1,
    TimeInForce: 1,
    GoodTillDateTime: 0,
    IsAutomatedOrder: 0,
    IsParentOrder: 0,
    FreeFormText: '',
    OpenOrClose: 0,
    ...o,
  };
}

function broker() {
  return new SimBroker({ accounts: ['A'], startingBalance: 10_000, commissionPerContract: 2 });
}

describe('SimBroker fill rules', () => {
  it('fills a market order at the next print', () => {
    const b = broker();
    const r = b.submit(order({ OrderType: 1, BuySell: 1, Quantity: 3 }), ES, 0);
    expect(r.ok).toBe(true);
    const { fills } = b.onTrade(ES.key, 1700.25, 5);
    expect(fills.map((f) => [f.price, f.quantity, f.time])).toEqual([[1700.25, 3, 5]]);
    expect(b.onTrade(ES.key, 1701, 6).fills).toEqual([]);
  });

  it('fills a marketable limit at the print, a resting limit only when crossed and at its price', () => {
    const b = broker();
    b.submit(order({ OrderType: 2, BuySell: 1, Price1: 1700, ClientOrderID: 'marketable' }), ES, 0);
    expect(b.onTrade(ES.key, 1699.5, 1).fills.map((f) => f.price)).toEqual([1699.5]);

    b.submit(order({ OrderType: 2, BuySell: 1, Price1: 1690, ClientOrderID: 'resting' }), ES, 1);
    expect(b.onTrade(ES.key, 1695, 2).fills).toEqual([]);
    expect(b.onTrade(ES.key, 1690, 3).fills).toEqual([]); // a touch is not a fill
    expect(b.onTrade(ES.key, 1689.75, 4).fills.map((f) => f.price)).toEqual([1690]);

    b.submit(order({ OrderType: 2, BuySell: 2, Price1: 1710, ClientOrderID: 'sell' }), ES, 4);
    expect(b.onTrade(ES.key, 1709, 5).fills).toEqual([]);
    expect(b.onTrade(ES.key, 1710.25, 6).fills.map((f) => f.price)).toEqual([1710]);
  });

  it('fills stops at the touching print and triggers stop-limits into limits', () => {
    const b = broker();
    b.submit(order({ OrderType: 3, BuySell: 1, Price1: 1705, ClientOrderID: 'stop' }), ES, 0);
    expect(b.onTrade(ES.key, 1704.75, 1).fills).toEqual([]);
    expect(b.onTrade(ES.key, 1705, 2).fills.map((f) => f.price)).toEqual([1705]);

    b.submit(order({ OrderType: 4, BuySell: 2, Price1: 1695, Price2: 1694, ClientOrderID: 'sl' }), ES, 2);
    expect(b.onTrade(ES.key, 1693, 3).fills).toEqual([]); // triggered, but 1693 is below the sell limit 1694
    expect(b.onTrade(ES.key, 1694, 4).fills).toEqual([]); // resting limit: touch only
    expect(b.onTrade(ES.key, 1694.5, 5).fills.map((f) => f.price)).toEqual([1694]);
  });

  it('cancels IOC orders that do not fill on their first print', () => {
    const b = broker();
    const r = b.submit(order({ OrderType: 2, BuySell: 1, Price1: 1600, TimeInForce: 4 }), ES, 0);
    const { fills, expired } = b.onTrade(ES.key, 1700, 1);
    expect(fills).toEqual([]);
    expect(expired.map((o) => o.status)).toEqual([DtcOrderStatus.ORDER_STATUS_CANCELED]);
    expect(r.ok && b.openOrders()).toEqual([]);
  });

  it('accounts P&L with point value and commissions through a long, a flip to short and a flat', () => {
    const b = broker();
    const acc = b.account('A');
    b.submit(order({ BuySell: 1, Quantity: 2, ClientOrderID: '1' }), ES, 0);
    b.onTrade(ES.key, 1700, 1); // long 2 @ 1700, commission 4
    b.submit(order({ BuySell: 2, Quantity: 3, ClientOrderID: '2' }), ES, 1);
    const f = b.onTrade(ES.key, 1702.5, 2).fills[0]; // close 2 (+2.5 × 2 × 50 = +250), short 1 @ 1702.5; commission 6
    expect(f?.position).toEqual({ quantity: -1, averagePrice: 1702.5, entryTime: 2 });
    expect(acc?.realized).toBe(250);
    expect(acc?.cash).toBe(10_000 + 250 - 10);
    b.mark(ES.key, 1701.5);
    expect(b.valuation(acc as NonNullable<typeof acc>, new Map([[ES.key, ES]]))).toEqual({
      openPnl: 50,
      margin: 1000,
    });
    b.submit(order({ BuySell: 1, Quantity: 1, ClientOrderID: '3' }), ES, 2);
    b.onTrade(ES.key, 1703.5, 3); // cover at 1703.5: −1 × 50 = −50; commission 2
    expect(acc?.realized).toBe(200);
    expect(acc?.commissions).toBe(12);
    expect(acc?.cash).toBe(10_000 + 200 - 12);
    expect(acc?.positions.get(ES.key)?.position.quantity).toBe(0);
  });

  it('rejects bad orders with a reason', () => {
    const b = broker();
    expect(b.submit(order({ Quantity: 0 }), ES, 0)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('Quantity'),
    });
    expect(b.submit(order({ OrderType: 2, Price1: 0 }), ES, 0)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('Price1'),
    });
    expect(b.submit(order({ OrderType: 5, Price1: 1 }), ES, 0)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('not supported'),
    });
    expect(b.submit(order({ TradeAccount: 'B' }), ES, 0)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('account'),
    });
    expect(b.submit(order({}), undefined, 0)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('unknown symbol'),
    });
    expect(b.submit(order({ BuySell: 0 }), ES, 0)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('BuySell'),
    });
  });

  it('replaces a working order and refuses to replace or cancel a finished one', () => {
    const b = broker();
    const r = b.submit(order({ OrderType: 2, Price1: 1600, Quantity: 1 }), ES, 0);
    if (!r.ok) throw new Error(r.reason);
    const rep = b.replace(r.order, {
      Type: 204,
      ServerOrderID: r.order.serverOrderId,
      ClientOrderID: '',
      Price1: 1650,
      Quantity: 2,
      Price1IsSet: 1,
      Price2IsSet: 0,
      TimeInForce: 0,
      GoodTillDateTime: 0,
      UpdatePrice1OffsetToParent: 0,
    });
    expect(rep.ok).toBe(true);
    expect([r.order.price1, r.order.quantity]).toEqual([1650, 2]);
    expect(b.cancel(r.order).ok).toBe(true);
    expect(b.cancel(r.order).ok).toBe(false);
  });
});
