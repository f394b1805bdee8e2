import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { DEVICES, testApp } from '../../support/api.js';
import { expectBusinessError } from '../../support/family.js';
import { callCs, CS, CS_ORDERS, DEVICE_ERRORS, expectCsOrderShape, USERS } from '../../support/cloud-storage.js';

describe('cloudstorage/order/get (177886)', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await testApp();
  });
  afterAll(() => app.close());

  const get = (params: Record<string, unknown>, apiVer?: string) => callCs(app, CS.get, params, apiVer ? { apiVer } : {});

  it('answers every documented field of an order in effect, in the documented order', async () => {
    const res = await get({ iotId: DEVICES.inEffect, orderId: CS_ORDERS.inEffect });
    expect(res.body_).toMatchObject({ code: 200, message: null, localizedMsg: null });
    expectCsOrderShape(res.body_.data);
    expect(res.body_.data).toEqual({
      iotId: DEVICES.inEffect, identityId: USERS.zhang, commodityCode: 'ilopLVCloudResource', specification: 'eventResource_7', copies: 1,
      price: '15.0', userName: '张伟', userId: USERS.zhang, orderId: CS_ORDERS.inEffect, outOrderNo: '310000000000201', status: 0, paymentStatus: 1,
      recordType: 2, orderType: 0, startTime: '2024-11-05 10:00:00', endTime: '2024-12-05 10:00:00', startTimeUTC: '2024-11-05T02:00:00Z',
      endTimeUTC: '2024-12-05T02:00:00Z', preConsume: 10 * 86_400,
    });
  });

  it.each([
    ['waiting (0, nothing used yet)', CS_ORDERS.queueWaiting, { status: 0, paymentStatus: 1, preConsume: 0, startTime: '2025-10-01 10:00:00', endTime: '2025-12-01 10:00:00', price: '176.0', copies: 2 }],
    ['created and unpaid (3)', CS_ORDERS.queueUnpaid, { status: 3, paymentStatus: 0, startTime: '2025-12-01 10:00:00' }],
    ['expired (1)', CS_ORDERS.queueExpired, { status: 1, paymentStatus: 1, endTime: '2024-06-15 10:00:00' }],
    ['free, claimed and expired (orderType 1)', CS_ORDERS.queueFree, { status: 1, orderType: 1, price: '0.0', commodityCode: 'ilopLVFreeCloudResource', specification: 'eventResource_7', recordType: 2 }],
  ])('derives the status of an order %s from the clock', async (_what, orderId, expected) => {
    const res = await get({ iotId: DEVICES.queue, orderId });
    expectCsOrderShape(res.body_.data);
    expect(res.body_.data).toMatchObject(expected);
  });

  it('answers status 2 for a frozen order, with the span it held', async () => {
    const res = await get({ iotId: DEVICES.frozen, orderId: CS_ORDERS.frozen });
    expect(res.body_.data).toMatchObject({ status: 2, startTime: '2024-10-15 10:00:00', endTime: '2025-01-15 10:00:00', price: '114.0', copies: 3 });
  });

  it('serves apiVer 1.0.5 (the other copy of the page) and 1.0.4 (PHP client) the same, and takes deviceNoOwner', async () => {
    const params = { iotId: DEVICES.inEffect, orderId: CS_ORDERS.inEffect };
    const current = (await get(params)).body_.data;
    expect((await get(params, '1.0.5')).body_.data).toEqual(current);
    expect((await get(params, '1.0.4')).body_.data).toEqual(current);
    expect((await get({ ...params, deviceNoOwner: true })).body_.data).toEqual(current);
    expectBusinessError(await get(params, '1.0.0'), 404);
  });

  it('refuses an unknown orderId, another device\'s order and a 直播分享 orderId with 460', async () => {
    expectBusinessError(await get({ iotId: DEVICES.inEffect, orderId: '202411050900001999999' }), 460, /no cloud-storage order/);
    expectBusinessError(await get({ iotId: DEVICES.doc, orderId: CS_ORDERS.inEffect }), 460, /belongs to device/);
    expectBusinessError(await get({ iotId: DEVICES.inEffect, orderId: '202411051000001000001' }), 460, /no cloud-storage order/);
  });

  it('refuses missing, empty or mistyped params with 460', async () => {
    expectBusinessError(await get({ iotId: DEVICES.inEffect }), 460, /params\.orderId/);
    expectBusinessError(await get({ orderId: CS_ORDERS.inEffect }), 460, /params\.iotId/);
    expectBusinessError(await get({ iotId: DEVICES.inEffect, orderId: '' }), 460, /params\.orderId/);
    expectBusinessError(await get({ iotId: DEVICES.inEffect, orderId: 202411051000001000201 }), 460, /params\.orderId/);
    expectBusinessError(await get({ iotId: DEVICES.inEffect, orderId: CS_ORDERS.inEffect, deviceNoOwner: 'no' }), 460, /params\.deviceNoOwner/);
  });

  it.each(DEVICE_ERRORS)('answers %s with its code', async (_what, iotId, code) => {
    expectBusinessError(await get({ iotId, orderId: CS_ORDERS.inEffect }), code);
  });
});

describe('order/get with --payment-settle-ms', () => {
  it('shows a new order as paying (2) and created (status 3) until it settles, then paid and in effect', async () => {
    const app = await testApp({ paymentSettleMs: 60_000 });
    try {
      const bought = await callCs(app, CS.buy, { iotId: DEVICES.doc, userName: 'u', commodityCode: 'ilopLVCloudResource', specification: 'eventResource_1', copies: 1 });
      const params = { iotId: DEVICES.doc, orderId: bought.body_.data.orderId };
      expect((await callCs(app, CS.get, params)).body_.data).toMatchObject({ paymentStatus: 2, status: 3 });
      await app.inject({ method: 'POST', url: '/__admin/clock/advance', payload: { by: '1m' } });
      expect((await callCs(app, CS.get, params)).body_.data).toMatchObject({ paymentStatus: 1, status: 0, preConsume: 60 });
    } finally {
      await app.close();
    }
  });
});
