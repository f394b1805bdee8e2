import { describe, expect, it } from 'vitest';
import { createIdSource } from '../../src/core/ids.js';
import { createZoneTime } from '../../src/core/zone-time.js';
import { loadFixtures } from '../../src/fixtures/load.js';
import { enableOwnOrder, payOrder } from '../../src/services/streaming/lifecycle.js';
import { createOrder } from '../../src/services/streaming/model.js';
import { orderFields, orderFrom, periodCount, periodsOf, toPeriodList, type Order } from '../../src/services/streaming/order.js';
import { TermsPool } from '../../src/services/streaming/order-terms.js';
import { createStore, type StreamingStore } from '../../src/services/streaming/store.js';
import { forkStore } from '../../src/services/streaming/store-fork.js';
import { decodeOrder, encodeOrder } from '../../src/state/order-record.js';
import { DEVICES, T0 } from '../support/api.js';

const fixtures = loadFixtures();
const zone = createZoneTime('Asia/Shanghai');
const NOW = Date.parse(T0);
const DAY = 86_400_000;

const buy = (store: StreamingStore, iotId: string, immediateUse = false, now = NOW): Order => {
  const made = createOrder(
    { store, now, zone, ids: createIdSource(7) },
    { iotId, commodityCode: 'streamingResource_20_10', copies: 2, userName: '用户', userId: 'u-1', immediateUse },
  );
  if (!made.ok) throw new Error(made.detail);
  return made.value;
};
const eager = () => createStore({ fixtures, now: NOW, zone, ids: createIdSource(42) });

describe('shared order terms', () => {
  it('orders bought alike share one frozen record, and each stays independent when edited', () => {
    const store = eager();
    const a = buy(store, DEVICES.empty);
    const b = buy(store, DEVICES.empty);
    expect(a.terms).toBe(b.terms);
    expect(Object.isFrozen(a.terms)).toBe(true);
    const bBefore = JSON.stringify(b);

    a.userName = '另一个用户';
    a.copies = 5;
    a.frozen = true;
    a.paymentStatus = 2;
    a.settlesAt = NOW + 1000;
    expect([a.userName, a.copies, a.frozen, a.paymentStatus, a.settlesAt]).toEqual(['另一个用户', 5, true, 2, NOW + 1000]);
    expect(a.terms).not.toBe(b.terms);
    expect(JSON.stringify(b)).toBe(bBefore);
    expect([b.userName, b.copies, b.frozen, b.paymentStatus, b.settlesAt]).toEqual(['用户', 2, false, 0, null]);
    // A later purchase alike still gets the unchanged record.
    expect(buy(store, DEVICES.empty).terms).toBe(b.terms);
  });

  it('a bounded pool gives equal records, and fresh ones past its bound', () => {
    const pool = new TermsPool(1);
    const terms = (userId: string) => ({ iotId: 'd', identityId: 'i', commodityCode: 'c', commodityName: 'n', copies: 1, months: 1, price: '1', userName: null, userId });
    const first = pool.share(terms('a'));
    expect(pool.share(terms('a'))).toBe(first);
    const past = pool.share(terms('b'));
    expect(past).toEqual(terms('b'));
    expect(pool.share(terms('b'))).not.toBe(past);
    expect(pool.share(terms('b'))).toEqual(past);
  });
});

describe('a fork\'s copy of an order', () => {
  it('shares no mutable part with the base order, with one period or two', () => {
    const base = eager();
    // An order in effect that an immediate purchase cuts (two periods) and a waiting one it moves (one).
    const cut = buy(base, DEVICES.empty);
    const waiting = buy(base, DEVICES.empty);
    buy(base, DEVICES.empty, true, NOW + DAY);
    expect([periodCount(cut), periodCount(waiting)]).toEqual([2, 1]);
    const inEffect = base.timelines.get(DEVICES.inEffect)!.orders.find((o) => periodCount(o) === 1)!;
    buy(base, DEVICES.inEffect, true, NOW + DAY);
    expect(periodCount(inEffect)).toBe(2);
    const frozenBase = [waiting, cut, inEffect].map((o) => encodeOrder(o));

    const fork = forkStore(base);
    const ctx = { store: fork, now: NOW + 2 * DAY, zone, ids: createIdSource(9) };
    const copies = [waiting, cut, inEffect].map((o) => fork.orders.get(o.orderId)!);
    copies.forEach((copy, i) => {
      expect(copy).not.toBe([waiting, cut, inEffect][i]);
      expect(encodeOrder(copy)).toBe(frozenBase[i]);
    });
    // Every writer on the copies: pay with a settle time, enable, freeze, a term, another cut.
    expect(payOrder(ctx, DEVICES.empty, waiting.orderId, 5000).ok).toBe(true);
    expect(enableOwnOrder(ctx, DEVICES.empty, copies[0]!.orderId).ok).toBe(true);
    copies[1]!.frozen = true;
    buy(fork, DEVICES.inEffect, true, NOW + 3 * DAY);
    copies[2]!.frozen = true;
    copies[2]!.userId = 'someone else';
    copies.forEach((copy, i) => expect(encodeOrder(copy)).not.toBe(frozenBase[i]));
    expect([waiting, cut, inEffect].map((o) => encodeOrder(o))).toEqual(frozenBase);
  });
});

describe('orders as plain data', () => {
  const T = Date.parse('2024-11-05T02:00:00Z');
  const plain = (periods: { start: number; end: number }[], extra: Partial<{ settlesAt: number; paymentStatus: 0 | 1 | 2; frozen: boolean }> = {}) => ({
    orderId: '202411051000001000001',
    outOrderNo: '300000000000001',
    iotId: DEVICES.empty,
    identityId: 'id-1',
    commodityCode: 'streamingResource_20_10',
    commodityName: '20天10G',
    copies: 1,
    months: 1,
    price: '140',
    userName: null,
    userId: 'u-1',
    periods,
    frozen: extra.frozen ?? false,
    paymentStatus: extra.paymentStatus ?? 0,
    settlesAt: extra.settlesAt ?? null,
    createdAt: T,
  });
  const one = [{ start: T, end: T + DAY }];
  const two = [
    { start: T, end: T + DAY },
    { start: T + 3 * DAY, end: T + 4 * DAY },
  ];

  it('a state-file row is the plain order, keys in the same order, byte for byte, with one period or two', () => {
    for (const [periods, extra] of [
      [one, {}],
      [two, {}],
      [one, { paymentStatus: 2, settlesAt: T + 5000, frozen: true }],
      [two, { paymentStatus: 1 }],
    ] as const) {
      const fields = plain([...periods], extra);
      const order = orderFrom({ ...fields, periods: toPeriodList(fields.periods) });
      const row = encodeOrder(order);
      expect(row).toBe(JSON.stringify(fields));
      const decoded = decodeOrder(row);
      expect(decoded.ok && encodeOrder(decoded.order)).toBe(row);
      expect(decoded.ok && periodsOf(decoded.order)).toEqual(periods);
      // JSON.stringify of an order is still its plain fields (periods flat, as the store kept them).
      expect(JSON.stringify(order)).toBe(JSON.stringify({ ...fields, periods: toPeriodList(fields.periods) }));
      expect(orderFields(order)).toEqual({ ...fields, periods: toPeriodList(fields.periods) });
    }
  });

  it('fields a newer build wrote to a row survive a round trip, after the known ones', () => {
    const row = JSON.stringify({ ...plain(one), note: 'kept' });
    const decoded = decodeOrder(row);
    expect(decoded.ok && encodeOrder(decoded.order)).toBe(row);
    expect(decoded.ok && encodeOrder(decoded.order.clone())).toBe(row);
  });

  it('an order cut back to one period is stored as one built with one period', () => {
    const cut = orderFrom({ ...plain(two), periods: toPeriodList(two) });
    cut.periods = toPeriodList(one);
    expect(cut).toEqual(orderFrom({ ...plain(one), periods: toPeriodList(one) }));
  });
});
