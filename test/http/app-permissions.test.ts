import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { call, CREATE, DEVICES, T0, testApp } from '../support/api.js';
import { APPS, signHeaders } from '../support/signer.js';

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

const order = (iotId: string) => ({ iotId, commodityCode: 'streamingResource_20_10', copies: 1 });

describe("an app's rights (business layer, X-Ca-Key)", () => {
  it('answers the 403 envelope for an API outside allowedApis', async () => {
    app = await testApp();
    const res = await call(app, CREATE, order(DEVICES.empty), { headers: { 'x-ca-key': APPS.readOnly.appKey } });
    expect(res.statusCode).toBe(200);
    expect(res.body_).toMatchObject({ code: 403, message: 'request forbidden.', localizedMsg: '请求被禁止', data: null });
    expect(res.headers['x-mock-error-detail']).toContain(`may not call ${CREATE}`);
  });

  it("answers 403 for a device of another project than the app's", async () => {
    app = await testApp();
    const cameraApp = await call(app, CREATE, order(DEVICES.otherProject), { headers: { 'x-ca-key': APPS.full.appKey } });
    expect(cameraApp.body_.code).toBe(403);
    expect(cameraApp.headers['x-mock-error-detail']).toContain('belongs to project "a124PetFeederPrj"');
    const petApp = await call(app, CREATE, order(DEVICES.empty), { headers: { 'x-ca-key': APPS.otherProject.appKey } });
    expect(petApp.body_.code).toBe(403);
    const own = await call(app, CREATE, order(DEVICES.otherProject), { headers: { 'x-ca-key': APPS.otherProject.appKey } });
    expect(own.body_.code).toBe(200);
  });

  it('lets a caller without a known X-Ca-Key reach any project (signature checking off)', async () => {
    app = await testApp();
    expect((await call(app, CREATE, order(DEVICES.otherProject))).body_.code).toBe(200);
    expect((await call(app, CREATE, order(DEVICES.empty), { headers: { 'x-ca-key': 'unknown' } })).body_.code).toBe(200);
  });

  it('applies the same rights to signed requests when checking is on', async () => {
    app = await testApp({ verifySignature: true });
    const body = JSON.stringify({ id: '1', version: '1.0', request: { apiVer: '1.0.0' }, params: order(DEVICES.empty) });
    const { headers } = signHeaders({ ...APPS.readOnly, url: CREATE, body, timestamp: Date.parse(T0) });
    const res = await app.inject({ method: 'POST', url: CREATE, headers, payload: body });
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body).code).toBe(403);
  });
});

describe('an app key and a cloud token together', () => {
  it("answers 403 when the token's project is not the app's, and passes when they agree", async () => {
    app = await testApp();
    const token = await call(app, '/cloud/token', { grantType: 'project', res: 'a124PetFeederPrj' }, { apiVer: '1.0.1' });
    expect(token.body_.code).toBe(200);
    const cloudToken = token.body_.data.cloudToken as string;
    const mixed = await call(app, CREATE, order(DEVICES.otherProject), { headers: { 'x-ca-key': APPS.full.appKey }, request: { cloudToken } });
    expect(mixed.body_.code).toBe(403);
    expect(mixed.headers['x-mock-error-detail']).toContain('request.cloudToken is for project "a124PetFeederPrj"');
    const agreed = await call(app, CREATE, order(DEVICES.otherProject), { headers: { 'x-ca-key': APPS.otherProject.appKey }, request: { cloudToken } });
    expect(agreed.body_.code).toBe(200);
  });
});
