/**
 * Same answers as the server: one sequence of requests goes to the server (inject) and to the MSW
 * handlers, with the same seed and frozen clock, and every answer is compared byte for byte
 * (status, body, the gateway's headers), for every API, success and error paths alike. The
 * journals are compared at the end. Any drift between the Fastify path and the MSW path (an id
 * drawn on one side only, a header or a detail worded differently) fails here.
 */
import type { FastifyInstance } from 'fastify';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { createHandlers } from '../../src/msw/index.js';
import type { MockControl } from '../../src/msw/index.js';
import type { JournalEntry } from '../../src/journal/journal.js';
import { ALL_OPERATIONS } from '../../src/families/table.js';
import { DEVICES, envelope, T0 } from '../support/api.js';
import { GOOD_PARAMS, ORDERS, PATHS, PROJECT } from '../support/family.js';
import { APPS } from '../support/signer.js';

const BASE = 'https://api.link.aliyun.com';
const OPERATIONS = ALL_OPERATIONS;

const GOOD = GOOD_PARAMS;

interface Step {
  name: string;
  method?: string;
  path: string;
  /** The body as sent; an object is sent as its JSON. */
  body?: string | Record<string, unknown>;
  headers?: Record<string, string>;
}

const json = (params: Record<string, unknown>, request: Record<string, unknown> = {}, apiVer = '1.0.0') => envelope(params, request, apiVer);

/** Every API: success, a bad parameter (English), an unknown and a missing apiVer, faults, another app, another method. */
function stepsOf(path: string, apiVer: string): Step[] {
  const good = GOOD[path]!;
  return [
    { name: `${path} ok`, path, body: json(good, {}, apiVer) },
    { name: `${path} bad param, en`, path, body: json({ ...good, iotId: 7, grantType: 3, pageNo: 'x' }, { language: 'en-US' }, apiVer) },
    { name: `${path} unknown apiVer`, path, body: json(good, {}, '9.9.9') },
    { name: `${path} no apiVer`, path, body: { id: '1', version: '1.0', request: {}, params: good } },
    { name: `${path} fault code=503`, path, body: json(good, {}, apiVer), headers: { 'x-mock-fault': 'code=503' } },
    { name: `${path} fault gateway=429`, path, body: json(good, {}, apiVer), headers: { 'x-mock-fault': 'gateway=429' } },
    { name: `${path} fault latency=5`, path, body: json(good, {}, apiVer), headers: { 'x-mock-fault': 'latency=5' } },
    { name: `${path} bad fault header`, path, body: json(good, {}, apiVer), headers: { 'x-mock-fault': 'sometimes' } },
    { name: `${path} read-only app`, path, body: json(good, {}, apiVer), headers: { 'x-ca-key': APPS.readOnly.appKey } },
    { name: `${path} other project's app`, path, body: json(good, {}, apiVer), headers: { 'x-ca-key': '24000009' } },
    { name: `${path} unknown cloud token`, path, body: json(good, { cloudToken: 'f'.repeat(32) }, apiVer) },
    { name: `${path} GET`, method: 'GET', path },
  ];
}

const STEPS: Step[] = [
  ...OPERATIONS.flatMap((op) => stepsOf(op.path, op.apiVer)),
  // A preflight draws a request id on the server too: the answers after it show whether both drew.
  { name: 'preflight', method: 'OPTIONS', path: PATHS.create, headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'POST' } },
  { name: 'empty body', path: PATHS.create, body: '' },
  { name: 'not JSON', path: PATHS.create, body: '{"id": 1, "request": {"cloudToken": "abc' },
  { name: 'an array', path: PATHS.create, body: '[1,2]' },
  { name: 'envelope of wrong types', path: PATHS.create, body: '{"request":{"apiVer":1,"language":"en"},"params":[]}' },
  { name: 'unknown path', path: '/vision/customer/streaming/order/cancel', body: json({}) },
  // Fastify refuses this path before routing (FST_ERR_BAD_URL); the gateway core answers both.
  { name: 'a bad % escape in the path', path: '/vision/customer/streaming/order/%zz', body: json({}) },
  // Masked by value in both journals, wherever it sits.
  { name: 'an app secret where no secret belongs', path: PATHS.create, body: json({ ...GOOD[PATHS.create], userName: APPS.full.appSecret }), headers: { 'x-ca-nonce': APPS.full.appSecret } },
  { name: 'unknown device', path: PATHS.create, body: json({ ...GOOD[PATHS.create], iotId: 'NoSuchDevice0000000000000' }) },
  { name: 'forbidden device', path: PATHS.create, body: json({ ...GOOD[PATHS.create], iotId: DEVICES.forbidden }) },
  { name: 'device of another project, with its app', path: PATHS.get, body: json({ iotId: DEVICES.otherProject, orderId: ORDERS.inEffect }), headers: { 'x-ca-key': APPS.full.appKey } },
  { name: 'unknown package', path: PATHS.create, body: json({ ...GOOD[PATHS.create], commodityCode: 'streamingResource_1_1' }) },
  { name: 'copies out of range', path: PATHS.create, body: json({ ...GOOD[PATHS.create], copies: 61 }) },
  { name: 'pay a frozen order', path: PATHS.pay, body: json({ iotId: DEVICES.frozen, orderId: ORDERS.frozen }) },
  { name: 'enable an expired order', path: PATHS.enable, body: json({ iotId: DEVICES.queue, orderId: ORDERS.queueExpired }) },
  { name: 'another device\'s order', path: PATHS.get, body: json({ iotId: DEVICES.inEffect, orderId: ORDERS.queueCurrent }) },
  { name: 'page size over 50', path: PATHS.query, body: json({ iotId: DEVICES.queue, pageNo: 1, pageSize: 51 }) },
  { name: 'immediate create', path: PATHS.create, body: json({ iotId: DEVICES.queue, commodityCode: 'streamingResource_5_1', copies: 2, immediateUse: true }) },
  { name: 'query after the purchases', path: PATHS.query, body: json({ iotId: DEVICES.queue, pageNo: 1, pageSize: 50 }) },
  { name: 'a token for the project', path: PATHS.token, body: json({ grantType: 'project', res: PROJECT }, {}, '1.0.1') },
];

/** The headers the gateway writes; the transports' own (date, connection, content-length) are theirs. */
const GATEWAY_HEADERS = [
  'content-type', 'x-ca-request-id', 'x-ca-error-code', 'x-ca-error-message', 'x-mock-error-detail', 'x-mock-fault-rule',
  'access-control-allow-origin', 'access-control-expose-headers', 'access-control-allow-methods', 'access-control-allow-headers',
  'access-control-max-age',
];

interface Answer {
  status: number;
  body: string;
  bytes: number[];
  headers: Record<string, string | undefined>;
}

describe('the MSW handlers answer as the server does, byte for byte', () => {
  let app: FastifyInstance;
  let control: MockControl;
  const server = setupServer();

  beforeAll(async () => {
    app = await buildApp({ now: T0, seed: 42 });
    const mock = createHandlers({ now: T0, seed: 42 });
    control = mock.control;
    server.use(...mock.handlers);
    server.listen({ onUnhandledRequest: 'error' });
  });
  afterAll(async () => {
    server.close();
    await app.close();
  });

  async function viaServer(step: Step, body: string | undefined): Promise<Answer> {
    const res = await app.inject({ method: step.method ?? 'POST', url: step.path, headers: { 'content-type': 'application/json', ...step.headers }, ...(body === undefined ? {} : { payload: body }) });
    return { status: res.statusCode, body: res.body, bytes: [...res.rawPayload], headers: Object.fromEntries(GATEWAY_HEADERS.map((h) => [h, res.headers[h] as string | undefined])) };
  }

  async function viaHandlers(step: Step, body: string | undefined): Promise<Answer> {
    const res = await fetch(`${BASE}${step.path}`, { method: step.method ?? 'POST', headers: { 'content-type': 'application/json', ...step.headers }, body });
    const bytes = new Uint8Array(await res.arrayBuffer());
    return { status: res.status, body: new TextDecoder().decode(bytes), bytes: [...bytes], headers: Object.fromEntries(GATEWAY_HEADERS.map((h) => [h, res.headers.get(h) ?? undefined])) };
  }

  /** Sends a step to both; fails unless status, body bytes and gateway headers are the same. Returns the answer. */
  async function expectSame(step: Step): Promise<Answer> {
    const body = step.body === undefined ? undefined : typeof step.body === 'string' ? step.body : JSON.stringify(step.body);
    const expected = await viaServer(step, body);
    const actual = await viaHandlers(step, body);
    expect(actual.status, step.name).toBe(expected.status);
    expect(actual.body, step.name).toBe(expected.body);
    expect(actual.bytes, step.name).toEqual(expected.bytes);
    expect(actual.headers, step.name).toEqual(expected.headers);
    return expected;
  }

  it(`gives the same status, body bytes and gateway headers for ${STEPS.length} requests`, async () => {
    const codes = new Set<string>();
    for (const step of STEPS) {
      const expected = await expectSame(step);
      codes.add(expected.status === 200 ? String(JSON.parse(expected.body).code) : `HTTP ${expected.status}`);
    }
    // The sequence covers success and every kind of refusal, so equal answers mean something.
    expect([...codes].sort()).toEqual(['200', '2063', '401', '403', '404', '460', '503', 'HTTP 204', 'HTTP 404', 'HTTP 405', 'HTTP 429'].sort());
  });

  it('journals the same calls: ids, times, codes, details and bodies', async () => {
    const fields = ({ id, time, method, path, api, iotId, status, code, gatewayError, requestBody, responseBody, faultRuleId, detail }: JournalEntry) =>
      ({ id, time, method, path, api, iotId, status, code, gatewayError, requestBody, responseBody, faultRuleId, detail });
    const expected = app.world.journal.list({ limit: 1000 }).requests.map(fields);
    const actual = (await control.requests({ limit: 1000 })).requests.map(fields);
    // Every call but the preflight, which is no API call on either side.
    expect(actual.length).toBe(STEPS.length - 1);
    expect(actual).toEqual(expected);
    // Masked by value on both sides: the app secret sent as a user name and as a nonce is in neither journal.
    const whole = JSON.stringify((await control.requests({ limit: 1000 })).requests);
    expect(whole).toContain('"x-ca-nonce":"***"');
    expect(whole).not.toContain(APPS.full.appSecret);
    expect(JSON.stringify(app.world.journal.list({ limit: 1000 }).requests)).not.toContain(APPS.full.appSecret);
  });

  it('answers alike with a required cloud token and a payment that settles later', async () => {
    const options = { now: T0, seed: 7, requireCloudToken: true, paymentSettleMs: 5000 };
    await app.close();
    app = await buildApp(options);
    server.resetHandlers(...createHandlers(options).handlers);
    const create = { iotId: DEVICES.empty, commodityCode: 'streamingResource_20_10', copies: 1 };
    expect(JSON.parse((await expectSame({ name: 'create, no token', path: PATHS.create, body: json(create) })).body).code).toBe(401);
    const issued = JSON.parse((await expectSame({ name: 'token', path: PATHS.token, body: json({ grantType: 'project', res: PROJECT }, {}, '1.0.1') })).body);
    const cloudToken = issued.data.cloudToken as string;
    const created = JSON.parse((await expectSame({ name: 'create with the token', path: PATHS.create, body: json(create, { cloudToken }) })).body);
    const ref = { iotId: DEVICES.empty, orderId: created.data.orderId };
    const paid = JSON.parse((await expectSame({ name: 'pay', path: PATHS.pay, body: json(ref, { cloudToken }) })).body);
    expect(paid.data.paymentStatus).toBe(2);
    await expectSame({ name: 'get while paying', path: PATHS.get, body: json(ref, { cloudToken }) });
    await expectSame({ name: 'get with another project\'s app', path: PATHS.get, body: json(ref, { cloudToken }), headers: { 'x-ca-key': '24000009' } });
  });
});
