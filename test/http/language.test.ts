import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { call, DEVICES, testApp } from '../support/api.js';
import { ORDERS, PATHS } from '../support/family.js';
import { BusinessErrors } from '../../src/errors/catalogue.js';

describe('localizedMsg follows request.language on every error path of the family', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await testApp();
  });
  afterAll(() => app.close());

  const cases: { name: string; path: string; params: Record<string, unknown>; apiVer?: string; error: keyof typeof BusinessErrors }[] = [
    { name: 'bad params (460)', path: PATHS.query, params: { iotId: DEVICES.queue, pageSize: 51 }, error: 'REQUEST_PARAMETER_ERROR' },
    { name: 'unknown order (460)', path: PATHS.get, params: { iotId: DEVICES.queue, orderId: '1' }, error: 'REQUEST_PARAMETER_ERROR' },
    { name: 'frozen order (460)', path: PATHS.pay, params: { iotId: DEVICES.frozen, orderId: ORDERS.frozen }, error: 'REQUEST_PARAMETER_ERROR' },
    { name: 'unknown device (2063)', path: PATHS.enable, params: { iotId: 'nope', orderId: '1' }, error: 'IOTID_NOT_EXIST' },
    { name: 'forbidden device (403)', path: PATHS.get, params: { iotId: DEVICES.forbidden, orderId: '1' }, error: 'REQUEST_FORBIDDEN' },
    { name: 'unknown apiVer (404)', path: PATHS.commodities, params: {}, apiVer: '2.0.0', error: 'SERVICE_NOT_FOUND' },
    { name: 'unknown project (460)', path: PATHS.token, params: { grantType: 'project', res: 'x' }, apiVer: '1.0.1', error: 'REQUEST_PARAMETER_ERROR' },
    { name: 'bad token (401)', path: PATHS.commodities, params: {}, error: 'REQUEST_AUTH_ERROR' },
  ];

  for (const c of cases) {
    it(c.name, async () => {
      const error = BusinessErrors[c.error];
      const request = c.error === 'REQUEST_AUTH_ERROR' ? { cloudToken: 'unknown' } : {};
      for (const [language, expected] of [
        ['en', error.localizedMsg.en],
        ['en-US', error.localizedMsg.en],
        ['EN_gb', error.localizedMsg.en],
        ['zh-CN', error.localizedMsg.zh],
        [undefined, error.localizedMsg.zh],
      ] as const) {
        const res = await call(app, c.path, c.params, { apiVer: c.apiVer, request: language ? { ...request, language } : request });
        expect(res.body_).toMatchObject({ code: error.code, message: error.message, localizedMsg: expected, data: null });
      }
    });
  }
});

describe('localizedMsg of a malformed envelope', () => {
  it('is English when the envelope still says request.language "en"', async () => {
    const app = await testApp();
    const res = await app.inject({
      method: 'POST',
      url: PATHS.commodities,
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ request: { apiVer: '1.0.0', language: 'en-US' }, params: [1, 2] }),
    });
    expect(JSON.parse(res.body)).toMatchObject({ code: 460, localizedMsg: 'Request parameter error' });
    await app.close();
  });
});
