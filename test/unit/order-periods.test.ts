import { describe, expect, it } from 'vitest';
import {
  orderEnd,
  orderLength,
  orderFrom,
  orderStart,
  periodCount,
  periodEnd,
  periodsOf,
  periodStart,
  singlePeriod,
  toPeriodList,
  type Order,
} from '../../src/services/streaming/order.js';
import { decodeOrder, encodeOrder } from '../../src/state/order-record.js';

const T = Date.parse('2024-11-05T02:00:00Z');
const HOUR = 3_600_000;

function orderWith(periods: { start: number; end: number }[]): Order {
  return orderFrom({
    orderId: '202411051000001000001',
    outOrderNo: 'out-1',
    iotId: 'dev',
    identityId: 'id-1',
    commodityCode: 'm1',
    commodityName: '月包',
    copies: 1,
    months: 1,
    price: '140',
    userName: null,
    userId: null,
    periods: toPeriodList(periods),
    frozen: false,
    paymentStatus: 0,
    settlesAt: null,
    createdAt: T,
  });
}

describe('an order\'s packed periods', () => {
  const cut = [
    { start: T, end: T + HOUR },
    { start: T + 3 * HOUR, end: T + 5 * HOUR },
  ];

  it('read back as the periods they were built from', () => {
    const order = orderWith(cut);
    expect(periodCount(order)).toBe(2);
    expect([periodStart(order, 1), periodEnd(order, 1)]).toEqual([T + 3 * HOUR, T + 5 * HOUR]);
    expect(periodsOf(order)).toEqual(cut);
    expect([orderStart(order), orderEnd(order), orderLength(order)]).toEqual([T, T + 5 * HOUR, 3 * HOUR]);
  });

  it('one period reads the same through singlePeriod and toPeriodList', () => {
    expect(singlePeriod(T, T + HOUR)).toEqual(toPeriodList([{ start: T, end: T + HOUR }]));
  });

  it('periodsOf returns a copy: changing it leaves the order as it was', () => {
    const order = orderWith(cut);
    periodsOf(order)[0]!.start = 0;
    expect(orderStart(order)).toBe(T);
  });

  it('a state file row keeps periods as [{start, end}] and reads back to the same order', () => {
    const order = orderWith(cut);
    const row = encodeOrder(order);
    expect(JSON.parse(row).periods).toEqual(cut);
    const decoded = decodeOrder(row);
    expect(decoded.ok && decoded.order).toEqual(order);
  });
});
