import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { call, DEVICES, T0, testApp } from '../support/api.js';
import { expectOrderShape, PATHS, utcMs } from '../support/family.js';
import { orderEnd, orderLength, orderStart, periodsOf } from '../../src/families/streaming/order.js';
import { allOrders, findOrderAnywhere, readOrdersOf, streamingStoreOf } from '../../src/families/streaming/store.js';

const DAY = 86_400_000;

/**
 * A purchase page end to end on one device: list packages, buy three (two queued, one for
 * now), pay them, make the last waiting one take effect, list them. After every move the
 * device's periods must tile its timeline from the first purchase on, with no overlap and no
 * gap (none of these moves is allowed to open one), and no order may gain or lose time.
 */
describe('flow: packages, three orders, pay, enable, list', () => {
  let app: FastifyInstance;
  const iotId = DEVICES.empty;
  const lengths = new Map<string, number>();

  beforeAll(async () => {
    app = await testApp();
  });
  afterAll(() => app.close());

  /** The device's periods from the store, and the checks every move must keep. */
  function expectTiledAndConserved(): void {
    const orders = [...allOrders(streamingStoreOf(app.world))].filter((o) => o.iotId === iotId);
    const periods = orders.flatMap((o) => periodsOf(o)).sort((a, b) => a.start - b.start);
    expect(periods[0]!.start).toBe(Date.parse(T0));
    for (let i = 1; i < periods.length; i++) expect(periods[i]!.start).toBe(periods[i - 1]!.end);
    for (const o of orders) expect(orderLength(o)).toBe(lengths.get(o.orderId));
    const total = orders.reduce((sum, o) => sum + orderLength(o), 0);
    expect(total).toBe([...lengths.values()].reduce((a, b) => a + b, 0));
    expect(periods.at(-1)!.end - periods[0]!.start).toBe(total);
  }

  /** What get shows must agree with the store: startTime the first period's start, endTime the last one's end. */
  async function expectWireMatchesStore(orderId: string): Promise<Record<string, any>> {
    const res = await call(app, PATHS.get, { iotId, orderId });
    expect(res.body_.code).toBe(200);
    expectOrderShape(res.body_.data);
    const stored = findOrderAnywhere(streamingStoreOf(app.world), orderId)!;
    expect(utcMs(res.body_.data.startTimeUTC)).toBe(orderStart(stored));
    expect(utcMs(res.body_.data.endTimeUTC)).toBe(orderEnd(stored));
    return res.body_.data;
  }

  it('runs the whole family on one store and one timeline', async () => {
    const packages = (await call(app, PATHS.commodities, {})).body_.data as { commodityCode: string; months: number; price: string }[];
    const monthly = packages.find((p) => p.commodityCode === 'streamingResource_20_10')!;
    const quarterly = packages.find((p) => p.months === 3)!;
    const trial = packages.find((p) => p.commodityCode === 'streamingResource_5_1')!;

    const create = async (commodityCode: string, copies: number, immediateUse: boolean) => {
      const res = await call(app, PATHS.create, { iotId, commodityCode, copies, userName: '测试', userId: 'u-1', immediateUse });
      expect(res.body_.code).toBe(200);
      const order = res.body_.data;
      lengths.set(order.orderId, utcMs(order.endTimeUTC) - utcMs(order.startTimeUTC));
      return order;
    };

    const a = await create(monthly.commodityCode, 1, false);
    expect(a.startTime).toBe('2024-11-15 10:00:00');
    expect(a.price).toBe(monthly.price);
    const b = await create(quarterly.commodityCode, 1, false);
    expect(b.startTimeUTC).toBe(a.endTimeUTC);
    expectTiledAndConserved();

    // Bought for now: it starts at once and pushes both queued orders later by its length.
    const c = await create(trial.commodityCode, 2, true);
    expect(c.startTimeUTC).toBe('2024-11-15T02:00:00Z');
    expect(c.price).toBe('19.8');
    expectTiledAndConserved();
    const aMoved = await expectWireMatchesStore(a.orderId);
    expect(aMoved.startTimeUTC).toBe(c.endTimeUTC);
    expect(utcMs(aMoved.startTimeUTC)).toBe(utcMs(a.startTimeUTC) + lengths.get(c.orderId)!);

    for (const order of [a, b, c]) {
      const paid = await call(app, PATHS.pay, { iotId, orderId: order.orderId });
      expect(paid.body_.data).toMatchObject({ orderId: order.orderId, paymentStatus: 1, status: 0, iotId });
    }
    expectTiledAndConserved();

    // Ten days later, the last waiting order (b) is made to take effect now.
    app.world.clock.advance(10 * DAY);
    const now = app.world.clock.now();
    const enabled = await call(app, PATHS.enable, { iotId, orderId: b.orderId });
    expect(enabled.body_.code).toBe(200);
    expect(utcMs(enabled.body_.data.startTimeUTC)).toBe(now);
    expect(utcMs(enabled.body_.data.endTimeUTC)).toBe(now + lengths.get(b.orderId)!);
    expectTiledAndConserved();
    // c is cut at now and its remainder follows b; a follows c's remainder.
    const cAfter = findOrderAnywhere(streamingStoreOf(app.world), c.orderId)!;
    expect(periodsOf(cAfter)).toEqual([
      { start: Date.parse(T0), end: now },
      { start: now + lengths.get(b.orderId)!, end: Date.parse(T0) + lengths.get(c.orderId)! + lengths.get(b.orderId)! },
    ]);
    for (const order of [a, b, c]) await expectWireMatchesStore(order.orderId);

    const list = await call(app, PATHS.query, { iotId, pageNo: 1, pageSize: 10 });
    expect(list.body_.data).toMatchObject({ pageNo: 1, pageSize: 10, pageCount: 1, total: 3 });
    // All three were created at the same instant: the later-created comes first.
    expect(list.body_.data.orderList.map((o: { orderId: string }) => o.orderId)).toEqual([c.orderId, b.orderId, a.orderId]);
    for (const listed of list.body_.data.orderList) {
      expect(listed).toEqual((await call(app, PATHS.get, { iotId, orderId: listed.orderId })).body_.data);
      expect(listed).toMatchObject({ status: 0, paymentStatus: 1 });
    }

    // Enabling it again changes nothing: it is in effect.
    const again = await call(app, PATHS.enable, { iotId, orderId: b.orderId });
    expect(again.body_.data).toEqual(enabled.body_.data);
    expectTiledAndConserved();
  });
});
