import { describe, expect, it } from 'vitest';
import { createIdSource } from '../../src/core/ids.js';
import { createZoneTime, parseInstant } from '../../src/core/zone-time.js';
import { validateFixtures } from '../../src/fixtures/validate.js';
import { createOrder, type StreamingContext } from '../../src/families/streaming/rules.js';
import { orderEnd, orderLength, orderStart, orderStatus, periodsOf, periodStart, type Order } from '../../src/families/streaming/order.js';
import { createStore, ordersInCreationOrder } from '../../src/families/streaming/store.js';
import { enableOrder } from '../../src/families/streaming/timeline.js';
import { createDirectory } from '../../src/platform/directory.js';

const zone = createZoneTime('Asia/Shanghai');
const at = (local: string) => parseInstant(local, 0, zone)!;
const DAY = 86_400_000;

function fixtures(orders: unknown[] = []) {
  return validateFixtures({
    packages: [
      { commodityCode: 'm1', commodityName: '月包', months: 1, quota: 10, price: '140' },
      { commodityCode: 'm3', commodityName: '季包', months: 3, quota: 20, price: '399' },
    ],
    identities: [{ identityId: 'admin-1' }],
    projects: [{ projectId: 'p1', name: 'P' }],
    devices: [{ iotId: 'dev', projectId: 'p1', identityId: 'admin-1' }],
    orders,
  });
}

function world(now: string, orders: unknown[] = []) {
  const nowMs = at(now);
  const ids = createIdSource(1);
  const directory = createDirectory(fixtures(orders));
  const store = createStore({ fixtures: fixtures(orders), now: nowMs, zone, ids, directory });
  const ctx = (t = nowMs): StreamingContext => ({ directory, store, now: t, zone, ids });
  const create = (commodityCode: string, copies: number, immediateUse = false, t = nowMs): Order => {
    const r = createOrder(ctx(t), { iotId: 'dev', commodityCode, copies, userName: null, userId: null, immediateUse });
    if (!r.ok) throw new Error(r.detail);
    return r.value;
  };
  return { store, nowMs, create, orders: () => ordersInCreationOrder(store, 'dev') };
}

const local = (ms: number) => zone.formatLocal(ms);

/** Every pair of unfrozen periods from `now` on is disjoint. */
function expectNoOverlap(orders: Order[]) {
  const periods = orders.filter((o) => !o.frozen).flatMap((o) => periodsOf(o)).sort((a, b) => a.start - b.start);
  for (let i = 1; i < periods.length; i++) expect(periods[i]!.start).toBeGreaterThanOrEqual(periods[i - 1]!.end);
}

describe('calendar months in the zone', () => {
  it('Jan 31 + 1 month is Feb 29 in a leap year', () => {
    const o = world('2024-01-31 10:00:00').create('m1', 1);
    expect(local(orderStart(o))).toBe('2024-01-31 10:00:00');
    expect(local(orderEnd(o))).toBe('2024-02-29 10:00:00');
  });
  it('Jan 31 + 1 month is Feb 28 in a common year', () => {
    const o = world('2023-01-31 10:00:00').create('m1', 1);
    expect(local(orderEnd(o))).toBe('2023-02-28 10:00:00');
  });
  it('Feb 29 + 12 months is Feb 28 of the next year', () => {
    const o = world('2024-02-29 08:00:00').create('m1', 12);
    expect(local(orderEnd(o))).toBe('2025-02-28 08:00:00');
  });
  it('Dec 31 crosses the year, late in the local day', () => {
    const o = world('2024-12-31 23:30:00').create('m1', 2);
    expect(local(orderEnd(o))).toBe('2025-02-28 23:30:00');
    expect(zone.formatUtc(orderStart(o))).toBe('2024-12-31T15:30:00Z');
  });
  it('copies 1 and 60 of a monthly package', () => {
    const w = world('2024-03-15 12:00:00');
    const one = w.create('m1', 1, true);
    expect(local(orderEnd(one))).toBe('2024-04-15 12:00:00');
    const sixty = world('2024-03-15 12:00:00').create('m1', 60);
    expect(local(orderEnd(sixty))).toBe('2029-03-15 12:00:00');
    expect(sixty.months).toBe(60);
    expect(sixty.price).toBe('8400');
  });
  it('copies multiply the package months (3 × quarterly = 9 months)', () => {
    const o = world('2024-01-10 00:00:00').create('m3', 3);
    expect(local(orderEnd(o))).toBe('2024-10-10 00:00:00');
  });
});

describe('queueing without immediateUse', () => {
  it('starts now on a device with no orders', () => {
    const w = world('2024-05-01 09:00:00');
    expect(orderStart(w.create('m1', 1))).toBe(w.nowMs);
  });
  it('a chain of 10 waiting orders tiles the timeline end to start', () => {
    const w = world('2024-01-31 10:00:00');
    const chain = Array.from({ length: 10 }, () => w.create('m1', 1));
    for (let i = 1; i < chain.length; i++) expect(orderStart(chain[i]!)).toBe(orderEnd(chain[i - 1]!));
    // Months chain from the previous end, so the Feb clamp carries on: Jan 31 -> Feb 29 -> Mar 29 ...
    expect(local(orderEnd(chain[9]!))).toBe('2024-11-29 10:00:00');
    expectNoOverlap(w.orders());
  });
  it('an expired order does not hold back a new one', () => {
    const w = world('2024-06-01 00:00:00', [{ iotId: 'dev', commodityCode: 'm1', startTime: 'now-3M' }]);
    const old = w.orders()[0]!;
    expect(orderStatus(old, w.nowMs)).toBe(1);
    expect(orderStart(w.create('m1', 1))).toBe(w.nowMs);
  });
  it('a frozen order holds no period: the new one starts now', () => {
    const w = world('2024-06-01 00:00:00', [{ iotId: 'dev', commodityCode: 'm3', startTime: 'now-10d', frozen: true }]);
    const frozen = w.orders()[0]!;
    const before = periodsOf(frozen);
    const o = w.create('m1', 1);
    expect(orderStart(o)).toBe(w.nowMs);
    expect(periodsOf(frozen)).toEqual(before);
    expect(orderStatus(frozen, w.nowMs)).toBe(2);
  });
});

describe('immediateUse', () => {
  it('cuts the order in effect and moves it and every waiting order later by the new length', () => {
    const w = world('2024-03-01 00:00:00', [
      { iotId: 'dev', commodityCode: 'm1', startTime: 'now-10d' },
      { iotId: 'dev', commodityCode: 'm3' },
      { iotId: 'dev', commodityCode: 'm1', copies: 2 },
    ]);
    const [inEffect, waiting1, waiting2] = w.orders() as [Order, Order, Order];
    const lengths = w.orders().map(orderLength);
    const before = w.orders().map((o) => periodsOf(o));
    const added = w.create('m1', 1, true);
    const L = orderLength(added);
    expect(orderStart(added)).toBe(w.nowMs);
    expect(local(orderEnd(added))).toBe('2024-04-01 00:00:00');
    // The order in effect keeps its consumed part and resumes after the new one.
    expect(periodsOf(inEffect)).toEqual([
      { start: before[0]![0]!.start, end: w.nowMs },
      { start: w.nowMs + L, end: before[0]![0]!.end + L },
    ]);
    expect(periodsOf(waiting1)).toEqual([{ start: before[1]![0]!.start + L, end: before[1]![0]!.end + L }]);
    expect(periodsOf(waiting2)).toEqual([{ start: before[2]![0]!.start + L, end: before[2]![0]!.end + L }]);
    expect([inEffect, waiting1, waiting2].map(orderLength)).toEqual(lengths);
    expectNoOverlap(w.orders());
  });
  it('inserted while a chain of 10 waits: every order keeps its exact length, nothing overlaps, nothing is lost', () => {
    const w = world('2024-01-31 10:00:00');
    const chain = Array.from({ length: 10 }, () => w.create('m1', 1));
    const lengths = chain.map(orderLength);
    const later = w.nowMs + 45 * DAY;
    const added = w.create('m3', 1, true, later);
    expect(w.orders()).toHaveLength(11);
    expect(chain.map(orderLength)).toEqual(lengths);
    expectNoOverlap(w.orders());
    // The queue still tiles: from the cut, through the new order, to the last waiting order.
    const total = w.orders().reduce((s, o) => s + orderLength(o), 0);
    expect(orderEnd(chain[9]!) - orderStart(chain[0]!)).toBe(total);
    expect(orderStart(added)).toBe(later);
  });
  it('does not move an expired order', () => {
    const w = world('2024-06-01 00:00:00', [{ iotId: 'dev', commodityCode: 'm1', startTime: 'now-3M' }]);
    const expired = periodsOf(w.orders()[0]!);
    w.create('m1', 1, true);
    expect(periodsOf(w.orders()[0]!)).toEqual(expired);
  });
  it('does not move a frozen order', () => {
    const w = world('2024-06-01 00:00:00', [{ iotId: 'dev', commodityCode: 'm3', startTime: 'now-10d', frozen: true }]);
    const frozen = periodsOf(w.orders()[0]!);
    w.create('m1', 1, true);
    expect(periodsOf(w.orders()[0]!)).toEqual(frozen);
  });
});

describe('enable', () => {
  it('moves a waiting order to now; orders ahead of it move later, orders behind it stay', () => {
    const w = world('2024-03-01 00:00:00', [
      { iotId: 'dev', commodityCode: 'm1', startTime: 'now-10d' },
      { iotId: 'dev', commodityCode: 'm3' },
      { iotId: 'dev', commodityCode: 'm1' },
      { iotId: 'dev', commodityCode: 'm1' },
    ]);
    const [a, b, c, d] = w.orders() as [Order, Order, Order, Order];
    const lengths = w.orders().map(orderLength);
    const dBefore = periodsOf(d);
    const r = enableOrder(c.device, c.row, w.nowMs);
    expect(r.ok).toBe(true);
    expect(orderStart(c)).toBe(w.nowMs);
    expect(orderStart(b)).toBe(orderEnd(a));
    expect(periodStart(a, 1)).toBe(orderEnd(c));
    expect(periodsOf(d)).toEqual(dBefore);
    expect(w.orders().map(orderLength)).toEqual(lengths);
    expectNoOverlap(w.orders());
  });
  it('returns an order in effect unchanged and refuses expired and frozen ones', () => {
    const w = world('2024-06-01 00:00:00', [
      { iotId: 'dev', commodityCode: 'm1', startTime: 'now-10d' },
      { iotId: 'dev', commodityCode: 'm1', startTime: 'now-3M' },
      { iotId: 'dev', commodityCode: 'm1', startTime: 'now-1d', frozen: true },
    ]);
    const [inEffect, expired, frozen] = w.orders() as [Order, Order, Order];
    const tl = inEffect.device;
    const before = periodsOf(inEffect);
    expect(enableOrder(tl, inEffect.row, w.nowMs)).toEqual({ ok: true, moved: false });
    expect(periodsOf(inEffect)).toEqual(before);
    expect(enableOrder(tl, expired.row, w.nowMs)).toEqual({ ok: false, reason: 'expired' });
    expect(enableOrder(tl, frozen.row, w.nowMs)).toEqual({ ok: false, reason: 'frozen' });
  });
});

describe('status from the clock', () => {
  it('is 0 while in effect or waiting and 1 from the end on', () => {
    const w = world('2024-06-01 00:00:00');
    const o = w.create('m1', 1);
    expect(orderStatus(o, w.nowMs)).toBe(0);
    expect(orderStatus(o, orderEnd(o) - 1)).toBe(0);
    expect(orderStatus(o, orderEnd(o))).toBe(1);
  });
});
