import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { DEVICES, DOC_USER_ID, testApp } from '../../support/api.js';
import { expectBusinessError } from '../../support/family.js';
import { callCs, CS, DEVICE_ERRORS, expectCsOrderShape, FREE_KEYS } from '../../support/cloud-storage.js';

describe('freecloudstorage/consume (177878)', () => {
  let app: FastifyInstance;
  beforeEach(async () => {
    app = await testApp();
  });
  afterEach(() => app.close());

  const consume = (params: Record<string, unknown> = {}, apiVer?: string) => callCs(app, CS.freeConsume, { iotId: DEVICES.doc, ...params }, apiVer ? { apiVer } : {});

  it('claims 1 month by default: a free order (orderType 1, price "0.0") in effect from now', async () => {
    const res = await consume({ enableDefaultPlan: true, preRecordDuration: 5, recordDuration: 10, eventRecordProlong: true });
    expect(res.body_).toMatchObject({ code: 200, message: null, localizedMsg: null });
    expect(Object.keys(res.body_.data)).toEqual(FREE_KEYS);
    expect(res.body_.data).toEqual({
      type: 2, lifecycle: 7, months: 1, consumed: 1, startTime: '2024-11-15 10:00:00', endTime: '2024-12-15 10:00:00', expired: 0,
      startTimeUTC: '2024-11-15T02:00:00Z', endTimeUTC: '2024-12-15T02:00:00Z', remainQuota: 2,
    });
    const list = (await callCs(app, CS.query, { iotId: DEVICES.doc })).body_.data.orderList;
    expect(list).toHaveLength(1);
    expectCsOrderShape(list[0]);
    expect(list[0]).toMatchObject({ orderType: 1, price: '0.0', paymentStatus: 1, status: 0, identityId: DOC_USER_ID, recordType: 2, specification: 'eventResource_7', copies: 1 });
  });

  it('takes quota 1..3 months', async () => {
    expect((await consume({ quota: 3 })).body_.data).toMatchObject({ months: 3, remainQuota: 0, endTime: '2025-02-15 10:00:00' });
    for (const quota of [0, 4, 1.5, '2.5']) expectBusinessError(await consume({ quota, iotId: DEVICES.empty }), 460, /params\.quota/);
  });

  it('queues behind the device\'s orders by default, and starts now with immediateUse', async () => {
    await callCs(app, CS.buy, { iotId: DEVICES.doc, userName: 'u', commodityCode: 'ilopLVCloudResource', specification: 'eventResource_7', copies: 1 });
    expect((await consume()).body_.data).toMatchObject({ startTime: '2024-12-15 10:00:00', endTime: '2025-01-15 10:00:00' });
    const app2 = await testApp();
    try {
      await callCs(app2, CS.buy, { iotId: DEVICES.doc, userName: 'u', commodityCode: 'ilopLVCloudResource', specification: 'eventResource_7', copies: 1 });
      const now = await callCs(app2, CS.freeConsume, { iotId: DEVICES.doc, immediateUse: true });
      expect(now.body_.data).toMatchObject({ startTime: '2024-11-15 10:00:00', endTime: '2024-12-15 10:00:00' });
    } finally {
      await app2.close();
    }
  });

  it('lets a user claim once (a second claim is 460)', async () => {
    expect((await consume()).body_.code).toBe(200);
    expectBusinessError(await consume(), 460, /already claimed/);
    expectBusinessError(await consume({ iotId: DEVICES.inEffect }), 460, /already claimed/);
  });

  it('serves apiVer 1.0.3 (the overview page 129744) the same', async () => {
    expect((await consume({}, '1.0.3')).body_.data.consumed).toBe(1);
  });

  it('refuses a free plan of the other record type than the device\'s queue [model]', async () => {
    // The hallway camera's administrator may claim, but it now records continuously.
    await callCs(app, CS.buy, { iotId: DEVICES.empty, userName: 'z', commodityCode: 'ilopLVCloudResource', specification: 'continuousResource_7', copies: 1 });
    expectBusinessError(await consume({ iotId: DEVICES.empty }), 460, /records with type 1/);
  });

  it.each([
    ['iotId', undefined], ['immediateUse', 'yes'], ['enableDefaultPlan', 0], ['eventRecordProlong', 'no'], ['preRecordDuration', 6], ['recordDuration', 31],
  ])('refuses %s = %j with 460 naming the field', async (field, value) => {
    expectBusinessError(await consume({ [field]: value }), 460, new RegExp(`params\\.${field}`));
  });

  it.each(DEVICE_ERRORS)('answers %s with its code', async (_what, iotId, code) => {
    expectBusinessError(await consume({ iotId }), code);
  });
});
