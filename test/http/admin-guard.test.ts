import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { startServer, type RunningServer } from '../../src/runtime/server.js';
import { CREATE, DEVICES, T0, testApp } from '../support/api.js';

/**
 * The control plane answers no other web page (CORS, preflight, Origin, content type), answers
 * only the Host names it was started for, and asks for its token on every path that is /__admin
 * once normalised.
 */
let app: FastifyInstance;
afterEach(async () => app?.close());

const JSON_TYPE = { 'content-type': 'application/json' };

describe('no CORS on /__admin', () => {
  it('admin answers carry no CORS header; API answers keep the gateway\'s', async () => {
    app = await testApp();
    const read = await app.inject({ url: '/__admin/requests', headers: { origin: 'http://localhost:5173' } });
    // Another page's origin is refused; a same-origin read works and has no CORS either.
    expect(read.statusCode).toBe(403);
    const own = await app.inject({ url: '/__admin/requests' });
    expect(own.statusCode).toBe(200);
    for (const res of [read, own]) expect(Object.keys(res.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
    const api = await app.inject({ method: 'POST', url: CREATE, headers: { ...JSON_TYPE, origin: 'http://localhost:5173' }, payload: { request: { apiVer: '1.0.0' }, params: {} } });
    expect(api.headers['access-control-allow-origin']).toBe('*');
  });

  it('refuses preflights to /__admin with 403 and says why; the API\'s preflight still answers 204', async () => {
    app = await testApp();
    const preflight = { origin: 'http://localhost:5173', 'access-control-request-method': 'PUT', 'access-control-request-headers': 'content-type' };
    for (const url of ['/__admin/clock', '/__admin/reset', '/__admin/no-such-route', '/__admin/docs/json']) {
      const res = await app.inject({ method: 'OPTIONS', url, headers: preflight });
      expect(res.statusCode, url).toBe(403);
      expect(res.json().error).toMatch(/answers no cross-origin request/);
      expect(res.headers['access-control-allow-origin'], url).toBeUndefined();
      expect(res.headers['access-control-allow-methods'], url).toBeUndefined();
    }
    const api = await app.inject({ method: 'OPTIONS', url: CREATE, headers: preflight });
    expect(api.statusCode).toBe(204);
    expect(api.headers['access-control-allow-methods']).toMatch(/POST/);
  });

  it('refuses a change from another origin whatever its content type, and one from its own origin is accepted', async () => {
    app = await testApp();
    const from = (origin: string) => app.inject({ method: 'PUT', url: '/__admin/clock', headers: { ...JSON_TYPE, origin }, payload: { now: '2030-01-01T00:00:00Z' } });
    for (const origin of ['http://localhost:5173', 'null', 'http://evil.example']) expect((await from(origin)).statusCode, origin).toBe(403);
    expect((await app.inject({ url: '/__admin/clock' })).json().now).toBe(T0);
    // Same origin: the admin page served by this emulator (inject's Host is localhost:80).
    expect((await from('http://localhost:80')).statusCode).toBe(200);
  });
});

describe('changes need Content-Type: application/json', () => {
  it('answers 415 to POST, PUT, PATCH and DELETE without it, and changes nothing', async () => {
    app = await testApp();
    const cases = [
      { method: 'POST', url: '/__admin/reset', headers: {} },
      { method: 'POST', url: '/__admin/reset', headers: { 'content-type': 'text/plain' } },
      { method: 'PUT', url: '/__admin/clock', headers: { 'content-type': 'text/plain' }, payload: '{"now":"2030-01-01T00:00:00Z"}' },
      { method: 'POST', url: '/__admin/clock/advance', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'by=400d' },
      { method: 'POST', url: '/__admin/faults', headers: { 'content-type': 'multipart/form-data; boundary=x' }, payload: '--x--' },
      { method: 'DELETE', url: '/__admin/requests', headers: {} },
      { method: 'PATCH', url: '/__admin/clock', headers: { 'content-type': 'text/plain' }, payload: '{}' },
    ] as const;
    for (const c of cases) {
      const res = await app.inject(c);
      expect(res.statusCode, `${c.method} ${c.url} ${JSON.stringify(c.headers)}`).toBe(415);
      expect(res.json().error).toMatch(/needs Content-Type: application\/json/);
    }
    expect((await app.inject({ url: '/__admin/clock' })).json().now).toBe(T0);
    expect((await app.inject({ url: '/__admin/faults' })).json().rules).toEqual([]);
    // With the header, with or without a body (and with a charset), the same calls go through.
    expect((await app.inject({ method: 'POST', url: '/__admin/reset', headers: JSON_TYPE })).statusCode).toBe(200);
    const put = await app.inject({ method: 'PUT', url: '/__admin/clock', headers: { 'content-type': 'application/json; charset=utf-8' }, payload: '{"now":"2030-01-01T00:00:00Z"}' });
    expect(put.statusCode).toBe(200);
  });
});

describe('Host check', () => {
  it('answers loopback names, IP addresses and --host with any port; refuses other names with 403 naming --admin-hosts', async () => {
    app = await testApp({ host: 'devbox.lan' });
    for (const host of ['localhost', 'localhost:8080', '127.0.0.1:9', '[::1]:8080', 'app.localhost:3000', '192.168.1.20:8080', 'DevBox.lan:8080']) {
      expect((await app.inject({ url: '/__admin/health', headers: { host } })).statusCode, host).toBe(200);
    }
    for (const host of ['attacker.example', 'attacker.example:8080', 'localhost.attacker.example', '127.0.0.1.nip.io', 'devbox.lan.evil']) {
      const res = await app.inject({ url: '/__admin/health', headers: { host } });
      expect(res.statusCode, host).toBe(403);
      expect(res.json().error).toMatch(/--admin-hosts/);
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
    }
    // The page, the docs and unknown admin routes are guarded too; the API is not.
    for (const url of ['/__admin/ui/', '/__admin/docs/json', '/__admin/nothing']) {
      expect((await app.inject({ url, headers: { host: 'attacker.example' } })).statusCode, url).toBe(403);
    }
    const api = await app.inject({ method: 'POST', url: CREATE, headers: { ...JSON_TYPE, host: 'attacker.example' }, payload: { request: { apiVer: '1.0.0' }, params: { iotId: DEVICES.empty, commodityCode: 'streamingResource_20_10', copies: 1 } } });
    expect(api.statusCode).toBe(200);
  });

  it('--host 0.0.0.0 alone adds no name; --admin-hosts adds names and ".domain" suffixes', async () => {
    app = await testApp({ host: '0.0.0.0' });
    expect((await app.inject({ url: '/__admin/health', headers: { host: 'devbox.lan:8080' } })).statusCode).toBe(403);
    await app.close();
    app = await testApp({ host: '0.0.0.0', adminHosts: 'devbox.lan, .internal' as unknown as string[] });
    for (const host of ['devbox.lan:8080', 'mock.internal', 'internal']) expect((await app.inject({ url: '/__admin/health', headers: { host } })).statusCode, host).toBe(200);
    expect((await app.inject({ url: '/__admin/health', headers: { host: 'devbox.lan2' } })).statusCode).toBe(403);
  });
});

/** Sends a raw request line (as curl --path-as-is does: no client-side normalising) over a real socket. */
function rawGet(base: string, path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: hostname, port, path, method: 'GET', headers, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the admin token is checked on the normalised path', () => {
  let server: RunningServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  // Every guarded prefix, reached by the spellings a server may resolve to it.
  const TRAVERSALS = [
    '/__admin/docs/static/../json',
    '/__admin/docs/static/../yaml',
    '/__admin/docs/static/%2e%2e/json',
    '/__admin/docs/static/%2E%2E/yaml',
    '/__admin/docs/static/..%2fjson',
    '/__admin/docs/static/%252e%252e/json',
    '/__admin/docs//json',
    '/__admin/docs/./json',
    '/__admin//openapi.json',
    '/__admin/ui/../openapi.json',
    '/__admin/ui/../requests',
    '/__admin/ui/..%2frequests',
    '/__admin/ui/../../__admin/clock',
    '/__admin/docs/static/../../health',
    '/__admin/docs/static/../../devices',
    '/__admin/docs/static/../../sessions',
    '/__admin/docs/static/../../faults',
    '/__admin/docs/static/../../changes',
    '/__admin/docs/static/../../families',
    '//__admin/requests',
    '/vision/../__admin/requests',
    '/__admin/./clock',
    '/__admin%2frequests',
    '/__admin/requests/.',
  ];

  it('answers 401 without the token to every spelling of a guarded path, 200 or 404 with it', async () => {
    server = await startServer({ port: 0, now: T0, logLevel: 'silent', adminToken: 's3cret' });
    const leaks: string[] = [];
    for (const path of TRAVERSALS) {
      const res = await rawGet(server.url, path);
      if (res.status !== 401) leaks.push(`${path}: ${res.status} ${res.body.slice(0, 60)}`);
    }
    expect(leaks).toEqual([]);
    // The token opens the real ones; the shells of the page and the docs need none.
    expect((await rawGet(server.url, '/__admin/docs/json', { 'x-admin-token': 's3cret' })).status).toBe(200);
    expect((await rawGet(server.url, '/__admin/docs/static/../json', { 'x-admin-token': 's3cret' })).status).not.toBe(401);
    for (const open of ['/__admin/ui/', '/__admin/docs', '/__admin/docs/static/swagger-initializer.js']) {
      expect((await rawGet(server.url, open)).status, open).toBe(200);
    }
  });
});

describe('the guard on a real socket', () => {
  it('a listening server on loopback answers its own address and refuses a foreign Host', async () => {
    const server = await startServer({ port: 0, now: T0, logLevel: 'silent' });
    try {
      const { port } = server.app.server.address() as AddressInfo;
      expect((await rawGet(server.url, '/__admin/health')).status).toBe(200);
      expect((await rawGet(server.url, '/__admin/health', { host: `localhost:${port}` })).status).toBe(200);
      expect((await rawGet(server.url, '/__admin/health', { host: `rebound.attacker.example:${port}` })).status).toBe(403);
    } finally {
      await server.close();
    }
  });
});
