import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/schema.js';
import { isLoopbackHost, needsGeneratedAdminToken } from '../../src/config/reliability-options.js';
import { pageLink, startServer } from '../../src/runtime/server.js';
import { T0 } from '../support/api.js';

describe('bind and admin security', () => {
  it('binds 127.0.0.1 unless told otherwise', async () => {
    expect(parseConfig({}).host).toBe('127.0.0.1');
    const server = await startServer({ port: 0, now: T0 });
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    await server.close();
  });

  it('makes up an admin token for a non-loopback bind given none: the admin API wants it, the API does not', async () => {
    const server = await startServer({ port: 0, host: '0.0.0.0', now: T0 });
    try {
      const token = server.generatedAdminToken!;
      expect(token).toMatch(/^[0-9a-f]{32}$/);
      const base = pageLink(server.url, '');
      expect((await fetch(`${base}/__admin/health`)).status).toBe(401);
      expect((await fetch(`${base}/__admin/openapi.json`)).status).toBe(401);
      expect((await fetch(`${base}/__admin/health`, { headers: { 'x-admin-token': token } })).status).toBe(200);
      expect((await fetch(`${base}/vision/customer/streaming/order/query`, { method: 'POST', body: '{}' })).status).toBe(200);
      expect(pageLink(server.url, '/__admin/ui/', token)).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:\\d+/__admin/ui/#token=${token}$`));
    } finally {
      await server.close();
    }
    const another = await startServer({ port: 0, host: '0.0.0.0', now: T0 });
    expect(another.generatedAdminToken).not.toBe(server.generatedAdminToken);
    await another.close();
  });

  it('makes none with a token, without the admin API, on loopback, or when --allow-insecure-admin opens it', async () => {
    expect(needsGeneratedAdminToken(parseConfig({ host: '192.168.1.5' }))).toBe(true);
    for (const config of [{ adminToken: 'mine' }, { admin: false }, { host: '127.0.0.1' }, { allowInsecureAdmin: 'true' }]) {
      expect(needsGeneratedAdminToken(parseConfig({ host: '0.0.0.0', ...config })), JSON.stringify(config)).toBe(false);
    }
    const forced = await startServer({ port: 0, host: '0.0.0.0', now: T0, allowInsecureAdmin: 'true' });
    try {
      expect(forced.generatedAdminToken).toBeUndefined();
      expect((await fetch(`${pageLink(forced.url, '')}/__admin/health`)).status).toBe(200);
    } finally {
      await forced.close();
    }
    const withToken = await startServer({ port: 0, host: '0.0.0.0', now: T0, adminToken: 'a-long-enough-admin-token' });
    expect(withToken.generatedAdminToken).toBeUndefined();
    expect(withToken.app.config.adminToken).toBe('a-long-enough-admin-token');
    await withToken.close();
  });

  it('knows loopback addresses', () => {
    for (const h of ['127.0.0.1', 'localhost', '::1', '[::1]', '127.1.2.3']) expect(isLoopbackHost(h)).toBe(true);
    for (const h of ['0.0.0.0', '::', '10.0.0.1', 'example.com', '127.0.0.1.nip.io']) expect(isLoopbackHost(h)).toBe(false);
  });

  it('refuses a headers timeout longer than the request timeout', () => {
    expect(() => parseConfig({ headersTimeout: 5000, requestTimeout: 1000 })).toThrow(/--headers-timeout: headersTimeout \(5000\) must not exceed requestTimeout/);
  });
});
