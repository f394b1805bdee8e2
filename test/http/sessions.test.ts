import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { call, DEVICES, envelope, testApp } from '../support/api.js';
import { APPS, signHeaders } from '../support/signer.js';
import { expectBusinessError, ORDERS, PATHS } from '../support/family.js';

const MONTHLY = 'streamingResource_20_10';

let app: FastifyInstance;
beforeEach(async () => {
  app = await testApp();
});
afterEach(async () => {
  await app.close();
});

/** An API call in a session (none: the default one). */
const inSession = (session: string | undefined, path: string, params: Record<string, unknown>) =>
  call(app, path, params, { headers: session === undefined ? {} : { 'x-mock-session': session } });

/** An admin call in a session, JSON in and out. */
async function admin(session: string | undefined, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, body?: unknown) {
  const headers: Record<string, string> = session === undefined ? {} : { 'x-mock-session': session };
  if (body !== undefined || method !== 'GET') headers['content-type'] = 'application/json';
  const res = await app.inject({ method, url, headers, payload: body === undefined ? undefined : JSON.stringify(body) });
  return Object.assign(res, { json_: res.body ? JSON.parse(res.body) : undefined });
}

const create = (session: string | undefined, iotId: string, copies = 1) =>
  inSession(session, PATHS.create, { iotId, commodityCode: MONTHLY, copies });
const orderIds = async (session: string | undefined, iotId: string): Promise<string[]> => {
  const res = await inSession(session, PATHS.query, { iotId, pageSize: 50 });
  expect(res.body_.code).toBe(200);
  return res.body_.data.orderList.map((o: { orderId: string }) => o.orderId);
};
const status = async (session: string | undefined, iotId: string, orderId: string): Promise<number> =>
  (await inSession(session, PATHS.get, { iotId, orderId })).body_.data.status;

describe('sessions: isolated worlds picked by x-mock-session', () => {
  it('two sessions creating orders on the same iotId each see only their own', async () => {
    const a1 = await create('alpha', DEVICES.empty, 1);
    const a2 = await create('alpha', DEVICES.empty, 2);
    const b1 = await create('beta', DEVICES.empty, 3);
    for (const res of [a1, a2, b1]) expect(res.body_.code).toBe(200);
    // beta's first order starts now: alpha's queue is not on beta's timeline.
    expect(b1.body_.data.startTime).toBe(a1.body_.data.startTime);
    expect(a2.body_.data.startTime).toBe(a1.body_.data.endTime);

    expect((await orderIds('alpha', DEVICES.empty)).sort()).toEqual([a1.body_.data.orderId, a2.body_.data.orderId].sort());
    expect(await orderIds('beta', DEVICES.empty)).toEqual([b1.body_.data.orderId]);
    expect(await orderIds(undefined, DEVICES.empty)).toEqual([]);
    // Same seed, same first draw: alpha and beta give the same orderId, which still names different orders.
    expect(b1.body_.data.orderId).toBe(a1.body_.data.orderId);
    expect((await inSession('beta', PATHS.get, { iotId: DEVICES.empty, orderId: a2.body_.data.orderId })).body_.code).toBe(460);
  });

  it('a new session starts from the fixtures, whatever other sessions did to them', async () => {
    await inSession('alpha', PATHS.enable, { iotId: DEVICES.queue, orderId: ORDERS.queueUnpaid });
    await inSession('alpha', PATHS.pay, { iotId: DEVICES.queue, orderId: ORDERS.queueUnpaid });
    const fresh = await inSession('gamma', PATHS.get, { iotId: DEVICES.queue, orderId: ORDERS.queueUnpaid });
    const dflt = await inSession(undefined, PATHS.get, { iotId: DEVICES.queue, orderId: ORDERS.queueUnpaid });
    const alpha = await inSession('alpha', PATHS.get, { iotId: DEVICES.queue, orderId: ORDERS.queueUnpaid });
    expect(alpha.body_.data.paymentStatus).toBe(1);
    expect(fresh.body_.data).toEqual(dflt.body_.data);
    expect(fresh.body_.data.paymentStatus).toBe(0);
    expect(fresh.body_.data.startTime).not.toBe(alpha.body_.data.startTime);
  });

  it("advancing one session's clock expires orders there and nowhere else", async () => {
    const order = ORDERS.inEffect; // a monthly package that started 10 days ago
    expect(await status('alpha', DEVICES.inEffect, order)).toBe(0);
    const advanced = await admin('alpha', 'POST', '/__admin/clock/advance', { by: '40d' });
    expect(advanced.statusCode).toBe(200);
    expect(await status('alpha', DEVICES.inEffect, order)).toBe(1);
    expect(await status('beta', DEVICES.inEffect, order)).toBe(0);
    expect(await status(undefined, DEVICES.inEffect, order)).toBe(0);
    expect((await admin('beta', 'GET', '/__admin/clock')).json_.now).toBe('2024-11-15T02:00:00.000Z');
    expect((await admin(undefined, 'GET', '/__admin/clock')).json_.now).toBe('2024-11-15T02:00:00.000Z');
  });

  it('a fault rule in one session never fires in another', async () => {
    const added = await admin('alpha', 'POST', '/__admin/faults', { type: 'error', code: 503, match: { path: PATHS.create } });
    expect(added.statusCode).toBe(201);
    expectBusinessError(await create('alpha', DEVICES.empty), 503);
    for (const other of ['beta', undefined]) {
      expect((await create(other, DEVICES.empty)).body_.code).toBe(200);
      expect((await admin(other, 'GET', '/__admin/faults')).json_.rules).toEqual([]);
    }
    expect((await admin('alpha', 'GET', '/__admin/faults')).json_.rules).toHaveLength(1);
  });

  it('each session keeps its own journal', async () => {
    await create('alpha', DEVICES.empty);
    await create('alpha', DEVICES.doc);
    await create('beta', DEVICES.empty);
    expect((await admin('alpha', 'GET', '/__admin/requests')).json_.total).toBe(2);
    expect((await admin('beta', 'GET', '/__admin/requests')).json_.total).toBe(1);
    expect((await admin(undefined, 'GET', '/__admin/requests')).json_.total).toBe(0);
  });

  it('reset of one session leaves the others untouched', async () => {
    const a = await create('alpha', DEVICES.empty);
    const b = await create('beta', DEVICES.empty);
    const d = await create(undefined, DEVICES.empty);
    await admin('beta', 'POST', '/__admin/clock/advance', { by: '1d' });
    expect((await admin('alpha', 'POST', '/__admin/reset')).statusCode).toBe(200);
    // After its reset, alpha replays exactly what a fresh session does.
    expect((await create('alpha', DEVICES.empty)).body_.data).toEqual(a.body_.data);
    expect(await orderIds('alpha', DEVICES.empty)).toEqual([a.body_.data.orderId]);
    await admin('alpha', 'POST', '/__admin/reset');
    expect(await orderIds('alpha', DEVICES.empty)).toEqual([]);
    expect(await orderIds('beta', DEVICES.empty)).toEqual([b.body_.data.orderId]);
    expect(await orderIds(undefined, DEVICES.empty)).toEqual([d.body_.data.orderId]);
    expect((await admin('beta', 'GET', '/__admin/clock')).json_.now).toBe('2024-11-16T02:00:00.000Z');
  });

  it('admin state routes (devices) read and write the named session', async () => {
    const put = await admin('alpha', 'PUT', `/__admin/devices/NewCam000000000000000001`, { projectId: 'a124Gnn1xW6TM2xK', identityId: 'fixture-identity-does-not-matter' });
    expect(put.statusCode).toBeLessThan(300);
    expect((await admin('alpha', 'GET', '/__admin/devices/NewCam000000000000000001')).statusCode).toBe(200);
    expect((await admin('beta', 'GET', '/__admin/devices/NewCam000000000000000001')).statusCode).toBe(404);
    expect((await create('beta', 'NewCam000000000000000001')).body_.code).toBe(2063);
    expect((await create('alpha', 'NewCam000000000000000001')).body_.code).toBe(200);
  });

  it('no header means the default session, exactly as without sessions (ids included)', async () => {
    const alone = await testApp();
    try {
      const expected = [];
      for (let i = 0; i < 3; i++) {
        const res = await call(alone, PATHS.create, { iotId: DEVICES.empty, commodityCode: MONTHLY, copies: 1 });
        expected.push([res.headers['x-ca-request-id'], res.body_]);
      }
      const got = [];
      for (let i = 0; i < 3; i++) {
        await create(`noise-${i}`, DEVICES.empty); // traffic in other sessions draws on their own ids
        const res = await create(undefined, DEVICES.empty);
        got.push([res.headers['x-ca-request-id'], res.body_]);
      }
      expect(got).toEqual(expected);
    } finally {
      await alone.close();
    }
  });

  it('answers in a session carry its name back; default answers carry none', async () => {
    const named = await create('alpha', DEVICES.empty);
    expect(named.headers['x-mock-session']).toBe('alpha');
    expect(named.headers['access-control-expose-headers']).toMatch(/x-mock-session/);
    expect((await create(undefined, DEVICES.empty)).headers['x-mock-session']).toBeUndefined();
  });
});

describe('session names', () => {
  const bad = ['', 'x'.repeat(65), 'has space', 'slash/name', 'ümlaut', 'semi;colon'];

  it('an invalid name on an API path is the faithful 460 envelope, the reason in x-mock-error-detail', async () => {
    for (const name of bad) {
      const res = await create(name, DEVICES.empty);
      expectBusinessError(res, 460, /x-mock-session: session name .* is invalid: use 1 to 64 characters/);
      expect(res.headers['x-ca-request-id']).toMatch(/^[0-9A-F-]{36}$/);
      // A browser can read the refusal: it carries the gateway's CORS headers like any answer.
      expect(res.headers['access-control-allow-origin']).toBe('*');
      expect(res.headers['access-control-expose-headers']).toContain('x-mock-error-detail');
    }
    expect((await admin(undefined, 'GET', '/__admin/sessions')).json_.sessions).toHaveLength(1);
    // They belong to no session, so no session's journal shows them (the log line does).
    expect((await admin(undefined, 'GET', '/__admin/requests')).json_.total).toBe(0);
  });

  it('an invalid name on an admin path is a 400 that says how to fix it', async () => {
    const res = await admin('has space', 'POST', '/__admin/reset');
    expect(res.statusCode).toBe(400);
    expect(res.json_.error).toBe('invalid session name');
    expect(res.json_.detail).toMatch(/use 1 to 64 characters from A-Z a-z 0-9 \. _ ~ -/);
  });

  it('accepts 64 URL-safe characters, and "default" names the default session', async () => {
    const long = `A-z_0.9~${'x'.repeat(56)}`;
    expect((await create(long, DEVICES.empty)).body_.code).toBe(200);
    const viaName = await create('default', DEVICES.empty);
    expect(viaName.headers['x-mock-session']).toBeUndefined();
    expect(await orderIds(undefined, DEVICES.empty)).toEqual([viaName.body_.data.orderId]);
  });
});

describe('GET and DELETE /__admin/sessions', () => {
  it('lists the default session first, then each session with its order count and times, without creating any', async () => {
    await create('alpha', DEVICES.empty);
    await create('alpha', DEVICES.empty);
    // A change names it into being (a read would keep none).
    await admin('beta', 'DELETE', '/__admin/requests');
    const res = await admin(undefined, 'GET', '/__admin/sessions');
    expect(res.statusCode).toBe(200);
    const fixtureOrders = Object.keys(ORDERS).length;
    expect(res.json_.sessions.map((s: { name: string; orders: number }) => [s.name, s.orders])).toEqual([
      ['default', fixtureOrders],
      ['alpha', fixtureOrders + 2],
      ['beta', fixtureOrders],
    ]);
    const alpha = res.json_.sessions[1];
    expect(alpha.now).toBe('2024-11-15T02:00:00.000Z');
    expect(Date.parse(alpha.created)).toBeLessThanOrEqual(Date.parse(alpha.lastUsed));
    expect(res.json_.sessions[0].created).toBeNull();
    // Listing with a session header names no session to act on: it creates none.
    expect((await admin('lister', 'GET', '/__admin/sessions')).json_.sessions).toHaveLength(3);
  });

  it('DELETE drops a session: its next use starts from the fixtures again', async () => {
    await create('alpha', DEVICES.empty);
    const del = await admin(undefined, 'DELETE', '/__admin/sessions/alpha');
    expect(del.statusCode).toBe(204);
    expect((await admin(undefined, 'GET', '/__admin/sessions')).json_.sessions.map((s: { name: string }) => s.name)).toEqual(['default']);
    expect(await orderIds('alpha', DEVICES.empty)).toEqual([]);
  });

  it('DELETE of an unknown session is a 404, of the default one a 400, of a bad name a 400', async () => {
    expect((await admin(undefined, 'DELETE', '/__admin/sessions/nobody')).statusCode).toBe(404);
    const dflt = await admin(undefined, 'DELETE', '/__admin/sessions/default');
    expect(dflt.statusCode).toBe(400);
    expect(dflt.json_.detail).toMatch(/POST \/__admin\/reset/);
    expect((await admin(undefined, 'DELETE', '/__admin/sessions/a%20b')).statusCode).toBe(400);
  });
});

describe('bounds: --max-sessions and --session-idle-ms', () => {
  it('keeps at most maxSessions, dropping the least recently used first', async () => {
    const small = await testApp({ maxSessions: 2 });
    try {
      const use = (name: string) => call(small, PATHS.create, { iotId: DEVICES.empty, commodityCode: MONTHLY, copies: 1 }, { headers: { 'x-mock-session': name } });
      await use('a');
      await use('b');
      await use('a'); // b is now the least recently used
      await use('c');
      const names = (await small.inject({ url: '/__admin/sessions' })).json().sessions.map((s: { name: string }) => s.name);
      expect(names).toEqual(['default', 'a', 'c']);
      // a kept its two orders; b, evicted, comes back fresh.
      expect((await use('a')).body_.data.startTime).toBe('2025-01-15 10:00:00');
      expect((await use('b')).body_.data.startTime).toBe('2024-11-15 10:00:00');
    } finally {
      await small.close();
    }
  });

  it('drops a session idle longer than sessionIdleMs (wall time, not the session clock)', async () => {
    let wall = 1_000_000;
    const idle = await testApp({ sessionIdleMs: 60_000, realNow: () => wall });
    try {
      // A change keeps (and touches) the session it names; a read keeps none.
      const use = (name: string) => idle.inject({ method: 'DELETE', url: '/__admin/requests', headers: { 'x-mock-session': name, 'content-type': 'application/json' } });
      await use('old');
      wall += 30_000;
      await use('recent');
      wall += 40_000; // old: 70 s idle, recent: 40 s
      const names = (await idle.inject({ url: '/__admin/sessions' })).json().sessions.map((s: { name: string }) => s.name);
      expect(names).toEqual(['default', 'recent']);
      // Listing is a read: it leaves the idle session for the sweep, which the next access runs.
      expect(idle.sessions.registry.peek('old')).toBeDefined();
      await use('recent');
      expect(idle.sessions.registry.peek('old')).toBeUndefined();
    } finally {
      await idle.close();
    }
  });
});

describe('the idle sweep runs on a timer', () => {
  it('drops an idle session with no request at all', async () => {
    let wall = 1_000_000;
    const idle = await testApp({ sessionIdleMs: 50, realNow: () => wall });
    try {
      await idle.inject({ method: 'DELETE', url: '/__admin/requests', headers: { 'x-mock-session': 'old', 'content-type': 'application/json' } });
      expect(idle.sessions.registry.peek('old')).toBeDefined();
      wall += 60;
      // No request and no listing from here on: only the timer can drop it.
      await expect.poll(() => idle.sessions.registry.peek('old'), { timeout: 5000, interval: 20 }).toBeUndefined();
    } finally {
      await idle.close();
    }
  });
});

describe('--no-admin', () => {
  it('sessions still isolate API calls when the control plane is off', async () => {
    const bare = await testApp({ admin: false });
    try {
      const as = (session: string) =>
        call(bare, PATHS.create, { iotId: DEVICES.empty, commodityCode: MONTHLY, copies: 1 }, { headers: { 'x-mock-session': session } });
      const a = await as('a');
      expect((await as('a')).body_.data.startTime).toBe(a.body_.data.endTime);
      expect((await as('b')).body_.data.startTime).toBe(a.body_.data.startTime);
      expect((await bare.inject({ url: '/__admin/sessions' })).statusCode).toBe(404);
    } finally {
      await bare.close();
    }
  });
});

describe('--isolate-by app-key', () => {
  it('the X-Ca-Key of a request picks its session; without one the session header or the default', async () => {
    const tenants = await testApp({ isolateBy: 'app-key' });
    try {
      const as = (headers: Record<string, string>) =>
        call(tenants, PATHS.create, { iotId: DEVICES.empty, commodityCode: MONTHLY, copies: 1 }, { headers });
      const first = await as({ 'x-ca-key': '24000001' });
      const second = await as({ 'x-ca-key': '24000001', 'x-mock-session': 'ignored' });
      const other = await as({ 'x-ca-key': '24000077' }); // not in the fixtures: passes while signatures are off
      expect(first.headers['x-mock-session']).toBe('24000001');
      expect(second.body_.data.startTime).toBe(first.body_.data.endTime);
      expect(other.body_.data.startTime).toBe(first.body_.data.startTime);
      const admin24 = await tenants.inject({ url: '/__admin/sessions' });
      expect(admin24.json().isolateBy).toBe('app-key');
      // An admin client names the tenant with the session header.
      const requests = await tenants.inject({ url: '/__admin/requests', headers: { 'x-mock-session': '24000001' } });
      expect(requests.json().total).toBe(2);
    } finally {
      await tenants.close();
    }
  });

  it('callers the gateway refuses create no session and evict none: a real app keeps its orders', async () => {
    const tenants = await testApp({ isolateBy: 'app-key', verifySignature: true, maxSessions: 3 });
    try {
      const signed = (nonce: string) => {
        const body = JSON.stringify(envelope({ iotId: DEVICES.empty, commodityCode: MONTHLY, copies: 1 }));
        const { headers } = signHeaders({ ...APPS.full, url: PATHS.create, body, timestamp: tenants.world.clock.now(), nonce });
        return tenants.inject({ method: 'POST', url: PATHS.create, headers, payload: body });
      };
      for (let i = 0; i < 13; i++) expect(JSON.parse((await signed(`n${i}`)).body).code).toBe(200);
      const orders = async () => (await tenants.inject({ url: `/__admin/devices/${DEVICES.empty}`, headers: { 'x-mock-session': APPS.full.appKey } })).json().orders.length;
      expect(await orders()).toBe(13);
      for (let i = 0; i < 200; i++) {
        const res = await call(tenants, PATHS.create, { iotId: DEVICES.empty, commodityCode: MONTHLY, copies: 1 }, { headers: { 'x-ca-key': `made-up-${i}` } });
        expect(res.headers['x-ca-error-code']).toBe('A400IK');
      }
      const listed = (await tenants.inject({ url: '/__admin/sessions' })).json().sessions.map((s: { name: string }) => s.name);
      expect(listed).toEqual(['default', APPS.full.appKey]);
      expect(await orders()).toBe(13);
      // The refused calls are journaled with the default session's, which belong to no caller.
      expect((await tenants.inject({ url: '/__admin/requests?code=A400IK&limit=1' })).json().total).toBe(200);
    } finally {
      await tenants.close();
    }
  });
});
