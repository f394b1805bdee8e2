import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { DEVICES, testApp } from '../../support/api.js';
import { expectBusinessError } from '../../support/family.js';
import { callCs, CS, DEVICE_ERRORS, FREE_KEYS } from '../../support/cloud-storage.js';

describe('freecloudstorage/get (177867)', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await testApp();
  });
  afterAll(() => app.close());

  const get = (iotId: string) => callCs(app, CS.freeGet, { iotId });

  it('answers a plan not yet claimed exactly as the page\'s example (times empty)', async () => {
    const res = await get(DEVICES.doc);
    expect(res.body_).toMatchObject({ code: 200, message: null, localizedMsg: null });
    expect(Object.keys(res.body_.data)).toEqual(FREE_KEYS);
    expect(res.body_.data).toEqual({
      type: 2, lifecycle: 7, months: 3, consumed: 0, startTime: '', endTime: '', expired: 0, startTimeUTC: '', endTimeUTC: '', remainQuota: 3,
    });
  });

  it('answers the administrator\'s claim: consumed 1, its months and times, expired once over', async () => {
    const res = await get(DEVICES.inEffect);
    expect(res.body_.data).toEqual({
      type: 2, lifecycle: 7, months: 3, consumed: 1, startTime: '2024-07-15 10:00:00', endTime: '2024-10-15 10:00:00', expired: 1,
      startTimeUTC: '2024-07-15T02:00:00Z', endTimeUTC: '2024-10-15T02:00:00Z', remainQuota: 0,
    });
  });

  it('counts only the current administrator\'s claim: earlier owners\' claims leave the plan unclaimed for them', async () => {
    // The hallway camera: two earlier owners claimed it; 张伟, its administrator now, has not.
    expect((await get(DEVICES.empty)).body_.data).toMatchObject({ consumed: 0, months: 3, remainQuota: 3, startTime: '' });
  });

  it('refuses a missing or empty iotId with 460', async () => {
    expectBusinessError(await callCs(app, CS.freeGet, {}), 460, /params\.iotId/);
    expectBusinessError(await get(''), 460, /params\.iotId/);
  });

  it.each(DEVICE_ERRORS)('answers %s with its code', async (_what, iotId, code) => {
    expectBusinessError(await get(iotId), code);
  });
});
