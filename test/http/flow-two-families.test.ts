/**
 * A camera app's whole value-added store on one device, through both families: the 直播分享
 * packages and the cloud-storage packages with the free trial. Each family keeps its own queue:
 * what happens on one never moves the other's orders, and each lists only its own.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { call, DEVICES, testApp } from '../support/api.js';
import { expectOrderShape, PATHS } from '../support/family.js';
import { callCs, CS, expectCsOrderShape } from '../support/cloud-storage.js';

describe('flow: one device, both families, the free trial', () => {
  let app: FastifyInstance;
  const iotId = DEVICES.doc;
  const ids = { free: '', cloudYear: '', streaming: '' };

  beforeAll(async () => {
    app = await testApp();
  });
  afterAll(() => app.close());

  const streamingOrder = async (orderId: string) => (await call(app, PATHS.get, { iotId, orderId })).body_.data;
  const cloudOrder = async (orderId: string) => (await callCs(app, CS.get, { iotId, orderId })).body_.data;

  it('1. the store page lists both families\' packages and the free plan', async () => {
    expect((await call(app, PATHS.commodities, {})).body_.data.length).toBeGreaterThan(0);
    expect((await callCs(app, CS.commodities, {})).body_.data).toHaveLength(16);
    expect((await callCs(app, CS.quotaCheck, { iotId })).body_).toMatchObject({ code: 200, data: null });
    expect((await callCs(app, CS.freeGet, { iotId })).body_.data).toMatchObject({ consumed: 0, remainQuota: 3 });
  });

  it('2. the user claims the free trial: one free month of event recording from now', async () => {
    const res = await callCs(app, CS.freeConsume, { iotId, quota: 1 });
    expect(res.body_.data).toMatchObject({ consumed: 1, startTime: '2024-11-15 10:00:00', endTime: '2024-12-15 10:00:00' });
    ids.free = (await callCs(app, CS.query, { iotId })).body_.data.orderList[0].orderId;
  });

  it('3. buys a yearly event package, which queues behind the free month', async () => {
    expect((await callCs(app, CS.check, { iotId, commodityCode: 'ilopLVCloudResourceYear', specification: 'eventResource_30' })).body_.data).toEqual({ available: true });
    const res = await callCs(app, CS.buy, { iotId, userName: '158****8558', commodityCode: 'ilopLVCloudResourceYear', specification: 'eventResource_30', copies: 1 });
    ids.cloudYear = res.body_.data.orderId;
    expect(await cloudOrder(ids.cloudYear)).toMatchObject({ status: 0, orderType: 0, startTime: '2024-12-15 10:00:00', endTime: '2025-12-15 10:00:00', price: '380.0' });
  });

  it('4. buys and pays a 直播分享 package for now: the cloud-storage queue does not move', async () => {
    const created = await call(app, PATHS.create, { iotId, commodityCode: 'streamingResource_20_10', copies: 1, immediateUse: true });
    ids.streaming = created.body_.data.orderId;
    const paid = await call(app, PATHS.pay, { iotId, orderId: ids.streaming });
    expect(paid.body_.data).toMatchObject({ paymentStatus: 1, startTime: '2024-11-15 10:00:00', endTime: '2024-12-15 10:00:00' });
    expect((await cloudOrder(ids.free)).startTime).toBe('2024-11-15 10:00:00');
    expect((await cloudOrder(ids.cloudYear)).startTime).toBe('2024-12-15 10:00:00');
  });

  it('5. makes the yearly package take effect now: it cuts the free month; the 直播分享 order stays', async () => {
    const before = await streamingOrder(ids.streaming);
    const res = await callCs(app, CS.enable, { iotId, orderId: ids.cloudYear });
    expect(res.body_.data).toMatchObject({ startTimeStr: '2024-11-15 10:00:00', endTimeStr: '2025-11-15 10:00:00' });
    // The free month began this instant, so all of it now follows the year.
    expect(await cloudOrder(ids.free)).toMatchObject({ startTime: '2025-11-15 10:00:00', endTime: '2025-12-15 10:00:00', orderType: 1 });
    expect(await streamingOrder(ids.streaming)).toEqual(before);
  });

  it('6. each family lists only its own orders, in its own paging', async () => {
    const streaming = (await call(app, PATHS.query, { iotId, pageNo: 1, pageSize: 20 })).body_.data;
    expect(streaming.orderList.map((o: { orderId: string }) => o.orderId)).toEqual([ids.streaming]);
    for (const o of streaming.orderList) expectOrderShape(o);
    const cloud = (await callCs(app, CS.query, { iotId, pageNo: 0 })).body_.data;
    expect(new Set(cloud.orderList.map((o: { orderId: string }) => o.orderId))).toEqual(new Set([ids.cloudYear, ids.free]));
    for (const o of cloud.orderList) expectCsOrderShape(o);
    // An orderId of one family is unknown to the other.
    expect((await callCs(app, CS.get, { iotId, orderId: ids.streaming })).body_.code).toBe(460);
    expect((await call(app, PATHS.get, { iotId, orderId: ids.cloudYear })).body_.code).toBe(460);
  });

  it('7. the free trial cannot be claimed twice; freezing it frees no new claim', async () => {
    expect((await callCs(app, CS.quotaCheck, { iotId })).body_.code).toBe(460);
    expect((await callCs(app, CS.freeStatusSet, { iotId, status: 2 })).body_.data).toMatchObject({ consumed: 1, expired: 2 });
    expect((await callCs(app, CS.freeConsume, { iotId })).body_.code).toBe(460);
  });

  it('8. forty days on, the streaming month is over and the cloud-storage year runs on', async () => {
    await app.inject({ method: 'POST', url: '/__admin/clock/advance', payload: { by: '40d' } });
    expect((await streamingOrder(ids.streaming)).status).toBe(1);
    expect(await cloudOrder(ids.cloudYear)).toMatchObject({ status: 0, preConsume: 40 * 86_400 });
  });
});
