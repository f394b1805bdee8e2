import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.js';
import { insecureAdminReason, isLoopbackHost } from '../../src/reliability-options.js';
import { startServer } from '../../src/server.js';
import { T0 } from '../support/api.js';

describe('bind and admin security', () => {
  it('binds 127.0.0.1 unless told otherwise', async () => {
    expect(parseConfig({}).host).toBe('127.0.0.1');
    const server = await startServer({ port: 0, now: T0 });
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    await server.close();
  });

  it('refuses a non-loopback bind without --admin-token, saying how to fix it', async () => {
    await expect(startServer({ port: 0, host: '0.0.0.0', now: T0 })).rejects.toThrow(/--admin-token .*--allow-insecure-admin/);
    expect(insecureAdminReason(parseConfig({ host: '192.168.1.5' }))).toMatch(/exposes the admin API/);
  });

  it('allows it with a token, without the admin API, or when explicitly forced', async () => {
    const withToken = await startServer({ port: 0, host: '0.0.0.0', now: T0, adminToken: 'a-long-enough-admin-token' });
    await withToken.close();
    const forced = await startServer({ port: 0, host: '0.0.0.0', now: T0, allowInsecureAdmin: 'true' });
    await forced.close();
    const noAdmin = await startServer({ port: 0, host: '0.0.0.0', now: T0, admin: false });
    await noAdmin.close();
    expect(parseConfig({ allowInsecureAdmin: 'false' }).allowInsecureAdmin).toBe(false);
  });

  it('knows loopback addresses', () => {
    for (const h of ['127.0.0.1', 'localhost', '::1', '[::1]', '127.1.2.3']) expect(isLoopbackHost(h)).toBe(true);
    for (const h of ['0.0.0.0', '::', '10.0.0.1', 'example.com', '127.0.0.1.nip.io']) expect(isLoopbackHost(h)).toBe(false);
  });

  it('refuses a headers timeout longer than the request timeout', () => {
    expect(() => parseConfig({ headersTimeout: 5000, requestTimeout: 1000 })).toThrow(/--headers-timeout: headersTimeout \(5000\) must not exceed requestTimeout/);
  });
});
