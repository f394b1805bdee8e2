import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { DEVICES, testApp } from '../../support/api.js';
import { expectBusinessError } from '../../support/family.js';
import { callCs, CS, DEVICE_ERRORS, FREE_KEYS } from '../../support/cloud-storage.js';

describe('freecloudstorage/status/set (201345)', () => {
  let app: FastifyInstance;
  beforeEach(async () => {
    app = await testApp();
    await callCs(app, CS.freeConsume, { iotId: DEVICES.doc, quota: 3 });
  });
  afterEach(() => app.close());

  const set = (params: Record<string, unknown> = {}) => callCs(app, CS.freeStatusSet, { iotId: DEVICES.doc, status: 2, ...params });

  it('status 2 freezes the claimed free plan: consumed 1, expired 2, as the page\'s example', async () => {
    const res = await set();
    expect(res.body_).toMatchObject({ code: 200, message: null, localizedMsg: null });
    expect(Object.keys(res.body_.data)).toEqual(FREE_KEYS);
    expect(res.body_.data).toMatchObject({ type: 2, lifecycle: 7, months: 3, consumed: 1, expired: 2, remainQuota: 0, startTime: '2024-11-15 10:00:00' });
    expect((await callCs(app, CS.freeGet, { iotId: DEVICES.doc })).body_.data.expired).toBe(2);
    const order = (await callCs(app, CS.query, { iotId: DEVICES.doc })).body_.data.orderList[0];
    expect(order).toMatchObject({ orderType: 1, status: 2 });
  });

  it('does not give the claim back: the user still cannot claim again', async () => {
    await set();
    expectBusinessError(await callCs(app, CS.quotaCheck, { iotId: DEVICES.doc }), 460, /already claimed/);
  });

  it('refuses any status but 2, and a plan not claimed, with 460', async () => {
    for (const status of [0, 1, 3]) expectBusinessError(await set({ status }), 460, /only 2/);
    expectBusinessError(await set({ status: undefined }), 460, /params\.status/);
    expectBusinessError(await set({ status: 'x' }), 460, /params\.status/);
    expectBusinessError(await set({ iotId: DEVICES.empty }), 460, /has not claimed/);
  });

  it('takes the Go client\'s numeric string or number alike', async () => {
    expect((await set({ status: '2' })).body_.data.expired).toBe(2);
  });

  it.each(DEVICE_ERRORS)('answers %s with its code', async (_what, iotId, code) => {
    expectBusinessError(await set({ iotId }), code);
  });
});
