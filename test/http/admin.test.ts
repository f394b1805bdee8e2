import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { streamingStoreOf } from '../../src/families/streaming/store.js';
import { admin } from '../support/admin.js';
import { call, CREATE, DEVICES, envelope, postRaw, T0, testApp } from '../support/api.js';

const ORDER = { iotId: DEVICES.empty, commodityCode: 'streamingResource_20_10', copies: 1 };
const IN_EFFECT_ORDER = '202411051000001000001';
let app: FastifyInstance;
afterEach(async () => app?.close());

describe('clock', () => {
  it('reads, sets and advances the clock', async () => {
    app = await testApp();
    expect((await admin(app, 'GET', '/clock')).body).toEqual({ now: T0, nowMs: Date.parse(T0), frozen: true, timezone: 'Asia/Shanghai' });
    const set = await admin(app, 'PUT', '/clock', { now: '2025-01-01T00:00:00Z' });
    expect(set.body).toMatchObject({ now: '2025-01-01T00:00:00.000Z', frozen: true });
    expect((await admin(app, 'POST', '/clock/advance', { by: '1M' })).body.now).toBe('2025-02-01T00:00:00.000Z');
    expect((await admin(app, 'POST', '/clock/advance', { ms: 1000 })).body.now).toBe('2025-02-01T00:00:01.000Z');
    const running = await admin(app, 'PUT', '/clock', { now: T0, frozen: false });
    expect(running.body.frozen).toBe(false);
    expect((await admin(app, 'GET', '/health')).body.status).toBe('ok');
  });

  it('advancing 40 days turns the order in effect from status 0 to 1', async () => {
    app = await testApp();
    const statusOf = async () =>
      (await admin(app, 'GET', `/devices/${DEVICES.inEffect}`)).body.orders.find((o: { orderId: string }) => o.orderId === IN_EFFECT_ORDER).status;
    expect(await statusOf()).toBe(0);
    await admin(app, 'POST', '/clock/advance', { by: '40d' });
    expect(await statusOf()).toBe(1);
  });
});

describe('reset', () => {
  it('restores the fixtures, clock, seed, faults and journal exactly', async () => {
    app = await testApp();
    const devicesBefore = (await admin(app, 'GET', '/devices')).body;
    const firstOrder = (await call(app, CREATE, ORDER)).body_.data.orderId;

    await admin(app, 'POST', '/clock/advance', { by: '3d' });
    await call(app, CREATE, { ...ORDER, iotId: DEVICES.queue });
    await admin(app, 'PUT', `/orders/${IN_EFFECT_ORDER}`, { frozen: true });
    await admin(app, 'PUT', '/devices/NewCam000000000000000999', { projectId: 'a124Gnn1xW6TM2xK', identityId: 'someone-new' });
    await admin(app, 'POST', '/faults', { type: 'latency', delay: 1 });

    expect((await admin(app, 'POST', '/reset')).body).toEqual({ ok: true });
    expect((await admin(app, 'GET', '/devices')).body).toEqual(devicesBefore);
    expect((await admin(app, 'GET', '/clock')).body.now).toBe(T0);
    expect((await admin(app, 'GET', '/faults')).body).toEqual({ rules: [] });
    expect((await admin(app, 'GET', '/requests')).body).toEqual({ total: 0, count: 0, requests: [] });
    // The seed starts over: the same call makes the same order id.
    expect((await call(app, CREATE, ORDER)).body_.data.orderId).toBe(firstOrder);
  });
});

describe('faults admin', () => {
  it('reads, replaces, adds, removes one and clears', async () => {
    app = await testApp();
    expect((await admin(app, 'GET', '/faults')).body).toEqual({ rules: [] });
    const put = await admin(app, 'PUT', '/faults', { rules: [{ id: 'a', type: 'drop', match: { iotId: 'x' } }, { type: 'error', code: 503 }] });
    expect(put.body.rules.map((r: { id: string }) => r.id)).toEqual(['a', 'f1']);
    const added = await admin(app, 'POST', '/faults', { type: 'gateway', status: 429, times: 1 });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ id: 'f2', type: 'gateway', status: 429, times: 1, fired: 0, match: {} });
    expect((await admin(app, 'POST', '/faults', { id: 'a', type: 'hang' })).status).toBe(409);
    expect((await admin(app, 'DELETE', '/faults/a')).body).toEqual({ ok: true });
    expect((await admin(app, 'DELETE', '/faults/a')).status).toBe(404);
    expect((await admin(app, 'GET', '/faults')).body.rules.map((r: { id: string }) => r.id)).toEqual(['f1', 'f2']);
    await admin(app, 'DELETE', '/faults');
    expect((await admin(app, 'GET', '/faults')).body.rules).toEqual([]);
  });
});

describe('journal', () => {
  it('records API calls (not admin calls) with secrets masked, by their X-Ca-Request-Id', async () => {
    app = await testApp();
    await admin(app, 'GET', '/devices');
    const token = await call(app, '/cloud/token', { grantType: 'project', res: 'a124Gnn1xW6TM2xK' }, { apiVer: '1.0.1' });
    const cloudToken = token.body_.data.cloudToken as string;
    expect(cloudToken).toBeTruthy();
    const res = await call(app, CREATE, ORDER, {
      request: { cloudToken },
      headers: { 'x-ca-signature': 'sig-secret', 'x-ca-key': '24000001', authorization: 'Bearer abc' },
    });
    const page = (await admin(app, 'GET', '/requests')).body;
    expect(page.total).toBe(2);
    const entry = page.requests[0];
    expect(entry).toMatchObject({
      id: res.headers['x-ca-request-id'],
      time: T0,
      method: 'POST',
      path: CREATE,
      api: CREATE,
      iotId: DEVICES.empty,
      status: 200,
      code: 200,
      faultRuleId: null,
    });
    expect(entry.headers).toMatchObject({ 'x-ca-signature': '***', authorization: '***', 'x-ca-key': '24000001' });
    // The token is masked where it was asked for (the answer of /cloud/token); that no secret is
    // left anywhere in the journal or the log is test/e2e/secrets-in-logs.test.ts's.
    expect(page.requests[1].responseBody).toContain('"cloudToken":"***"');
    expect(JSON.parse(entry.responseBody).data.orderId).toBe(res.body_.data.orderId);
    expect(typeof entry.latencyMs).toBe('number');
    expect((await admin(app, 'GET', `/requests/${entry.id}`)).body).toEqual(entry);
    expect((await admin(app, 'GET', '/requests/NOPE')).status).toBe(404);
  });

  it('keeps each request body as it was sent: Chinese text, a token field masked, a leading BOM dropped, a long one cut', async () => {
    app = await testApp();
    const plain = JSON.stringify(envelope({ ...ORDER, userName: '小明' }));
    const withToken = JSON.stringify(envelope(ORDER, { iotToken: 'iot-secret-1' }));
    const long = JSON.stringify(envelope({ ...ORDER, userName: '直'.repeat(5000) }));
    for (const body of [plain, withToken, `\uFEFF${plain}`, long]) await postRaw(app, CREATE, Buffer.from(body), 'application/json');
    const [longEntry, bomEntry, tokenEntry, plainEntry] = (await admin(app, 'GET', '/requests')).body.requests;
    expect(plainEntry.requestBody).toBe(plain);
    expect(bomEntry.requestBody).toBe(plain);
    expect(tokenEntry.requestBody).toBe(withToken.replace('iot-secret-1', '***'));
    expect(longEntry.requestBody).toBe(`${long.slice(0, 4096)}…(${long.length - 4096} more characters)`);
  });

  it('filters by path, iotId, code and time, limits and counts, newest first; DELETE empties it', async () => {
    app = await testApp();
    await call(app, CREATE, ORDER); // 200, T0
    await admin(app, 'POST', '/clock/advance', { by: '1h' });
    await call(app, CREATE, { ...ORDER, iotId: 'no-such-device' }); // 2063, T0+1h
    await call(app, CREATE, { ...ORDER, copies: 0 }); // 460
    await app.inject({ method: 'POST', url: '/no/such/api' }); // gateway 404
    const q = async (query: string) => (await admin(app, 'GET', `/requests${query}`)).body;
    expect((await q('')).total).toBe(4);
    expect((await q('?code=2063')).requests.map((e: { iotId: string }) => e.iotId)).toEqual(['no-such-device']);
    expect((await q('?code=I404NF')).requests[0]).toMatchObject({ path: '/no/such/api', status: 404, api: null });
    expect((await q(`?path=${encodeURIComponent(CREATE)}`)).total).toBe(3);
    expect((await q(`?iotId=${DEVICES.empty}`)).total).toBe(2);
    expect((await q(`?until=${encodeURIComponent(T0)}`)).total).toBe(1);
    expect((await q('?since=now-30m')).total).toBe(3);
    const limited = await q('?limit=2');
    expect([limited.total, limited.count]).toEqual([4, 2]);
    expect(limited.requests[0].path).toBe('/no/such/api');
    expect((await admin(app, 'DELETE', '/requests')).body).toEqual({ ok: true });
    expect((await q('')).total).toBe(0);
  });

  it('is bounded by --journal-size', async () => {
    app = await testApp({ journalSize: 3 });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await call(app, CREATE, ORDER)).headers['x-ca-request-id'] as string);
    const page = (await admin(app, 'GET', '/requests')).body;
    expect(page.total).toBe(3);
    expect(page.requests.map((e: { id: string }) => e.id)).toEqual(ids.slice(2).reverse());
  });

  it('keeps the journals of all sessions inside one byte budget (--journal-bytes), dropping the oldest entries of any session first', async () => {
    app = await testApp({ journalBytes: 1024 * 1024 });
    const big = { 'x-big': 'h'.repeat(14_500) };
    const sessions = ['s1', 's2', 's3'];
    const last: Record<string, string> = {};
    for (let i = 0; i < 60; i++) {
      for (const session of sessions) {
        const res = await call(app, CREATE, ORDER, { headers: { ...big, 'x-mock-session': session } });
        last[session] = res.headers['x-ca-request-id'] as string;
      }
    }
    const pages = await Promise.all(sessions.map(async (session) => (await admin(app, 'GET', '/requests?limit=1000', undefined, { 'x-mock-session': session })).body));
    const kept = pages.reduce((sum, page) => sum + page.total, 0);
    // Each entry holds about 29 KB (the header at two bytes a character): about 35 fit in 1 MiB, of 180 recorded.
    expect(kept).toBeGreaterThan(25);
    expect(kept).toBeLessThanOrEqual(36);
    // Every session keeps its newest entries: the oldest went first, whichever session held them.
    pages.forEach((page, i) => expect(page.requests[0].id).toBe(last[sessions[i]!]));
    expect(Math.max(...pages.map((p) => p.total)) - Math.min(...pages.map((p) => p.total))).toBeLessThanOrEqual(1);
  });

  it('refuses a --journal-bytes below 1 MiB', async () => {
    await expect(testApp({ journalBytes: 1000 })).rejects.toThrow(/--journal-bytes: expected a number of bytes, at least 1048576/);
  });
});

describe('devices and orders', () => {
  it('lists devices with identity and orders (API rendering plus periods and frozen)', async () => {
    app = await testApp();
    const { devices } = (await admin(app, 'GET', '/devices')).body;
    expect(devices.map((d: { iotId: string }) => d.iotId)).toContain(DEVICES.queue);
    const cam = (await admin(app, 'GET', `/devices/${DEVICES.inEffect}`)).body;
    expect(cam).toMatchObject({ iotId: DEVICES.inEffect, nickName: '客厅摄像头', projectId: 'a124Gnn1xW6TM2xK', forbidden: false, identity: { userName: '张伟' } });
    expect(cam.orders[0]).toMatchObject({
      orderId: IN_EFFECT_ORDER,
      iotId: DEVICES.inEffect,
      status: 0,
      paymentStatus: 1,
      frozen: false,
      startTime: '2024-11-05 10:00:00',
      periods: [{ start: '2024-11-05T02:00:00.000Z', end: '2024-12-05T02:00:00.000Z' }],
    });
    expect((await admin(app, 'GET', '/devices/nope')).status).toBe(404);
  });

  it('reads never change state', async () => {
    app = await testApp();
    const tables = streamingStoreOf(app.world).orders.size;
    await admin(app, 'GET', `/devices/${DEVICES.doc}`); // a device without orders
    await admin(app, 'GET', '/devices');
    await admin(app, 'GET', '/requests');
    await admin(app, 'GET', '/faults');
    await admin(app, 'GET', '/clock');
    expect(streamingStoreOf(app.world).orders.size).toBe(tables);
    expect(app.world.journal.size).toBe(0);
  });

  it('adds a device and an order at run time; the API sees them', async () => {
    app = await testApp();
    const put = await admin(app, 'PUT', '/devices/NewCam000000000000000999', { projectId: 'a124Gnn1xW6TM2xK', identityId: 'new-user', nickName: '新摄像头' });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ iotId: 'NewCam000000000000000999', identity: { identityId: 'new-user' }, orders: [] });
    const placed = await admin(app, 'POST', '/devices/NewCam000000000000000999/orders', { commodityCode: 'streamingResource_20_10', startTime: 'now-1d' });
    expect(placed.status).toBe(201);
    expect(placed.body).toMatchObject({ status: 0, paymentStatus: 1, startTime: '2024-11-14 10:00:00', identityId: 'new-user' });
    // A purchase queues after the order placed by the admin.
    const created = await call(app, CREATE, { ...ORDER, iotId: 'NewCam000000000000000999' });
    expect(created.body_.data.startTime).toBe('2024-12-14 10:00:00');
  });

  it('freezes and unfreezes an order and sets its payment status', async () => {
    app = await testApp();
    const frozen = await admin(app, 'PUT', `/orders/${IN_EFFECT_ORDER}`, { frozen: true });
    expect(frozen.body).toMatchObject({ status: 2, frozen: true });
    // A frozen order holds no time, so a purchase starts now.
    expect((await call(app, CREATE, { ...ORDER, iotId: DEVICES.inEffect })).body_.data.startTime).toBe('2024-11-15 10:00:00');
    const back = await admin(app, 'PUT', `/orders/${IN_EFFECT_ORDER}`, { frozen: false, paymentStatus: 0 });
    expect(back.body).toMatchObject({ status: 0, frozen: false, paymentStatus: 0 });
    expect((await admin(app, 'PUT', '/orders/000', { frozen: true })).status).toBe(404);
  });
});

describe('a device with a long history', () => {
  it('shows the newest 200 orders and the count by default, and pages back with ordersOffset and ordersLimit', async () => {
    app = await testApp();
    const made: string[] = [];
    for (let i = 0; i < 230; i++) made.push((await call(app, CREATE, ORDER)).body_.data.orderId);
    const first = await admin(app, 'GET', `/devices/${DEVICES.empty}`);
    expect(first.status).toBe(200);
    expect(first.body.orderCount).toBe(230);
    expect(first.body.orders.map((o: { orderId: string }) => o.orderId)).toEqual(made.slice(30));
    const back = await admin(app, 'GET', `/devices/${DEVICES.empty}?ordersOffset=200&ordersLimit=50`);
    expect(back.body.orders.map((o: { orderId: string }) => o.orderId)).toEqual(made.slice(0, 30));
    const listed = await admin(app, 'GET', '/devices?ordersLimit=1');
    const empty = listed.body.devices.find((d: { iotId: string }) => d.iotId === DEVICES.empty);
    expect(empty.orders.map((o: { orderId: string }) => o.orderId)).toEqual([made.at(-1)]);
    expect((await admin(app, 'GET', `/devices/${DEVICES.empty}?ordersLimit=-1`)).status).toBe(400);
  });
});

describe('input validation', () => {
  it.each([
    ['PUT', '/clock', { now: 'yesterday-ish' }, /now: "yesterday-ish" is not an instant/],
    // No rollover: a day the calendar lacks is refused, not read as the next month.
    ['PUT', '/clock', { now: '2024-02-30T00:00:00Z' }, /now: "2024-02-30T00:00:00Z" is not an instant/],
    ['PUT', '/clock', { now: '2023-02-29T00:00:00Z' }, /is not an instant/],
    ['PUT', '/clock', { now: '2024-04-31 10:00:00' }, /is not an instant/],
    ['PUT', '/clock', { now: '2024-01-01T24:00:00Z' }, /is not an instant/],
    ['PUT', '/clock', { frozen: true }, /now/],
    ['POST', '/clock/advance', { by: '40x' }, /by: "40x" is not a duration/],
    ['POST', '/clock/advance', { by: '1d', ms: 5 }, /body/],
    ['POST', '/clock/advance', '{not json', /body is not valid JSON/],
    ['POST', '/faults', { type: 'explode' }, /rule: type/],
    ['POST', '/faults', { type: 'error', code: 999 }, /rule: code: code must be a business code/],
    ['POST', '/faults', { type: 'latency', delay: { kind: 'uniform', min: 5, max: 1 } }, /max must be >= min/],
    ['POST', '/faults', { type: 'drop', probability: 2 }, /probability/],
    ['PUT', '/faults', { rules: [{ type: 'drop' }, { type: 'latency' }] }, /rules\.1\.delay/],
    ['PUT', '/devices/X1', { identityId: 'u' }, /device: projectId/],
    ['PUT', '/devices/X1', { projectId: 'nope', identityId: 'u' }, /projectId: unknown project "nope"/],
    ['PUT', '/devices/X1', { iotId: 'X2', projectId: 'a124Gnn1xW6TM2xK', identityId: 'u' }, /iotId: the body says "X2"/],
    ['POST', `/devices/${DEVICES.empty}/orders`, { commodityCode: 'nope' }, /commodityCode: unknown package "nope"/],
    ['POST', `/devices/${DEVICES.empty}/orders`, { commodityCode: 'streamingResource_20_10', copies: 99 }, /order: copies/],
    ['PUT', `/orders/${IN_EFFECT_ORDER}`, {}, /give frozen and\/or paymentStatus/],
    ['PUT', `/orders/${IN_EFFECT_ORDER}`, { paymentStatus: 7 }, /paymentStatus/],
  ])('%s %s %j -> 400 saying what was wrong', async (method, url, body, message) => {
    app = await testApp();
    const res = await admin(app, method as 'PUT', url, body);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatch(message);
  });

  it.each([['?limit=abc'], ['?limit=0'], ['?since=whenever'], ['?colour=red']])('GET /requests%s -> 400', async (query) => {
    app = await testApp();
    const res = await admin(app, 'GET', `/requests${query}`);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatch(/query|since/);
  });

  it('an unknown admin route is a JSON 404', async () => {
    app = await testApp();
    const res = await admin(app, 'GET', '/nothing');
    expect(res.status).toBe(404);
    expect(res.body.error).toMatch(/no admin route GET \/__admin\/nothing/);
  });
});

describe('switches', () => {
  it('--admin-token requires the token (x-admin-token or Bearer) on every admin route, not on the API', async () => {
    app = await testApp({ adminToken: 's3cret' });
    expect((await admin(app, 'GET', '/health')).status).toBe(401);
    expect((await admin(app, 'GET', '/health', undefined, { 'x-admin-token': 'wrong' })).status).toBe(401);
    expect((await admin(app, 'GET', '/health', undefined, { 'x-admin-token': 's3cre' })).status).toBe(401);
    expect((await admin(app, 'POST', '/reset', undefined, { 'x-admin-token': 'wrong' })).body.error).toMatch(/--admin-token/);
    expect((await admin(app, 'GET', '/health', undefined, { 'x-admin-token': 's3cret' })).status).toBe(200);
    expect((await admin(app, 'GET', '/clock', undefined, { authorization: 'Bearer s3cret' })).status).toBe(200);
    expect((await call(app, CREATE, ORDER)).body_.code).toBe(200);
  });

  it('--no-admin: /__admin answers the gateway 404 like any unknown path, and is not journaled', async () => {
    app = await testApp({ admin: false });
    const res = await app.inject({ method: 'GET', url: '/__admin/health' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['x-ca-error-code']).toBe('I404NF');
    expect(app.world.journal.size).toBe(0);
    expect((await call(app, CREATE, ORDER)).body_.code).toBe(200);
  });
});
