import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { DEVICES, testApp } from '../../support/api.js';
import { expectBusinessError } from '../../support/family.js';
import { callCs, CS, DEVICE_ERRORS, FREE_KEYS } from '../../support/cloud-storage.js';

describe('freecloudstorage/enable (177889)', () => {
  let app: FastifyInstance;
  let paidOrderId: string;
  beforeEach(async () => {
    app = await testApp();
    // A paid month in effect, the free month claimed behind it.
    paidOrderId = (await callCs(app, CS.buy, { iotId: DEVICES.doc, userName: 'u', commodityCode: 'ilopLVCloudResource', specification: 'eventResource_7', copies: 1 })).body_.data.orderId;
    await callCs(app, CS.freeConsume, { iotId: DEVICES.doc });
  });
  afterEach(() => app.close());

  const enable = (iotId: string = DEVICES.doc, apiVer?: string) => callCs(app, CS.freeEnable, { iotId }, apiVer ? { apiVer } : {});

  it('makes the claimed free plan take effect now, answering the documented fields (no remainQuota)', async () => {
    const res = await enable();
    expect(res.body_).toMatchObject({ code: 200, message: null, localizedMsg: null });
    expect(Object.keys(res.body_.data)).toEqual(FREE_KEYS.filter((k) => k !== 'remainQuota'));
    // It was placed Dec 15 -> Jan 15 (31 days) and keeps that exact length when it moves (docs/streaming.md).
    expect(res.body_.data).toEqual({
      type: 2, lifecycle: 7, months: 1, consumed: 1, startTime: '2024-11-15 10:00:00', endTime: '2024-12-16 10:00:00', expired: 0,
      startTimeUTC: '2024-11-15T02:00:00Z', endTimeUTC: '2024-12-16T02:00:00Z',
    });
    // The paid month began this very instant, so none of it was used: all 30 days move behind the free one.
    const paid = (await callCs(app, CS.get, { iotId: DEVICES.doc, orderId: paidOrderId })).body_.data;
    expect([paid.startTime, paid.endTime]).toEqual(['2024-12-16 10:00:00', '2025-01-15 10:00:00']);
  });

  it('answers a free plan already in effect unchanged; serves apiVer 1.0.1 (PHP client)', async () => {
    const first = (await enable()).body_.data;
    expect((await enable(DEVICES.doc, '1.0.1')).body_.data).toEqual(first);
  });

  it('answers a plan its user has not claimed as it stands, changing nothing (177889\'s example: 200, consumed 0, no times)', async () => {
    // The hallway camera: two earlier owners claimed it; 张伟, its administrator now, has not.
    const before = (await callCs(app, CS.freeGet, { iotId: DEVICES.empty })).body_.data;
    const res = await enable(DEVICES.empty);
    expect(res.body_).toMatchObject({ code: 200, message: null, localizedMsg: null });
    expect(res.body_.data).toEqual({ type: 2, lifecycle: 7, months: 3, consumed: 0, startTime: '', endTime: '', expired: 0, startTimeUTC: '', endTimeUTC: '' });
    expect((await callCs(app, CS.freeGet, { iotId: DEVICES.empty })).body_.data).toEqual(before);
    expect((await callCs(app, CS.query, { iotId: DEVICES.empty })).body_.data.total).toBe(2);
  });

  it('refuses an expired plan and a frozen one with 460', async () => {
    expectBusinessError(await enable(DEVICES.inEffect), 460, /expired/);
    await callCs(app, CS.freeStatusSet, { iotId: DEVICES.doc, status: 2 });
    expectBusinessError(await enable(), 460, /frozen/);
  });

  it('refuses a missing iotId with 460', async () => {
    expectBusinessError(await callCs(app, CS.freeEnable, {}), 460, /params\.iotId/);
  });

  it.each(DEVICE_ERRORS)('answers %s with its code', async (_what, iotId, code) => {
    expectBusinessError(await enable(iotId), code);
  });
});
