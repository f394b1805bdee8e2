import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { DEVICES, DOC_USER_ID, testApp } from '../../support/api.js';
import { expectBusinessError } from '../../support/family.js';
import { callCs, CS, CS_ORDERS, CS_STATE_KEYS, USERS } from '../../support/cloud-storage.js';

describe('cloudstorage/transfer (177893)', () => {
  let app: FastifyInstance;
  beforeEach(async () => {
    app = await testApp();
  });
  afterEach(() => app.close());

  // The living-room camera's event package (20 days left) to the hallway camera: both 张伟's.
  const MOVE = { srcIotId: DEVICES.inEffect, srcOrderId: CS_ORDERS.inEffect, dstIotId: DEVICES.empty };
  const transfer = (params: Record<string, unknown>) => callCs(app, CS.transfer, { ...MOVE, ...params });
  const list = async (iotId: string) => (await callCs(app, CS.query, { iotId })).body_.data.orderList.map((o: { orderId: string }) => o.orderId);

  it('moves the time the order has left to the other device, same orderId, answering every documented field', async () => {
    const res = await transfer({ enableDefaultPlan: true, preRecordDuration: 3, recordDuration: 20, eventRecordProlong: false, userName: '张伟2' });
    expect(res.body_).toMatchObject({ code: 200, message: null, localizedMsg: null });
    expect(Object.keys(res.body_.data)).toEqual(CS_STATE_KEYS);
    expect(res.body_.data).toMatchObject({
      orderId: CS_ORDERS.inEffect, iotId: DEVICES.empty, identityId: USERS.zhang, commodityCode: 'ilopLVCloudResource', specification: 'eventResource_7',
      copies: 1, startTime: '2024-11-15 10:00:00', endTime: '2024-12-05 10:00:00', expired: 0, status: 0, paymentStatus: 1, price: '15.0',
      commodityType: 2, orderType: 0, outOrderNo: '310000000000201', userName: '张伟2', userId: USERS.zhang, preConsume: 0,
    });
    expect(await list(DEVICES.empty)).toContain(CS_ORDERS.inEffect);
    expect(await list(DEVICES.inEffect)).not.toContain(CS_ORDERS.inEffect);
    expectBusinessError(await callCs(app, CS.get, { iotId: DEVICES.inEffect, orderId: CS_ORDERS.inEffect }), 460, /belongs to device/);
  });

  it('queues behind the target\'s orders by default, and with immediateUse cuts the one in effect', async () => {
    const bought = await callCs(app, CS.buy, { iotId: DEVICES.empty, userName: 'z', commodityCode: 'ilopLVCloudResource', specification: 'eventResource_3', copies: 1 });
    const queued = await transfer({});
    expect([queued.body_.data.startTime, queued.body_.data.endTime]).toEqual(['2024-12-15 10:00:00', '2025-01-04 10:00:00']);
    const app2 = await testApp();
    try {
      await callCs(app2, CS.buy, { iotId: DEVICES.empty, userName: 'z', commodityCode: 'ilopLVCloudResource', specification: 'eventResource_3', copies: 1 });
      const now = await callCs(app2, CS.transfer, { ...MOVE, immediateUse: true });
      expect([now.body_.data.startTime, now.body_.data.endTime]).toEqual(['2024-11-15 10:00:00', '2024-12-05 10:00:00']);
    } finally {
      await app2.close();
    }
    expect(bought.body_.code).toBe(200);
  });

  it('moves across accounts only with supportCrossIdentityTransfer, to the target\'s administrator', async () => {
    const refused = await transfer({ dstIotId: DEVICES.doc });
    expectBusinessError(refused, 2065, /supportCrossIdentityTransfer/);
    expect(refused.body_).toMatchObject({ message: 'identityId and iotId not bound', localizedMsg: '设备和账号未绑定' });
    const res = await transfer({ dstIotId: DEVICES.doc, supportCrossIdentityTransfer: true });
    expect(res.body_.data).toMatchObject({ iotId: DEVICES.doc, identityId: DOC_USER_ID });
  });

  it('refuses a free, frozen, unpaid or expired order with 460', async () => {
    const claimed = await callCs(app, CS.freeConsume, { iotId: DEVICES.doc });
    expect(claimed.body_.code).toBe(200);
    const free = (await callCs(app, CS.query, { iotId: DEVICES.doc })).body_.data.orderList[0].orderId;
    expectBusinessError(await transfer({ srcIotId: DEVICES.doc, srcOrderId: free, dstIotId: DEVICES.empty, supportCrossIdentityTransfer: true }), 460, /free order/);
    expectBusinessError(await transfer({ srcIotId: DEVICES.frozen, srcOrderId: CS_ORDERS.frozen, supportCrossIdentityTransfer: true }), 460, /frozen/);
    expectBusinessError(await transfer({ srcIotId: DEVICES.queue, srcOrderId: CS_ORDERS.queueUnpaid, supportCrossIdentityTransfer: true }), 460, /not paid/);
    expectBusinessError(await transfer({ srcIotId: DEVICES.queue, srcOrderId: CS_ORDERS.queueExpired, supportCrossIdentityTransfer: true }), 460, /expired/);
  });

  it('refuses the same device, another project\'s device and a target recording the other way with 460', async () => {
    expectBusinessError(await transfer({ dstIotId: DEVICES.inEffect }), 460, /already on this device/);
    expectBusinessError(await transfer({ dstIotId: DEVICES.otherProject, supportCrossIdentityTransfer: true }), 460, /project/);
    expectBusinessError(await transfer({ dstIotId: DEVICES.queue, supportCrossIdentityTransfer: true }), 460, /records with type 1/);
  });

  it('refuses an unknown or another device\'s order, and unknown or forbidden devices', async () => {
    expectBusinessError(await transfer({ srcOrderId: '202411050900001999999' }), 460, /params\.srcOrderId/);
    expectBusinessError(await transfer({ srcOrderId: CS_ORDERS.queueCurrent }), 460, /params\.srcOrderId.*belongs to device/);
    expectBusinessError(await transfer({ srcIotId: 'NoSuchDevice0000000000000' }), 2063, /params\.srcIotId/);
    expectBusinessError(await transfer({ dstIotId: 'NoSuchDevice0000000000000' }), 2063);
    expectBusinessError(await transfer({ dstIotId: DEVICES.forbidden }), 403);
  });

  it('records the source device in the journal and lets a fault rule for that device match', async () => {
    await transfer({});
    const journal = (await app.inject({ method: 'GET', url: `/__admin/requests?iotId=${DEVICES.inEffect}&path=${encodeURIComponent(CS.transfer.path)}` })).json();
    expect(journal.requests ?? journal).toHaveLength(1);
    await app.inject({ method: 'POST', url: '/__admin/faults', payload: { type: 'error', code: 503, match: { iotId: DEVICES.queue } } });
    expectBusinessError(await transfer({ srcIotId: DEVICES.queue, srcOrderId: CS_ORDERS.queueCurrent }), 503);
  });

  it.each([
    ['srcIotId', undefined], ['srcOrderId', undefined], ['dstIotId', undefined], ['dstIotId', ''],
    ['immediateUse', 'no'], ['supportCrossIdentityTransfer', 1], ['enableDefaultPlan', 'x'], ['eventRecordProlong', 0],
    ['preRecordDuration', 6], ['recordDuration', 31], ['userName', 5], ['userId', false],
  ])('refuses %s = %j with 460 naming the field', async (field, value) => {
    expectBusinessError(await transfer({ [field]: value }), 460, new RegExp(`params\\.${field}`));
  });
});
