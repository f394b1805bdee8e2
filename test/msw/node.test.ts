/**
 * The MSW handlers in Node (msw/node): the real npm client `aliyun-api-gateway` calls
 * https://api.link.aliyun.com and is answered in process, with no server. The whole purchase
 * flow, then a fault, a clock advance and a reset through the control object.
 */
import apiGateway from 'aliyun-api-gateway';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import { createHandlers, type HandlersOptions } from '../../src/msw/index.js';
import { HandlersOptionsSchema } from '../../src/msw/options.js';
import { AdminApiError } from '../../src/admin/client.js';
import { builtInFixtures } from '../../src/fixtures/built-in.js';
import { parseConfig } from '../../src/config/schema.js';
import { DEVICES, envelope, T0, testApp } from '../support/api.js';
import { expectOrderShape, PATHS } from '../support/family.js';
import { APPS } from '../support/signer.js';

const BASE = 'https://api.link.aliyun.com';
const DAY = 86_400_000;
const { handlers, control } = createHandlers({ now: T0, seed: 42 });
const server = setupServer(...handlers);
const client = new apiGateway.Client(APPS.full.appKey, APPS.full.appSecret);
const iotId = DEVICES.empty;

/** One API call through the npm client; its answer body. */
const post = (path: string, params: Record<string, unknown>, headers: Record<string, string> = {}) =>
  client.post(`${BASE}${path}`, { data: envelope(params), headers: { accept: 'application/json', ...headers } });

/** The client's error for a non-2xx answer: status and X-Ca-Error-Code. */
async function refusal(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (err) {
    const e = err as Error & { code?: number; data?: { headers: Record<string, string> } };
    return { name: e.name, status: e.code, code: e.data?.headers['x-ca-error-code'], headers: e.data?.headers, message: e.message };
  }
  throw new Error('the client did not throw');
}

describe('aliyun-living-mock/msw in Node, through the npm client aliyun-api-gateway', () => {
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterAll(() => server.close());

  let waiting = '';
  let now = '';

  it('runs the purchase flow: packages, create (queued and immediate), pay, query, enable', async () => {
    const packages = await post(PATHS.commodities, {});
    expect(packages.code).toBe(200);
    expect(packages.data.map((p: { commodityCode: string }) => p.commodityCode)).toContain('streamingResource_20_10');

    const first = await post(PATHS.create, { iotId, commodityCode: 'streamingResource_20_10', copies: 1, userName: '158****8558', immediateUse: false });
    expect(first.code).toBe(200);
    expectOrderShape({ ...first.data, iotId });
    // The first order of an empty device starts at the (frozen) clock.
    expect(first.data.startTimeUTC).toBe('2024-11-15T02:00:00Z');
    const queued = await post(PATHS.create, { iotId, commodityCode: 'streamingResource_20_10', copies: 1, immediateUse: false });
    expect(queued.data.startTimeUTC).toBe(first.data.endTimeUTC);
    waiting = queued.data.orderId;
    const immediate = await post(PATHS.create, { iotId, commodityCode: 'streamingResource_5_1', copies: 1, immediateUse: true });
    expect(immediate.code).toBe(200);
    expect(immediate.data.startTimeUTC).toBe('2024-11-15T02:00:00Z');

    const paid = await post(PATHS.pay, { iotId, orderId: first.data.orderId });
    expect(paid.code).toBe(200);
    expect(paid.data.paymentStatus).toBe(1);

    const listed = await post(PATHS.query, { iotId, pageNo: 1, pageSize: 10 });
    expect(listed.code).toBe(200);
    expect(JSON.stringify(listed.data)).toContain(first.data.orderId);
    expect(JSON.stringify(listed.data)).toContain(waiting);

    const enabled = await post(PATHS.enable, { iotId, orderId: waiting });
    expect(enabled.code).toBe(200);
    const got = await post(PATHS.get, { iotId, orderId: waiting });
    expect(got.data.startTimeUTC).toBe('2024-11-15T02:00:00Z');
    now = got.data.startTimeUTC;

    // The journal saw every call, as GET /__admin/requests would show it.
    const journal = await control.requests({ path: PATHS.create });
    expect(journal.requests.map((r) => r.code)).toEqual([200, 200, 200]);
    expect(journal.requests[0]!.responseBody).toContain('streamingResource_5_1');
  });

  it('answers an injected business code as the faithful envelope, then the rule is spent', async () => {
    await control.addFault({ id: 'busy', type: 'error', code: 503, match: { path: PATHS.create }, times: 1 });
    const refused = await post(PATHS.create, { iotId, commodityCode: 'streamingResource_20_10', copies: 1 });
    expect(refused).toMatchObject({ code: 503, message: 'service not available.', data: null });
    expect((await control.faults()).rules[0]).toMatchObject({ id: 'busy', fired: 1 });
    expect((await post(PATHS.create, { iotId, commodityCode: 'streamingResource_20_10', copies: 1 })).code).toBe(200);
    await control.clearFaults();
  });

  it('answers the x-mock-fault timeout with the gateway 504 after the API timeout, on the frozen clock', async () => {
    const before = (await control.clock()).nowMs;
    const r = await refusal(post(PATHS.pay, { iotId, orderId: waiting }, { 'x-mock-fault': 'timeout' }));
    expect(r.status).toBe(504);
    expect(r.code).toBe('D504TO');
    expect(r.headers?.['x-mock-fault-rule']).toBe('x-mock-fault');
    // pay's gateway timeout is 10 s: the emulator's clock waited it, the test did not.
    expect((await control.clock()).nowMs).toBe(before + 10_000);
  });

  it('drops a connection as a network error, journaled without a status', async () => {
    const r = await refusal(post(PATHS.get, { iotId, orderId: waiting }, { 'x-mock-fault': 'drop' }));
    // No status and no headers: the client saw the network fail, not an answer.
    expect(r).toMatchObject({ name: 'TypeError', status: undefined, headers: undefined });
    expect(r.message).toContain('Network error');
    const [last] = (await control.requests({ limit: 1 })).requests;
    expect(last).toMatchObject({ status: null, faultRuleId: 'x-mock-fault', path: PATHS.get });
  });

  it('advances the clock: the order that was in effect reads as expired', async () => {
    const before = await post(PATHS.get, { iotId, orderId: waiting });
    expect(before.data.status).toBe(0);
    const clock = await control.advanceClock('40d');
    expect(clock.nowMs).toBe(Date.parse(T0) + 10_000 + 40 * DAY);
    const after = await post(PATHS.get, { iotId, orderId: waiting });
    expect(after.data.status).toBe(1);
    expect(now).toBe('2024-11-15T02:00:00Z');
  });

  it('resets to the fixtures, the start instant and the seed', async () => {
    await control.reset();
    expect((await control.clock()).now).toBe(T0);
    expect((await control.requests()).total).toBe(0);
    const listed = await post(PATHS.query, { iotId, pageNo: 1, pageSize: 10 });
    expect(listed.code).toBe(200);
    expect(JSON.stringify(listed.data)).not.toContain(waiting);
    // The same seed again: the first order after a reset has the first run's id.
    const again = await post(PATHS.create, { iotId, commodityCode: 'streamingResource_20_10', copies: 1, immediateUse: false });
    const device = await control.device(iotId);
    expect(device.orders.map((o) => o.orderId)).toEqual([again.data.orderId]);
    await expect(control.device('no-such-device')).rejects.toThrow(AdminApiError);
    // The device list is paged as over HTTP.
    const page = await control.devices({ offset: 1, limit: 2 });
    expect(page).toMatchObject({ offset: 1, limit: 2 });
    expect(page.devices).toHaveLength(2);
    expect(page.total).toBeGreaterThan(2);
    await expect(control.devices({ limit: 0 })).rejects.toMatchObject({ status: 400 });
  });
});

describe('createHandlers options', () => {
  const body = JSON.stringify(envelope({}));

  it('are the options its schema reads: the server\'s fields where they apply, and the handlers\' own', () => {
    // Checked by tsc: the documented type and the schema name the same options.
    expectTypeOf<keyof HandlersOptions>().toEqualTypeOf<keyof z.input<typeof HandlersOptionsSchema>>();
    expect(Object.keys(HandlersOptionsSchema.shape).sort()).toEqual(
      ['baseUrl', 'bodyLimit', 'families', 'faults', 'fixtures', 'frozen', 'journalBytes', 'journalSize', 'now', 'paymentSettleMs', 'requireCloudToken', 'seed', 'timezone'],
    );
  });

  it('serves every base URL of a list, and only those', async () => {
    const { handlers } = createHandlers({ baseUrl: ['https://gw.example.test/', 'http://localhost:9999/api'], seed: 1 });
    const local = setupServer(...handlers);
    local.listen({ onUnhandledRequest: 'error' });
    try {
      for (const base of ['https://gw.example.test', 'http://localhost:9999/api']) {
        const res = await fetch(`${base}${PATHS.commodities}`, { method: 'POST', body });
        expect((await res.json()).code).toBe(200);
      }
      // The default gateway is not one of them: MSW reports the request as unhandled.
      await expect(fetch(`${BASE}${PATHS.commodities}`, { method: 'POST', body })).rejects.toThrow();
    } finally {
      local.close();
    }
  });

  it('takes fixtures as objects, and refuses bad options by name', async () => {
    const { handlers } = createHandlers({
      fixtures: {
        packages: [{ commodityCode: 'streamingResource_20_10', commodityName: '视频设备分享增值服务(20人分享10人同时可看)月套餐', months: 1, quota: 10, price: '140' }],
        identities: [{ identityId: 'id-1' }],
        projects: [{ projectId: 'p-1', name: 'one project' }],
        devices: [{ iotId: 'cam-1', projectId: 'p-1', identityId: 'id-1' }],
      },
    });
    const local = setupServer(...handlers);
    local.listen({ onUnhandledRequest: 'error' });
    try {
      const res = await fetch(`${BASE}${PATHS.commodities}`, { method: 'POST', body });
      expect((await res.json()).data.map((p: { commodityName: string }) => p.commodityName)).toEqual(['视频设备分享增值服务(20人分享10人同时可看)月套餐']);
    } finally {
      local.close();
    }
    // Options the server has too are refused in the server's words, named as the caller spelled them.
    const cases: [string, Record<string, unknown>][] = [
      ['timezone', { timezone: 'Mars/Olympus' }],
      ['now', { now: 'yesterday-ish' }],
      ['now', { now: '1969-06-01T00:00:00Z' }],
      ['journalBytes', { journalBytes: 0 }],
      ['journalSize', { journalSize: 1.5 }],
      ['bodyLimit', { bodyLimit: 0 }],
      ['seed', { seed: -1 }],
      ['paymentSettleMs', { paymentSettleMs: 'soon' }],
      ['requireCloudToken', { requireCloudToken: 'maybe' }],
    ];
    for (const [name, options] of cases) {
      const server = (() => {
        try {
          parseConfig(options);
        } catch (err) {
          return (err as Error).message;
        }
        throw new Error(`the server took ${JSON.stringify(options)}`);
      })();
      expect(server.startsWith(`invalid options: --${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}: `)).toBe(true);
      const words = server.slice(server.indexOf(': ', 'invalid options: '.length) + 2);
      expect(() => createHandlers(options), name).toThrow(`aliyun-living-mock/msw: invalid options: ${name}: ${words}`);
    }
    expect(() => createHandlers({ now: 'yesterday-ish' })).toThrow('invalid options: now: expected an ISO instant such as 2024-05-01T00:00:00Z');
    expect(() => createHandlers({ now: Number.NaN })).toThrow('invalid options: now: expected an ISO instant such as 2024-05-01T00:00:00Z, or epoch ms');
    expect(() => createHandlers({ faults: [{ type: 'error', code: 999 } as never] })).toThrow('invalid options: faults: 0.code: code must be a business code of the catalogue');
    expect(() => createHandlers({ fixtures: { packages: [] } })).toThrow('identities.json');
    const order = { orderId: '202411051000001000001', outOrderNo: '210000000000001', iotId: 'cam-1', commodityCode: 'streamingResource_20_10', copies: 1, startTime: 'now-100y', paymentStatus: 1 };
    const withOrder = { ...builtInFixtures(), devices: [{ iotId: 'cam-1', projectId: builtInFixtures().projects[0]!.projectId, identityId: builtInFixtures().identities[0]!.identityId }], orders: [order] };
    // A fixture order out of range is refused as the server refuses it at start.
    const serverRefusal = await testApp({ fixtureData: withOrder as never }).then(() => 'started', (err: Error) => err.message);
    expect(serverRefusal).toMatch(/orders\.json.*startTime.*out of range/);
    expect(() => createHandlers({ now: '2024-11-15T02:00:00Z', fixtures: withOrder })).toThrow(serverRefusal);
    // A family's own file (families/<name>.json on the server) is checked as at the server's start.
    expect(() => createHandlers({ fixtures: { ...builtInFixtures(), families: { 'cloud-storage': { pakages: [] } } } })).toThrow(/families\/cloud-storage\.json/);
  });

  it('keeps the journal inside journalBytes', async () => {
    const { handlers, control } = createHandlers({ now: '2024-11-15T02:00:00Z', journalBytes: 1024 * 1024 });
    const local = setupServer(...handlers);
    local.listen({ onUnhandledRequest: 'error' });
    // Each entry keeps 4 KB of the request body and the package list it was answered (a few KB).
    const padded = JSON.stringify(envelope({ padding: 'x'.repeat(4096) }));
    try {
      for (let i = 0; i < 300; i++) await fetch(`${BASE}${PATHS.commodities}`, { method: 'POST', body: padded });
    } finally {
      local.close();
    }
    const { total } = await control.requests({ limit: 1000 });
    // Far fewer than 300 fit in 1 MiB; the newest always does.
    expect(total).toBeGreaterThan(0);
    expect(total).toBeLessThan(200);
  });
});
