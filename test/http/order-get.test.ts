import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { call, DEVICES, testApp } from '../support/api.js';
import { expectBusinessError, expectOrderShape, ORDERS, PATHS } from '../support/family.js';

describe('order/get', () => {
  let app: FastifyInstance;
  beforeEach(async () => {
    app = await testApp();
  });
  afterEach(() => app.close());

  it('returns one order of the device with every field, iotId included', async () => {
    const res = await call(app, PATHS.get, { iotId: DEVICES.inEffect, orderId: ORDERS.inEffect });
    expect(res.body_).toMatchObject({ code: 200, message: null, localizedMsg: null });
    expectOrderShape(res.body_.data);
    expect(res.body_.data).toEqual({
      identityId: '50e9op7a1c31d2e4f5a6b7c8d9e0f1a2b3c4d5e6',
      orderId: ORDERS.inEffect,
      outOrderNo: '210000000000001',
      commodityName: '视频设备分享增值服务(20人分享10人同时可看)月套餐',
      commodityCode: 'streamingResource_20_10',
      copies: 1,
      startTime: '2024-11-05 10:00:00',
      endTime: '2024-12-05 10:00:00',
      startTimeUTC: '2024-11-05T02:00:00Z',
      endTimeUTC: '2024-12-05T02:00:00Z',
      status: 0,
      paymentStatus: 1,
      price: '140',
      userName: '张伟',
      userId: '50e9op7a1c31d2e4f5a6b7c8d9e0f1a2b3c4d5e6',
      months: 1,
      iotId: DEVICES.inEffect,
    });
  });

  it('derives status from the clock at read time: 0 until the end, then 1; a frozen order is 2', async () => {
    const ref = { iotId: DEVICES.inEffect, orderId: ORDERS.inEffect };
    app.world.clock.set(Date.parse('2024-12-05T01:59:59Z'));
    expect((await call(app, PATHS.get, ref)).body_.data.status).toBe(0);
    app.world.clock.advance(1000);
    expect((await call(app, PATHS.get, ref)).body_.data.status).toBe(1);
    expect((await call(app, PATHS.get, { iotId: DEVICES.frozen, orderId: ORDERS.frozen })).body_.data.status).toBe(2);
    expect((await call(app, PATHS.get, { iotId: DEVICES.queue, orderId: ORDERS.queueExpired })).body_.data.status).toBe(1);
  });

  it('returns a just-created order as create answered it, plus iotId', async () => {
    const created = await call(app, PATHS.create, { iotId: DEVICES.doc, commodityCode: 'streamingResource_20_10', copies: 2 });
    const got = await call(app, PATHS.get, { iotId: DEVICES.doc, orderId: created.body_.data.orderId });
    expect(got.body_.data).toEqual({ ...created.body_.data, iotId: DEVICES.doc });
  });

  it('answers 460 for an unknown order, another device\'s order and missing params', async () => {
    expectBusinessError(await call(app, PATHS.get, { iotId: DEVICES.inEffect, orderId: '1' }), 460, /no order "1"/);
    expectBusinessError(await call(app, PATHS.get, { iotId: DEVICES.empty, orderId: ORDERS.inEffect }), 460, /another device/);
    expectBusinessError(await call(app, PATHS.get, { orderId: ORDERS.inEffect }), 460, /params\.iotId/);
    expectBusinessError(await call(app, PATHS.get, { iotId: DEVICES.inEffect }), 460, /params\.orderId/);
  });

  it('answers 2063 for an unknown device and 403 for a forbidden one', async () => {
    const unknown = await call(app, PATHS.get, { iotId: 'no-such-device', orderId: ORDERS.inEffect });
    expectBusinessError(unknown, 2063);
    expect(unknown.body_).toMatchObject({ message: 'iotId not exist', localizedMsg: '设备不存在' });
    expectBusinessError(await call(app, PATHS.get, { iotId: DEVICES.forbidden, orderId: ORDERS.inEffect }), 403);
  });
});
