import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { call, DEVICES, testApp } from '../support/api.js';
import { expectBusinessError, ORDERS, OTHER_PROJECT, PATHS, PROJECT } from '../support/family.js';
import { cloudOperations } from '../../src/families/cloud/handlers.js';

const getToken = async (app: FastifyInstance, res = PROJECT): Promise<string> => {
  const answer = await call(app, PATHS.token, { grantType: 'project', res }, { apiVer: '1.0.1' });
  expect(answer.body_.code).toBe(200);
  return answer.body_.data.cloudToken;
};

/** A call that carries request.cloudToken. */
const withToken = (app: FastifyInstance, token: string, path: string = PATHS.commodities, params: Record<string, unknown> = {}) =>
  call(app, path, params, { request: { cloudToken: token } });

describe('/cloud/token', () => {
  let app: FastifyInstance;
  beforeEach(async () => {
    app = await testApp();
  });
  afterEach(() => app.close());

  it('gives {cloudToken, expireIn 7200000} for grantType "project" and a fixture project', async () => {
    const res = await call(app, PATHS.token, { grantType: 'project', res: PROJECT }, { apiVer: '1.0.1' });
    expect(res.body_).toMatchObject({ code: 200, message: null, localizedMsg: null });
    expect(Object.keys(res.body_.data)).toEqual(['cloudToken', 'expireIn']);
    expect(res.body_.data.cloudToken).toMatch(/^[0-9a-f]{32}$/);
    expect(res.body_.data.expireIn).toBe(7200000);
    expect(cloudOperations[0]).toMatchObject({ path: '/cloud/token', apiVer: '1.0.1', timeoutMs: 3000 });
  });

  it('generates tokens from the seeded ids: the same seed gives the same tokens', async () => {
    const other = await testApp();
    expect(await getToken(other)).toBe(await getToken(app));
    await other.close();
    const different = await testApp({ seed: 7 });
    expect(await getToken(different)).not.toBe(await getToken(app));
    await different.close();
  });

  it('refuses a wrong grantType, an unknown project, missing params and apiVer 1.0.0', async () => {
    expectBusinessError(await call(app, PATHS.token, { grantType: 'user', res: PROJECT }, { apiVer: '1.0.1' }), 460, /params\.grantType/);
    expectBusinessError(await call(app, PATHS.token, { grantType: 'project', res: 'nope' }, { apiVer: '1.0.1' }), 460, /unknown project "nope"/);
    expectBusinessError(await call(app, PATHS.token, { grantType: 'project' }, { apiVer: '1.0.1' }), 460, /params\.res/);
    expectBusinessError(await call(app, PATHS.token, { grantType: 'project', res: PROJECT }), 404, /apiVer "1.0.0"/);
  });

  it('lets a valid token through on every API of the family', async () => {
    const token = await getToken(app);
    expect((await withToken(app, token)).body_.code).toBe(200);
    expect((await withToken(app, token, PATHS.get, { iotId: DEVICES.inEffect, orderId: ORDERS.inEffect })).body_.code).toBe(200);
    expect((await withToken(app, token, PATHS.query, { iotId: DEVICES.queue })).body_.code).toBe(200);
  });

  it('answers 401 for an unknown token, without quoting it in the detail', async () => {
    const res = await withToken(app, 'deadbeefdeadbeefdeadbeefdeadbeef');
    expectBusinessError(res, 401, /not issued/);
    expect(res.body_).toMatchObject({ message: 'request auth error.', localizedMsg: '请求认证错误' });
    expect(String(res.headers['x-mock-error-detail'])).not.toContain('deadbeef');
  });

  it('expires a token 7200000 ms after it was issued, by the emulator clock', async () => {
    const token = await getToken(app);
    app.world.clock.advance(7_199_999);
    expect((await withToken(app, token)).body_.code).toBe(200);
    app.world.clock.advance(1);
    expectBusinessError(await withToken(app, token), 401, /expired/);
  });

  it('keeps a replaced token valid five more minutes, then refuses it; the new one works on', async () => {
    const old = await getToken(app);
    app.world.clock.advance(60_000);
    const fresh = await getToken(app);
    expect(fresh).not.toBe(old);
    app.world.clock.advance(299_999);
    expect((await withToken(app, old)).body_.code).toBe(200);
    app.world.clock.advance(1);
    expectBusinessError(await withToken(app, old), 401, /replaced/);
    expect((await withToken(app, fresh)).body_.code).toBe(200);
    // A third token starts the grace of the second, not a new one for the first.
    const third = await getToken(app);
    expect((await withToken(app, fresh)).body_.code).toBe(200);
    expectBusinessError(await withToken(app, old), 401);
    expect((await withToken(app, third)).body_.code).toBe(200);
  });

  it('never extends a replaced token past its own expiry', async () => {
    const old = await getToken(app);
    app.world.clock.advance(7_200_000 - 60_000);
    await getToken(app);
    app.world.clock.advance(60_000);
    expectBusinessError(await withToken(app, old), 401, /expired/);
  });

  it('replaces tokens per project: a new token of another project leaves this one current', async () => {
    const mine = await getToken(app);
    await getToken(app, OTHER_PROJECT);
    app.world.clock.advance(600_000);
    expect((await withToken(app, mine)).body_.code).toBe(200);
  });

  it('tells the caller\'s project: a device of another project answers 403', async () => {
    const petToken = await getToken(app, OTHER_PROJECT);
    expectBusinessError(await withToken(app, petToken, PATHS.get, { iotId: DEVICES.inEffect, orderId: ORDERS.inEffect }), 403, /another|project/);
    expectBusinessError(await withToken(app, petToken, PATHS.query, { iotId: DEVICES.queue }), 403);
    expect((await withToken(app, petToken, PATHS.query, { iotId: DEVICES.otherProject })).body_.code).toBe(200);
    // Without a token the caller is unknown, so no project check applies.
    expect((await call(app, PATHS.query, { iotId: DEVICES.otherProject })).body_.code).toBe(200);
  });

  it('forgets every token when the world is reset', async () => {
    const token = await getToken(app);
    app.world.reset();
    expectBusinessError(await withToken(app, token), 401, /not issued/);
  });

  it('answers the 401 in English when request.language starts with "en"', async () => {
    const res = await call(app, PATHS.commodities, {}, { request: { cloudToken: 'x', language: 'en-US' } });
    expect(res.body_).toMatchObject({ code: 401, message: 'request auth error.', localizedMsg: 'Request authentication error' });
  });

  it('is optional by default: calls without a token go through', async () => {
    expect((await call(app, PATHS.commodities, {})).body_.code).toBe(200);
    expect((await call(app, PATHS.commodities, {}, { request: { cloudToken: null } })).body_.code).toBe(200);
  });
});

describe('--require-cloud-token', () => {
  it('makes a token mandatory on every API but /cloud/token', async () => {
    const app = await testApp({ requireCloudToken: true });
    expectBusinessError(await call(app, PATHS.commodities, {}), 401, /required/);
    expectBusinessError(await call(app, PATHS.get, { iotId: DEVICES.inEffect, orderId: ORDERS.inEffect }), 401);
    expectBusinessError(await call(app, PATHS.create, { iotId: DEVICES.empty, commodityCode: 'streamingResource_5_1', copies: 1 }), 401);
    const token = await getToken(app);
    expect((await withToken(app, token)).body_.code).toBe(200);
    await app.close();
  });

  it('is read from the environment-style string "true" as well', async () => {
    const app = await testApp({ requireCloudToken: 'true' as unknown as boolean });
    expectBusinessError(await call(app, PATHS.commodities, {}), 401);
    await app.close();
  });
});
