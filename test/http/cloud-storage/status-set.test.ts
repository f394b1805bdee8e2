import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { DEVICES, testApp } from '../../support/api.js';
import { expectBusinessError } from '../../support/family.js';
import { callCs, CS, CS_ORDERS, CS_STATE_KEYS, DEVICE_ERRORS, USERS } from '../../support/cloud-storage.js';

describe('cloudstorage/status/set (177894)', () => {
  let app: FastifyInstance;
  beforeEach(async () => {
    app = await testApp();
  });
  afterEach(() => app.close());

  const set = (params: Record<string, unknown>) => callCs(app, CS.statusSet, { iotId: DEVICES.queue, orderId: CS_ORDERS.queueCurrent, status: 2, ...params });
  const get = async (orderId: string, iotId: string = DEVICES.queue) => (await callCs(app, CS.get, { iotId, orderId })).body_.data;

  it('status 2 freezes the order, answering every documented field with expired and status 2', async () => {
    const res = await set({});
    expect(res.body_).toMatchObject({ code: 200, message: null, localizedMsg: null });
    expect(Object.keys(res.body_.data)).toEqual(CS_STATE_KEYS);
    expect(res.body_.data).toMatchObject({
      orderId: CS_ORDERS.queueCurrent, commodityCode: 'ilopLVCloudResourceYear', specification: 'continuousResource_7', copies: 1,
      startTime: '2024-10-01 10:00:00', endTime: '2025-10-01 10:00:00', expired: 2, status: 2, paymentStatus: 1, price: '350.0',
      commodityType: 1, iotId: DEVICES.queue, identityId: USERS.li, preConsume: 45 * 86_400, outOrderNo: '310000000000203', orderType: 0,
      userName: '李娜', userId: USERS.li,
    });
    expect((await get(CS_ORDERS.queueCurrent)).status).toBe(2);
  });

  it('gives the frozen order\'s time back: the waiting orders move up to now [model]', async () => {
    await set({});
    const waiting = await get(CS_ORDERS.queueWaiting);
    expect([waiting.startTime, waiting.endTime, waiting.status]).toEqual(['2024-11-15 10:00:00', '2025-01-15 10:00:00', 0]);
    expect((await get(CS_ORDERS.queueUnpaid)).startTime).toBe('2025-01-15 10:00:00');
  });

  it('freezing twice answers the frozen order unchanged; a numeric string status is taken', async () => {
    const first = (await set({})).body_.data;
    expect((await set({ status: '2' })).body_.data).toEqual(first);
  });

  it('refuses 1, 3 and any status but 0 and 2 with 460', async () => {
    for (const status of [1, 3, 4, -1]) expectBusinessError(await set({ status }), 460, /only 2 \(frozen\) and 0/);
    expectBusinessError(await set({ status: 'frozen' }), 460, /params\.status/);
    expectBusinessError(await set({ status: undefined }), 460, /params\.status/);
  });

  it('without deviceNoOwner, only the order\'s buyer may be the device\'s administrator; with it the check is skipped', async () => {
    const bought = await callCs(app, CS.buy, { iotId: DEVICES.doc, userName: 'u', commodityCode: 'ilopLVCloudResource', specification: 'eventResource_7', copies: 1, deviceNoOwner: true });
    const orderId = bought.body_.data.orderId;
    expectBusinessError(await set({ iotId: DEVICES.doc, orderId }), 2066, /deviceNoOwner/);
    expectBusinessError(await set({ iotId: DEVICES.doc, orderId, deviceNoOwner: false }), 2066, /deviceNoOwner/);
    expect((await set({ iotId: DEVICES.doc, orderId, deviceNoOwner: true })).body_.data).toMatchObject({ status: 2, identityId: null });
    expectBusinessError(await set({ deviceNoOwner: 'yes' }), 460, /params\.deviceNoOwner/);
  });

  it('refuses an unknown or another device\'s order and missing params with 460', async () => {
    expectBusinessError(await set({ orderId: '202411050900001999999' }), 460, /no cloud-storage order/);
    expectBusinessError(await set({ orderId: CS_ORDERS.inEffect }), 460, /belongs to device/);
    expectBusinessError(await set({ orderId: undefined }), 460, /params\.orderId/);
    expectBusinessError(await set({ iotId: undefined }), 460, /params\.iotId/);
  });

  it.each(DEVICE_ERRORS)('answers %s with its code', async (_what, iotId, code) => {
    expectBusinessError(await set({ iotId }), code);
  });

  it('status 0 answers an order in use as it is (177894\'s example sends 0) [model]', async () => {
    const before = await get(CS_ORDERS.queueCurrent);
    const res = await set({ status: 0 });
    expect(res.body_.code, String(res.headers['x-mock-error-detail'])).toBe(200);
    expect(res.body_.data).toMatchObject({ orderId: CS_ORDERS.queueCurrent, status: 0, expired: 0, startTime: before.startTime, endTime: before.endTime });
  });

  it('status 0 puts a frozen order back in use: it queues after the device\'s orders with the time its span had left [model]', async () => {
    // The frozen camera's order: 3 months from 31 days ago (Oct 15 -> Jan 15), frozen; its 61 days left
    // queue after the free month the camera's user claimed 3 days ago (to Dec 12).
    const res = await set({ iotId: DEVICES.frozen, orderId: CS_ORDERS.frozen, status: 0 });
    expect(res.body_.code, String(res.headers['x-mock-error-detail'])).toBe(200);
    expect(res.body_.data).toMatchObject({ status: 0, expired: 0, startTime: '2024-12-12 10:00:00', endTime: '2025-02-11 10:00:00' });
    expect((await get(CS_ORDERS.frozen, DEVICES.frozen)).status).toBe(0);
    // Frozen again and back again: the same order, the same end.
    await set({ iotId: DEVICES.frozen, orderId: CS_ORDERS.frozen, status: 2 });
    expect((await set({ iotId: DEVICES.frozen, orderId: CS_ORDERS.frozen, status: 0 })).body_.data).toMatchObject({ status: 0, endTime: '2025-02-11 10:00:00' });
  });
});
