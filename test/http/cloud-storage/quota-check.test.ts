/** freestorage/quota/check (363074) and the free trial's documented limits: once per bound user, at most 3 users per device. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { DEVICES, testApp } from '../../support/api.js';
import { expectBusinessError, PROJECT } from '../../support/family.js';
import { callCs, CS, DEVICE_ERRORS, USERS } from '../../support/cloud-storage.js';

describe('freestorage/quota/check and the free-trial limits', () => {
  let app: FastifyInstance;
  beforeEach(async () => {
    app = await testApp();
  });
  afterEach(() => app.close());

  const check = (iotId: string) => callCs(app, CS.quotaCheck, { iotId });
  const consume = (iotId: string) => callCs(app, CS.freeConsume, { iotId });
  /** Binds the device to another user, as a resale or exchange would. */
  const rebind = (iotId: string, identityId: string) =>
    app.inject({ method: 'PUT', url: `/__admin/devices/${iotId}`, payload: { iotId, projectId: PROJECT, identityId } });

  it('answers code 200 with data null when the administrator may claim, as the page\'s example', async () => {
    const res = await check(DEVICES.doc);
    expect(res.statusCode).toBe(200);
    expect(res.body_).toMatchObject({ code: 200, message: null, localizedMsg: null, data: null });
  });

  it('once per bound user: after a claim the check is 460, and so is a second claim', async () => {
    expect((await consume(DEVICES.doc)).body_.code).toBe(200);
    expectBusinessError(await check(DEVICES.doc), 460, /already claimed.*once per bound user/);
    expectBusinessError(await consume(DEVICES.doc), 460, /once per bound user/);
  });

  it('a new user of the device gets their own claim; a returning user does not', async () => {
    await consume(DEVICES.doc);
    await rebind(DEVICES.doc, USERS.wang);
    expect((await check(DEVICES.doc)).body_.code).toBe(200);
    expect((await callCs(app, CS.freeGet, { iotId: DEVICES.doc })).body_.data).toMatchObject({ consumed: 0, remainQuota: 3 });
    expect((await consume(DEVICES.doc)).body_.data).toMatchObject({ consumed: 1 });
    await rebind(DEVICES.doc, '50e5op6412259c0f11*****0f57cd9326da8409');
    expectBusinessError(await check(DEVICES.doc), 460, /already claimed/);
    expect((await callCs(app, CS.freeGet, { iotId: DEVICES.doc })).body_.data).toMatchObject({ consumed: 1, months: 1, remainQuota: 2 });
  });

  it('at most 3 users per device: the hallway camera, claimed by two earlier owners, takes one more', async () => {
    // 张伟, its administrator now, is the third.
    expect((await check(DEVICES.empty)).body_.code).toBe(200);
    expect((await consume(DEVICES.empty)).body_.code).toBe(200);
    await rebind(DEVICES.empty, USERS.wang);
    expectBusinessError(await check(DEVICES.empty), 460, /claimed by 3 users already \(at most 3 per device\)/);
    expectBusinessError(await consume(DEVICES.empty), 460, /at most 3 per device/);
    // Nothing left for the fourth user to claim.
    expect((await callCs(app, CS.freeGet, { iotId: DEVICES.empty })).body_.data).toMatchObject({ consumed: 0, remainQuota: 0 });
    // An earlier owner coming back has claimed already.
    await rebind(DEVICES.empty, USERS.pet);
    expectBusinessError(await check(DEVICES.empty), 460, /already claimed/);
  });

  it('refuses a missing iotId with 460', async () => {
    expectBusinessError(await callCs(app, CS.quotaCheck, {}), 460, /params\.iotId/);
  });

  it.each(DEVICE_ERRORS)('answers %s with its code', async (_what, iotId, code) => {
    expectBusinessError(await check(iotId), code);
  });
});
