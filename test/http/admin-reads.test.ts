import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { CREATE, DEVICES, T0, testApp } from '../support/api.js';
import { APPS, signHeaders } from '../support/signer.js';

/** A read of the admin API never creates or evicts a session. */
let app: FastifyInstance;
afterEach(async () => app?.close());

const ORDER = { iotId: DEVICES.empty, commodityCode: 'streamingResource_20_10', copies: 1 };

async function signedCreate(nonce?: string) {
  const body = JSON.stringify({ id: '1', version: '1.0', request: { apiVer: '1.0.0' }, params: ORDER });
  const { headers } = signHeaders({ ...APPS.full, url: CREATE, body, timestamp: Date.parse(T0), ...(nonce ? { nonce } : {}) });
  return app.inject({ method: 'POST', url: CREATE, headers, payload: body });
}

const sessionNames = async () => (await app.inject({ url: '/__admin/sessions' })).json().sessions.map((s: { name: string }) => s.name);

describe('admin reads and sessions', () => {
  it('1 001 reads naming new sessions keep none and evict none: app 24000001 keeps its order', async () => {
    app = await testApp({ isolateBy: 'app-key', verifySignature: true });
    expect((await signedCreate()).json().code).toBe(200);
    const routes = ['/health', '/clock', '/devices', '/requests', '/faults', '/changes', `/devices/${DEVICES.empty}`, '/families'];
    for (let i = 0; i <= 1000; i++) {
      const url = `/__admin${routes[i % routes.length]}`;
      const headers = i % 2 === 0 ? { 'x-mock-session': `probe-${i}` } : { 'x-ca-key': `probe-${i}` };
      const res = await app.inject({ method: i % 5 === 0 ? 'HEAD' : 'GET', url, headers });
      expect(res.statusCode, `${url} ${JSON.stringify(headers)}`).toBe(200);
    }
    expect(await sessionNames()).toEqual(['default', APPS.full.appKey]);
    const tenant = await app.inject({ url: `/__admin/devices/${DEVICES.empty}`, headers: { 'x-mock-session': APPS.full.appKey } });
    expect(tenant.json().orders).toHaveLength(1);
  });

  it('a read of a session that does not exist answers as that session would be on first use; a change keeps it', async () => {
    app = await testApp();
    await app.inject({ method: 'PUT', url: '/__admin/clock', headers: { 'content-type': 'application/json' }, payload: { now: '2030-01-01T00:00:00Z' } });
    const clock = await app.inject({ url: '/__admin/clock', headers: { 'x-mock-session': 'later' } });
    // A fresh session's clock, not the default session's.
    expect(clock.json().now).toBe(T0);
    expect(clock.headers['x-mock-session']).toBe('later');
    expect(await sessionNames()).toEqual(['default']);
    await app.inject({ method: 'POST', url: '/__admin/clock/advance', headers: { 'content-type': 'application/json', 'x-mock-session': 'later' }, payload: { by: '1d' } });
    expect(await sessionNames()).toEqual(['default', 'later']);
    expect((await app.inject({ url: '/__admin/clock', headers: { 'x-mock-session': 'later' } })).json().now).toBe('2024-11-16T02:00:00.000Z');
  });
});
