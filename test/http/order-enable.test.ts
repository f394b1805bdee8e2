import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { call, DEVICES, T0, testApp } from '../support/api.js';
import { expectBusinessError, expectOrderShape, ORDERS, PATHS, utcMs } from '../support/family.js';

describe('order/enable', () => {
  let app: FastifyInstance;
  beforeEach(async () => {
    app = await testApp();
  });
  afterEach(() => app.close());

  const get = async (orderId: string) => (await call(app, PATHS.get, { iotId: DEVICES.queue, orderId })).body_.data;

  it('makes a waiting order take effect now, and get and query show the moved times afterwards', async () => {
    const before = {
      current: await get(ORDERS.queueCurrent),
      w1: await get(ORDERS.queueWaiting1),
      w2: await get(ORDERS.queueWaiting2),
      unpaid: await get(ORDERS.queueUnpaid),
    };
    const length = utcMs(before.w2.endTimeUTC) - utcMs(before.w2.startTimeUTC);
    const res = await call(app, PATHS.enable, { iotId: DEVICES.queue, orderId: ORDERS.queueWaiting2 });
    expect(res.body_).toMatchObject({ code: 200, message: null, localizedMsg: null });
    expectOrderShape(res.body_.data);
    const enabled = res.body_.data;
    expect(enabled.startTimeUTC).toBe('2024-11-15T02:00:00Z');
    expect(utcMs(enabled.endTimeUTC) - utcMs(enabled.startTimeUTC)).toBe(length);
    expect(enabled.status).toBe(0);
    expect(await get(ORDERS.queueWaiting2)).toEqual(enabled);

    // The order in effect keeps its start; its remainder now ends later by the enabled length.
    const current = await get(ORDERS.queueCurrent);
    expect(current.startTime).toBe(before.current.startTime);
    expect(utcMs(current.endTimeUTC)).toBe(utcMs(before.current.endTimeUTC) + length);
    // The order that waited before it moves later by the same length; the one that waited after it does not move.
    const w1 = await get(ORDERS.queueWaiting1);
    expect(utcMs(w1.startTimeUTC)).toBe(utcMs(before.w1.startTimeUTC) + length);
    const unpaid = await get(ORDERS.queueUnpaid);
    expect(unpaid.startTimeUTC).toBe(before.unpaid.startTimeUTC);

    const listed = (await call(app, PATHS.query, { iotId: DEVICES.queue })).body_.data.orderList;
    expect(listed.find((o: { orderId: string }) => o.orderId === ORDERS.queueWaiting1)).toEqual(w1);
    expect(listed.find((o: { orderId: string }) => o.orderId === ORDERS.queueWaiting2)).toEqual(enabled);
  });

  it('returns an order already in effect unchanged', async () => {
    const before = await get(ORDERS.queueCurrent);
    const waitingBefore = await get(ORDERS.queueWaiting1);
    const res = await call(app, PATHS.enable, { iotId: DEVICES.queue, orderId: ORDERS.queueCurrent });
    expect(res.body_.data).toEqual(before);
    expect(utcMs(before.startTimeUTC)).toBeLessThan(Date.parse(T0));
    expect(await get(ORDERS.queueWaiting1)).toEqual(waitingBefore);
  });

  it('refuses an expired order, a frozen order, an unknown order and another device\'s order with 460', async () => {
    expectBusinessError(await call(app, PATHS.enable, { iotId: DEVICES.queue, orderId: ORDERS.queueExpired }), 460, /expired/);
    expectBusinessError(await call(app, PATHS.enable, { iotId: DEVICES.frozen, orderId: ORDERS.frozen }), 460, /frozen/);
    expectBusinessError(await call(app, PATHS.enable, { iotId: DEVICES.queue, orderId: '42' }), 460, /no order/);
    expectBusinessError(await call(app, PATHS.enable, { iotId: DEVICES.queue, orderId: ORDERS.inEffect }), 460, /another device/);
    expectBusinessError(await call(app, PATHS.enable, { iotId: 'nope', orderId: ORDERS.inEffect }), 2063);
    expectBusinessError(await call(app, PATHS.enable, { iotId: DEVICES.queue }), 460, /params\.orderId/);
  });
});
