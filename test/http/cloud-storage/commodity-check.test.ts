import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { call, DEVICES, testApp } from '../../support/api.js';
import { expectBusinessError, PATHS, PROJECT } from '../../support/family.js';
import { callCs, CS, DEVICE_ERRORS } from '../../support/cloud-storage.js';

describe('cloudstorage/commodity/check (177884)', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await testApp();
  });
  afterAll(() => app.close());

  const check = (params: Record<string, unknown>, apiVer?: string) =>
    callCs(app, CS.check, { iotId: DEVICES.doc, commodityCode: 'ilopLVCloudResource', specification: 'eventResource_7', ...params }, apiVer ? { apiVer } : {});

  it('answers {available: true} for a package on sale and a device with no orders', async () => {
    const res = await check({});
    expect(res.body_).toMatchObject({ code: 200, message: null, localizedMsg: null });
    expect(res.body_.data).toEqual({ available: true });
  });

  it('answers available false for a package of the other record type than the device\'s queue [model]', async () => {
    // The shop camera records continuously until its queue ends.
    expect((await check({ iotId: DEVICES.queue })).body_.data).toEqual({ available: false });
    expect((await check({ iotId: DEVICES.queue, specification: 'continuousResource_30' })).body_.data).toEqual({ available: true });
    expect((await check({ iotId: DEVICES.queue, commodityCode: 'ilopLVCloudResourceYear', specification: 'continuousResource_1' })).body_.data).toEqual({ available: true });
  });

  it('serves the older apiVer 1.0.2 (PHP client) the same way', async () => {
    expect((await check({}, '1.0.2')).body_.data).toEqual({ available: true });
  });

  it('refuses an unknown commodityCode or specification with 460 naming them', async () => {
    expectBusinessError(await check({ commodityCode: 'nope' }), 460, /no package "nope"/);
    expectBusinessError(await check({ specification: 'eventResource_14' }), 460, /eventResource_14/);
  });

  it.each(['iotId', 'commodityCode', 'specification'])('refuses a missing or empty %s with 460', async (field) => {
    expectBusinessError(await check({ [field]: undefined }), 460, new RegExp(`params\\.${field}`));
    expectBusinessError(await check({ [field]: '' }), 460, new RegExp(`params\\.${field}`));
    expectBusinessError(await check({ [field]: 7 }), 460, new RegExp(`params\\.${field}`));
  });

  it.each(DEVICE_ERRORS)('answers %s with its code', async (_what, iotId, code) => {
    expectBusinessError(await check({ iotId }), code);
  });

  it('answers 403 for a device of another project than the cloud token\'s', async () => {
    const token = await call(app, PATHS.token, { grantType: 'project', res: PROJECT }, { apiVer: '1.0.1' });
    const cloudToken = token.body_.data.cloudToken as string;
    expectBusinessError(await callCs(app, CS.check, { iotId: DEVICES.otherProject, commodityCode: 'ilopLVCloudResource', specification: 'eventResource_7' }, { request: { cloudToken } }), 403, /project/);
    expect((await callCs(app, CS.check, { iotId: DEVICES.doc, commodityCode: 'ilopLVCloudResource', specification: 'eventResource_7' }, { request: { cloudToken } })).body_.code).toBe(200);
  });
});
