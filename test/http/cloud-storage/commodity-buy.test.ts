import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { DEVICES, DOC_USER_ID, testApp } from '../../support/api.js';
import { expectBusinessError } from '../../support/family.js';
import { callCs, CS, CS_ORDERS, DEVICE_ERRORS, expectCsOrderShape } from '../../support/cloud-storage.js';

const BUY = { iotId: DEVICES.doc, userName: '1581053****', commodityCode: 'ilopLVCloudResource', specification: 'eventResource_7', copies: 1 };

describe('cloudstorage/commodity/buy (177885)', () => {
  let app: FastifyInstance;
  beforeEach(async () => {
    app = await testApp();
  });
  afterEach(() => app.close());

  const buy = (params: Record<string, unknown>) => callCs(app, CS.buy, { ...BUY, ...params });
  const get = async (iotId: string, orderId: string) => (await callCs(app, CS.get, { iotId, orderId })).body_.data;

  it('answers {orderId} only, and the order is paid, in effect from now, of the package bought', async () => {
    const res = await buy({ userId: 'u-1', immediateUse: false, enableDefaultPlan: true, preRecordDuration: 5, recordDuration: 10, eventRecordProlong: true, maxRecordFileDuration: 1800 });
    expect(res.body_).toMatchObject({ code: 200, message: null, localizedMsg: null });
    expect(Object.keys(res.body_.data)).toEqual(['orderId']);
    const orderId = res.body_.data.orderId as string;
    expect(orderId).toMatch(/^20241115100000\d{7}$/);
    const order = await get(DEVICES.doc, orderId);
    expectCsOrderShape(order);
    expect(order).toMatchObject({
      iotId: DEVICES.doc, identityId: DOC_USER_ID, commodityCode: 'ilopLVCloudResource', specification: 'eventResource_7', copies: 1,
      price: '15.0', userName: '1581053****', userId: 'u-1', orderId, status: 0, paymentStatus: 1, recordType: 2, orderType: 0,
      startTime: '2024-11-15 10:00:00', endTime: '2024-12-15 10:00:00', startTimeUTC: '2024-11-15T02:00:00Z', endTimeUTC: '2024-12-15T02:00:00Z', preConsume: 0,
    });
  });

  it('prices copies exactly and makes them last copies × the package\'s months (yearly: 12)', async () => {
    const res = await buy({ commodityCode: 'ilopLVCloudResourceYear', specification: 'eventResource_30', copies: 2 });
    const order = await get(DEVICES.doc, res.body_.data.orderId);
    expect(order).toMatchObject({ price: '760.0', copies: 2, userId: null, startTime: '2024-11-15 10:00:00', endTime: '2026-11-15 10:00:00' });
  });

  it('queues after the device\'s orders by default (immediateUse false)', async () => {
    const res = await buy({ iotId: DEVICES.inEffect });
    const order = await get(DEVICES.inEffect, res.body_.data.orderId);
    expect([order.startTime, order.endTime]).toEqual(['2024-12-05 10:00:00', '2025-01-05 10:00:00']);
    expect((await get(DEVICES.inEffect, CS_ORDERS.inEffect)).endTime).toBe('2024-12-05 10:00:00');
  });

  it('with immediateUse starts now and pushes the order in effect later by its length (Aliyun 177885)', async () => {
    const res = await buy({ iotId: DEVICES.inEffect, immediateUse: true });
    const order = await get(DEVICES.inEffect, res.body_.data.orderId);
    expect([order.startTime, order.endTime]).toEqual(['2024-11-15 10:00:00', '2024-12-15 10:00:00']);
    // 20 days were left of it; they follow the new order's 30 days.
    const cut = await get(DEVICES.inEffect, CS_ORDERS.inEffect);
    expect([cut.startTime, cut.endTime, cut.status]).toEqual(['2024-11-05 10:00:00', '2025-01-04 10:00:00', 0]);
  });

  it('with deviceNoOwner the order has no administrator yet (identityId null) [model]', async () => {
    const res = await buy({ deviceNoOwner: true });
    expect((await get(DEVICES.doc, res.body_.data.orderId)).identityId).toBeNull();
  });

  it('refuses a package of the other record type than the device\'s queue with 460 [model]', async () => {
    expectBusinessError(await buy({ iotId: DEVICES.queue }), 460, /records with type 1/);
  });

  it.each([
    ['copies', 0], ['copies', 61], ['copies', 1.5], ['copies', '1.5'],
    ['preRecordDuration', 6], ['preRecordDuration', -1], ['recordDuration', 31],
    ['maxRecordFileDuration', 599], ['maxRecordFileDuration', 3601],
    ['immediateUse', 'yes'], ['enableDefaultPlan', 1], ['eventRecordProlong', 'true'], ['deviceNoOwner', 0], ['userId', 5],
  ])('refuses %s = %j with 460 naming the field', async (field, value) => {
    expectBusinessError(await buy({ [field]: value }), 460, new RegExp(`params\\.${field}`));
  });

  it('accepts the edges of every range', async () => {
    const res = await buy({ copies: 60, preRecordDuration: 0, recordDuration: 30, maxRecordFileDuration: 600 });
    expect(res.body_.code).toBe(200);
    expect((await buy({ iotId: DEVICES.empty, preRecordDuration: 5, recordDuration: 0, maxRecordFileDuration: 3600 })).body_.code).toBe(200);
  });

  it.each(['iotId', 'userName', 'commodityCode', 'specification', 'copies'])('refuses a missing %s with 460', async (field) => {
    expectBusinessError(await buy({ [field]: undefined }), 460, new RegExp(`params\\.${field}`));
  });

  it('refuses an unknown package with 460', async () => {
    expectBusinessError(await buy({ specification: 'eventResource_2' }), 460, /no package/);
  });

  it.each(DEVICE_ERRORS)('answers %s with its code', async (_what, iotId, code) => {
    expectBusinessError(await buy({ iotId }), code);
  });
});

describe('commodity/buy limits', () => {
  it('refuses a purchase that would end after 9999-12-31 in the zone (the time-range limit) with 460', async () => {
    const app = await testApp({ now: '9990-01-01T00:00:00Z' });
    try {
      const res = await callCs(app, CS.buy, { ...BUY, commodityCode: 'ilopLVCloudResourceYear', copies: 10 });
      expectBusinessError(res, 460, /9999-12-31/);
      const immediate = await callCs(app, CS.buy, { ...BUY, commodityCode: 'ilopLVCloudResourceYear', copies: 10, immediateUse: true });
      expectBusinessError(immediate, 460, /9999-12-31/);
      expect((await callCs(app, CS.buy, { ...BUY, commodityCode: 'ilopLVCloudResourceYear', copies: 9 })).body_.code).toBe(200);
    } finally {
      await app.close();
    }
  });

  it('has the documented 10 000 ms gateway timeout: a 3500 ms backend latency passes buy but times out commodity/check', async () => {
    const app = await testApp();
    try {
      const slow = { 'x-mock-fault': 'latency=3500' };
      const bought = await callCs(app, CS.buy, BUY, { headers: slow });
      expect(bought.statusCode).toBe(200);
      expect(bought.body_.code).toBe(200);
      const checked = await callCs(app, CS.check, { iotId: DEVICES.doc, commodityCode: 'ilopLVCloudResource', specification: 'eventResource_7' }, { headers: slow });
      expect([checked.statusCode, checked.headers['x-ca-error-code']]).toEqual([504, 'D504TO']);
    } finally {
      await app.close();
    }
  }, 20_000);
});
