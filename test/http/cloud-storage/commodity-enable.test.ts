import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { DEVICES, T0, testApp } from '../../support/api.js';
import { expectBusinessError } from '../../support/family.js';
import { callCs, CS, CS_ORDERS, DEVICE_ERRORS } from '../../support/cloud-storage.js';

const ENABLED_KEYS = ['orderId', 'commodityCode', 'specification', 'copies', 'startTime', 'startTimeStr', 'startTimeUTC', 'endTime', 'endTimeStr', 'endTimeUTC', 'expired', 'paymentStatus', 'price', 'commodityType'];
const NOW = Date.parse(T0);
const DAY = 86_400_000;

describe('cloudstorage/commodity/enable (177891)', () => {
  let app: FastifyInstance;
  beforeEach(async () => {
    app = await testApp();
  });
  afterEach(() => app.close());

  const enable = (orderId: string, iotId: string = DEVICES.queue, apiVer?: string) => callCs(app, CS.enable, { iotId, orderId }, apiVer ? { apiVer } : {});
  const get = async (orderId: string, iotId: string = DEVICES.queue) => (await callCs(app, CS.get, { iotId, orderId })).body_.data;

  it('makes a waiting order take effect now, answering as the page\'s example: epoch ms times beside their text forms', async () => {
    const res = await enable(CS_ORDERS.queueWaiting);
    expect(res.body_).toMatchObject({ code: 200, message: null, localizedMsg: null });
    expect(Object.keys(res.body_.data)).toEqual(ENABLED_KEYS);
    // Its exact length (Oct 1 -> Dec 1 2025: 61 days) moves to now.
    expect(res.body_.data).toEqual({
      orderId: CS_ORDERS.queueWaiting, commodityCode: 'ilopLVCloudResource', specification: 'continuousResource_30', copies: 2,
      startTime: NOW, startTimeStr: '2024-11-15 10:00:00', startTimeUTC: '2024-11-15T02:00:00Z',
      endTime: NOW + 61 * DAY, endTimeStr: '2025-01-15 10:00:00', endTimeUTC: '2025-01-15T02:00:00Z',
      expired: 0, paymentStatus: 1, price: '176.0', commodityType: 1,
    });
  });

  it('cuts the order in effect at now and keeps the rest of the queue in order, with no gap (docs/streaming.md)', async () => {
    await enable(CS_ORDERS.queueWaiting);
    const current = await get(CS_ORDERS.queueCurrent);
    const unpaid = await get(CS_ORDERS.queueUnpaid);
    expect([current.startTime, current.endTime, current.status]).toEqual(['2024-10-01 10:00:00', '2025-12-01 10:00:00', 0]);
    expect([unpaid.startTime, unpaid.endTime]).toEqual(['2025-12-01 10:00:00', '2026-01-01 10:00:00']);
  });

  it('returns an order already in effect unchanged', async () => {
    const before = await get(CS_ORDERS.queueCurrent);
    const res = await enable(CS_ORDERS.queueCurrent);
    expect(res.body_.data).toMatchObject({ startTimeStr: before.startTime, endTimeStr: before.endTime, expired: 0 });
    expect(await get(CS_ORDERS.queueCurrent)).toEqual(before);
  });

  it('serves apiVer 1.0.1 (PHP client) the same', async () => {
    expect((await enable(CS_ORDERS.queueWaiting, DEVICES.queue, '1.0.1')).body_.data.startTime).toBe(NOW);
  });

  it('refuses an expired, a frozen or an unpaid order with 460', async () => {
    expectBusinessError(await enable(CS_ORDERS.queueExpired), 460, /expired/);
    expectBusinessError(await enable(CS_ORDERS.frozen, DEVICES.frozen), 460, /frozen/);
    expectBusinessError(await enable(CS_ORDERS.queueUnpaid), 460, /not paid/);
  });

  it('refuses an unknown or another device\'s order and missing params with 460', async () => {
    expectBusinessError(await enable('202411050900001999999'), 460, /no cloud-storage order/);
    expectBusinessError(await enable(CS_ORDERS.inEffect), 460, /belongs to device/);
    expectBusinessError(await callCs(app, CS.enable, { iotId: DEVICES.queue }), 460, /params\.orderId/);
    expectBusinessError(await callCs(app, CS.enable, { orderId: CS_ORDERS.queueWaiting }), 460, /params\.iotId/);
  });

  it.each(DEVICE_ERRORS)('answers %s with its code', async (_what, iotId, code) => {
    expectBusinessError(await enable(CS_ORDERS.queueWaiting, iotId), code);
  });
});
