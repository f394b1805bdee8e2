import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { admin } from '../support/admin.js';
import { call, CREATE, DEVICES, testApp } from '../support/api.js';

const ORDER = { iotId: DEVICES.empty, commodityCode: 'streamingResource_20_10', copies: 1 };
let app: FastifyInstance;
afterEach(async () => app?.close());

const ordersOf = async (iotId: string) => (await admin(app, 'GET', `/devices/${iotId}`)).body.orders as unknown[];
const addRule = async (rule: unknown) => {
  const res = await admin(app, 'POST', '/faults', rule);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string };
};

describe('fault actions', () => {
  it('error: answers the catalogue business code in the envelope and does not run the operation', async () => {
    app = await testApp();
    const rule = await addRule({ type: 'error', code: 403 });
    const res = await call(app, CREATE, ORDER);
    expect(res.statusCode).toBe(200);
    expect(res.body_).toMatchObject({ code: 403, message: 'request forbidden.', localizedMsg: '请求被禁止', data: null });
    expect(res.headers['x-mock-fault-rule']).toBe(rule.id);
    expect(await ordersOf(DEVICES.empty)).toHaveLength(0);
  });

  it.each([
    [429, 'T429PR', 'Throttled by PLUGIN Flow Control'],
    [500, 'X500ER', 'Internal Error'],
    [503, 'X503SU', 'Service Unavailable'],
  ])('gateway %i: the status, an empty body and the X-Ca-Error-* headers', async (status, code, message) => {
    app = await testApp();
    await addRule({ type: 'gateway', status });
    const res = await call(app, CREATE, ORDER);
    expect(res.statusCode).toBe(status);
    expect(res.body).toBe('');
    expect(res.headers['x-ca-error-code']).toBe(code);
    expect(res.headers['x-ca-error-message']).toBe(message);
    expect(await ordersOf(DEVICES.empty)).toHaveLength(0);
  });

  it('latency below the timeout: waits (real time), then the call succeeds', async () => {
    app = await testApp();
    await addRule({ type: 'latency', delay: { kind: 'fixed', ms: 30 } });
    const res = await call(app, CREATE, ORDER);
    expect(res.body_.code).toBe(200);
    const [entry] = (await admin(app, 'GET', '/requests')).body.requests;
    expect(entry.latencyMs).toBeGreaterThanOrEqual(29);
    expect(entry.detail).toMatch(/latency 30 ms/);
    expect(await ordersOf(DEVICES.empty)).toHaveLength(1);
  });

  it.each([
    ['uniform', { kind: 'uniform', min: 5, max: 15 }, 5, 15],
    ['lognormal', { kind: 'lognormal', median: 10, sigma: 0.5, cap: 40 }, 0, 40],
  ])('latency %s: a seeded draw within its bounds, named in the journal', async (_kind, delay, min, max) => {
    app = await testApp();
    await addRule({ type: 'latency', delay });
    expect((await call(app, CREATE, ORDER)).body_.code).toBe(200);
    const [entry] = (await admin(app, 'GET', '/requests')).body.requests;
    const drawn = Number(/latency (\d+) ms/.exec(entry.detail)![1]);
    expect(drawn).toBeGreaterThanOrEqual(min);
    expect(drawn).toBeLessThanOrEqual(max);
    expect(entry.latencyMs).toBeGreaterThanOrEqual(drawn - 1);
  });

  it('latency reaching the timeout: gateway 504 D504TO and the order is not created', async () => {
    app = await testApp();
    await addRule({ type: 'latency', delay: 60_000, timeoutMs: 50 });
    const res = await call(app, CREATE, ORDER);
    expect(res.statusCode).toBe(504);
    expect(res.headers['x-ca-error-code']).toBe('D504TO');
    expect(res.headers['x-ca-error-message']).toBe('Backend service timeout');
    expect(await ordersOf(DEVICES.empty)).toHaveLength(0);
    const [entry] = (await admin(app, 'GET', '/requests')).body.requests;
    expect(entry).toMatchObject({ status: 504, gatewayError: 'D504TO', code: null });
    expect(entry.detail).toMatch(/did not run/);
  });

  it("timeout: the API's own timeout, then 504 without running the operation", async () => {
    app = await testApp();
    await addRule({ type: 'timeout', timeoutMs: 20 });
    const res = await call(app, CREATE, ORDER);
    expect(res.statusCode).toBe(504);
    expect(res.headers['x-ca-error-code']).toBe('D504TO');
    expect(await ordersOf(DEVICES.empty)).toHaveLength(0);
  });
});

describe('drop and hang under inject()', () => {
  it('drop: inject rejects as a reset connection, and nothing was created', async () => {
    app = await testApp();
    await addRule({ id: 'cut', type: 'drop' });
    await expect(call(app, CREATE, ORDER)).rejects.toMatchObject({ code: 'LIGHT_ECONNRESET' });
    expect((await admin(app, 'GET', '/requests')).body.requests[0]).toMatchObject({ status: null, faultRuleId: 'cut' });
    expect(await ordersOf(DEVICES.empty)).toHaveLength(0);
  });

  it('hang: no answer until the app closes, which ends it', async () => {
    app = await testApp();
    await addRule({ type: 'hang' });
    const pending = call(app, CREATE, ORDER).then(
      () => 'answered',
      (err: { code?: string }) => err.code,
    );
    while (app.world.faults.list()[0]!.fired === 0) await new Promise((r) => setTimeout(r, 10));
    const closing = app.close();
    expect(await pending).toBe('LIGHT_ECONNRESET');
    await closing;
  });
});

describe('fault matching over HTTP', () => {
  it.each([
    ['path', { path: CREATE }, { path: '/vision/customer/streaming/order/pay' }],
    ['path glob', { path: '/vision/customer/*/order/create' }, { path: '/cloud/*' }],
    ['apiVer', { apiVer: '1.0.0' }, { apiVer: '2.0.0' }],
    ['iotId', { iotId: DEVICES.empty }, { iotId: DEVICES.doc }],
    ['appKey', { appKey: '24000001' }, { appKey: '24000009' }],
    ['header', { header: { name: 'x-scenario', value: 'outage' } }, { header: { name: 'x-scenario', value: 'calm' } }],
  ])('%s: fires on a match, not otherwise', async (_kind, hit, miss) => {
    app = await testApp();
    await admin(app, 'PUT', '/faults', { rules: [{ id: 'miss', type: 'error', code: 500, match: miss }, { id: 'hit', type: 'error', code: 503, match: hit }] });
    const res = await call(app, CREATE, ORDER, { headers: { 'x-ca-key': '24000001', 'x-scenario': 'outage' } });
    expect(res.headers['x-mock-fault-rule']).toBe('hit');
    expect(res.body_.code).toBe(503);
  });

  it('a header rule matches only headers that were sent, whatever their name', async () => {
    app = await testApp();
    await admin(app, 'PUT', '/faults', { rules: [{ id: 'proto', type: 'error', code: 503, match: { header: { name: 'constructor' } } }] });
    expect((await call(app, CREATE, ORDER)).body_.code).toBe(200);
    const res = await call(app, CREATE, ORDER, { headers: { constructor: 'x' } });
    expect(res.headers['x-mock-fault-rule']).toBe('proto');
  });

  it('times: 2 fires twice, then stops', async () => {
    app = await testApp();
    await addRule({ id: 'flaky', type: 'gateway', status: 503, times: 2 });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await call(app, CREATE, ORDER)).statusCode);
    expect(statuses).toEqual([503, 503, 200, 200]);
    expect((await admin(app, 'GET', '/faults')).body.rules[0]).toMatchObject({ id: 'flaky', fired: 2, times: 2 });
  });

  it('a probability rule with a fixed seed fires on the same requests every run', async () => {
    const run = async () => {
      app = await testApp({ seed: 1234 });
      await addRule({ type: 'error', code: 503, probability: 0.5 });
      const codes: number[] = [];
      for (let i = 0; i < 30; i++) codes.push((await call(app, CREATE, ORDER)).body_.code);
      await app.close();
      return codes.map((c) => (c === 503 ? 'x' : '.')).join('');
    };
    const first = await run();
    expect(first).toMatch(/x/);
    expect(first).toMatch(/\./);
    expect(await run()).toBe(first);
  });
});

describe('x-mock-fault header', () => {
  it('code=403 for one request only', async () => {
    app = await testApp();
    const hit = await call(app, CREATE, ORDER, { headers: { 'x-mock-fault': 'code=403' } });
    expect(hit.body_.code).toBe(403);
    expect(hit.headers['x-mock-fault-rule']).toBe('x-mock-fault');
    expect((await call(app, CREATE, ORDER)).body_.code).toBe(200);
  });

  it('latency=N waits and succeeds; timeout answers 504; gateway=429 throttles', async () => {
    app = await testApp();
    expect((await call(app, CREATE, ORDER, { headers: { 'x-mock-fault': 'latency=10' } })).body_.code).toBe(200);
    const timeout = await call(app, CREATE, ORDER, { headers: { 'x-mock-fault': 'timeout=20' } });
    expect([timeout.statusCode, timeout.headers['x-ca-error-code']]).toEqual([504, 'D504TO']);
    const throttled = await call(app, CREATE, ORDER, { headers: { 'x-mock-fault': 'gateway=429' } });
    expect([throttled.statusCode, throttled.headers['x-ca-error-code']]).toEqual([429, 'T429PR']);
  });

  it('wins over the rules, and a bad value is a 460 whose detail says how to fix it', async () => {
    app = await testApp();
    await addRule({ type: 'gateway', status: 503 });
    expect((await call(app, CREATE, ORDER, { headers: { 'x-mock-fault': 'code=2063' } })).body_.code).toBe(2063);
    const bad = await call(app, CREATE, ORDER, { headers: { 'x-mock-fault': 'explode' } });
    expect(bad.body_.code).toBe(460);
    expect(bad.headers['x-mock-error-detail']).toMatch(/unknown fault; use latency=<ms>/);
  });
});

describe('--faults file', () => {
  it('loads rules at start, and reset brings them back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'faults-'));
    const file = join(dir, 'rules.json');
    writeFileSync(file, JSON.stringify({ rules: [{ id: 'from-file', type: 'error', code: 429, match: { iotId: DEVICES.empty } }] }));
    app = await testApp({ faults: file });
    expect((await call(app, CREATE, ORDER)).body_.code).toBe(429);
    await admin(app, 'DELETE', '/faults');
    expect((await call(app, CREATE, ORDER)).body_.code).toBe(200);
    await admin(app, 'POST', '/reset');
    expect((await admin(app, 'GET', '/faults')).body.rules.map((r: { id: string }) => r.id)).toEqual(['from-file']);
  });

  it('refuses a bad file, naming the rule and field', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'faults-'));
    const file = join(dir, 'rules.json');
    writeFileSync(file, JSON.stringify([{ type: 'latency' }]));
    await expect(testApp({ faults: file })).rejects.toThrow(/--faults .*rules\.0\.delay/);
  });
});

describe('per-API timeouts', () => {
  it('pay has a 10000 ms timeout: a 3500 ms latency that would time out create lets pay through', async () => {
    app = await testApp();
    await addRule({ type: 'latency', delay: 3500, match: { path: '/vision/customer/streaming/order/pay' } });
    const res = await call(app, '/vision/customer/streaming/order/pay', { iotId: DEVICES.queue, orderId: '202411141000001000006' });
    expect(res.statusCode).toBe(200);
    expect(res.body_).toMatchObject({ code: 200, data: { paymentStatus: 1 } });
  }, 20_000);
});

describe('hardening: globs and timers', () => {
  it('a rule of 1 000 stars answers at once against a long path, and the journal filter too; a longer glob is a 400', async () => {
    app = await testApp();
    const put = await admin(app, 'PUT', '/faults', { rules: [{ type: 'error', code: 503, match: { path: `/${'*'.repeat(1000)}/` } }] });
    expect(put.status).toBe(200);
    const long = await app.inject({ method: 'POST', url: `/${'a'.repeat(3000)}`, payload: '{}' });
    expect(long.statusCode).toBe(404);
    expect((await admin(app, 'GET', '/health')).status).toBe(200);
    expect((await call(app, CREATE, ORDER)).body_.code).toBe(200);
    const filtered = await admin(app, 'GET', `/requests?path=${encodeURIComponent('*a*a*aZ')}`);
    expect(filtered).toMatchObject({ status: 200, body: { total: 0 } });
    const tooLong = await admin(app, 'PUT', '/faults', { rules: [{ type: 'error', code: 503, match: { path: '*'.repeat(1025) } }] });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error).toMatch(/path: at most 1024 characters/);
    expect((await admin(app, 'GET', `/requests?path=${'*'.repeat(1025)}`)).status).toBe(400);
  });

  it('a delay or timeout past the longest timer (2^31-1 ms) is refused with the reason, by the header and by a rule', async () => {
    app = await testApp();
    for (const value of ['timeout=2147483648', 'latency=3000000000', `latency=${'9'.repeat(400)}`]) {
      const res = await call(app, CREATE, ORDER, { headers: { 'x-mock-fault': value } });
      expect(res.body_.code, value).toBe(460);
      expect(res.headers['x-mock-error-detail']).toMatch(/at most 2147483647 ms/);
    }
    for (const rule of [
      { type: 'latency', delay: 3_000_000_000 },
      { type: 'latency', delay: { kind: 'fixed', ms: 2 ** 31 } },
      { type: 'latency', delay: { kind: 'uniform', min: 0, max: 2 ** 31 } },
      { type: 'latency', delay: { kind: 'lognormal', median: 10, sigma: 1, cap: 2 ** 31 } },
      { type: 'latency', delay: 10, timeoutMs: 2 ** 31 },
      { type: 'timeout', timeoutMs: 2 ** 31 },
    ]) {
      const res = await admin(app, 'POST', '/faults', rule);
      expect(res.status, JSON.stringify(rule)).toBe(400);
      expect(res.body.error).toMatch(/at most 2147483647 ms/);
    }
    expect((await admin(app, 'GET', '/faults')).body.rules).toEqual([]);
    expect(await ordersOf(DEVICES.empty)).toHaveLength(0);
    // The largest value a timer holds is still a valid rule.
    expect((await admin(app, 'POST', '/faults', { type: 'latency', delay: 2 ** 31 - 1 })).status).toBe(201);
  });
});
