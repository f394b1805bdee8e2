import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { registerAdminUi, UI_DIR } from '../../src/admin/ui.js';
import { call, CREATE, DOC_IOT_ID, testApp } from '../support/api.js';

describe('admin page files', () => {
  it('redirects /__admin/ui to the trailing slash, where relative module URLs resolve', async () => {
    const app = await testApp();
    const res = await app.inject({ method: 'GET', url: '/__admin/ui' });
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe('/__admin/ui/');
    await app.close();
  });

  it('serves the page as UTF-8 HTML that may load nothing from another origin', async () => {
    const app = await testApp();
    const res = await app.inject({ method: 'GET', url: '/__admin/ui/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.body).toContain('<meta charset="utf-8">');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['content-security-policy']).toContain("connect-src 'self'");
    // No CDN: every script and stylesheet the page names is a relative path served here.
    const refs = [...res.body.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) {
      expect(ref).not.toMatch(/^(https?:)?\/\//);
      const asset = await app.inject({ method: 'GET', url: `/__admin/ui/${ref}` });
      expect(asset.statusCode, ref).toBe(200);
    }
    await app.close();
  });

  it('serves every module with a JavaScript type, and no module imports from elsewhere', async () => {
    const app = await testApp();
    for (const name of readdirSync(UI_DIR).filter((n) => n.endsWith('.js'))) {
      const res = await app.inject({ method: 'GET', url: `/__admin/ui/${name}` });
      expect(res.statusCode, name).toBe(200);
      expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
      const imports = [...res.body.matchAll(/from '([^']+)'/g)].map((m) => m[1]!);
      for (const spec of imports) expect(spec, `${name} imports ${spec}`).toMatch(/^\.\/[\w-]+\.js$/);
    }
    const css = await app.inject({ method: 'GET', url: '/__admin/ui/style.css' });
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(css.body).not.toMatch(/url\(\s*['"]?(https?:)?\/\//);
    await app.close();
  });

  it('answers 404 for a file it does not have, and never walks out of its folder', async () => {
    const app = await testApp();
    for (const url of ['/__admin/ui/nope.js', '/__admin/ui/..%2Fpackage.json', '/__admin/ui/%2E%2E%2F%2E%2E%2Fpackage.json']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(404);
      expect(res.body).not.toContain('"name"');
    }
    await app.close();
  });

  it('needs no admin token itself, while the admin API behind it does', async () => {
    const app = await testApp({ adminToken: 'tok' });
    expect((await app.inject({ method: 'GET', url: '/__admin/ui/' })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/__admin/ui/app.js' })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/__admin/clock' })).statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: '/__admin/clock', headers: { 'x-admin-token': 'tok' } })).statusCode).toBe(200);
    await app.close();
  });

  it('keeps page loads out of the request journal', async () => {
    const app = await testApp();
    await app.inject({ method: 'GET', url: '/__admin/ui/' });
    await app.inject({ method: 'GET', url: '/__admin/ui/app.js' });
    await call(app, CREATE, { iotId: DOC_IOT_ID, commodityCode: 'streamingResource_20_10', copies: 1 });
    const journal = (await app.inject({ method: 'GET', url: '/__admin/requests' })).json();
    expect(journal.requests.map((r: { path: string }) => r.path)).toEqual([CREATE]);
    await app.close();
  });

  it('sends a browser from / to the page and from /docs to the API docs, with the CORS headers of every answer', async () => {
    const app = await testApp({ adminToken: 'tok' });
    for (const [url, location] of [['/', '/__admin/ui/'], ['/docs', '/__admin/docs'], ['/?from=bookmark', '/__admin/ui/']] as const) {
      for (const method of ['GET', 'HEAD'] as const) {
        const res = await app.inject({ method, url });
        expect(res.statusCode, `${method} ${url}`).toBe(302);
        expect(res.headers.location).toBe(location);
        expect(res.headers['access-control-allow-origin']).toBe('*');
      }
    }
    expect((await app.inject({ method: 'OPTIONS', url: '/', headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'GET' } })).statusCode).toBe(204);
    await app.close();
  });

  it('leaves every other unknown path, and a POST to /, to the gateway: 404 I404NF, journaled', async () => {
    const app = await testApp();
    for (const [method, url] of [['POST', '/'], ['GET', '/vision/customer/streaming/order/nope'], ['POST', '/vision/customer/nope'], ['GET', '/docs/x'], ['GET', '/index.html']] as const) {
      const res = await app.inject({ method, url, payload: method === 'POST' ? '{}' : undefined });
      expect(res.statusCode, `${method} ${url}`).toBe(404);
      expect(res.headers['x-ca-error-code'], `${method} ${url}`).toBe('I404NF');
    }
    await app.inject({ method: 'GET', url: '/' });
    const journal = (await app.inject({ method: 'GET', url: '/__admin/requests' })).json();
    expect(journal.requests.map((r: { method: string; path: string }) => `${r.method} ${r.path}`)).not.toContain('GET /');
    expect(journal.requests).toHaveLength(5);
    await app.close();
  });

  it('answers / and /docs with the gateway\'s 404 when the control plane is off', async () => {
    const app = await testApp({ admin: false });
    for (const url of ['/', '/docs']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(404);
      expect(res.headers['x-ca-error-code'], url).toBe('I404NF');
    }
    await app.close();
  });

  it('shifts no seeded id when a browser opens /: the next order is the one it would have been', async () => {
    const order = { iotId: DOC_IOT_ID, commodityCode: 'streamingResource_20_10', copies: 1 };
    const plain = await testApp();
    const expected = await call(plain, CREATE, order);
    await plain.close();
    const opened = await testApp();
    await opened.inject({ method: 'GET', url: '/' });
    await opened.inject({ method: 'GET', url: '/docs' });
    const res = await call(opened, CREATE, order);
    expect(res.body_.code).toBe(200);
    expect(res.headers['x-ca-request-id']).toBe(expected.headers['x-ca-request-id']);
    expect(res.body_.data).toEqual(expected.body_.data);
    await opened.close();
  });

  it('serves only web file types from its folder, read once at start', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ui-'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><meta charset="utf-8"><title>直播</title>');
    writeFileSync(join(dir, 'notes.txt'), 'not a served type');
    const app = Fastify();
    await registerAdminUi(app, dir);
    writeFileSync(join(dir, 'index.html'), 'changed');
    const res = await app.inject({ method: 'GET', url: '/__admin/ui/' });
    expect(res.body).toContain('<title>直播</title>');
    expect((await app.inject({ method: 'GET', url: '/__admin/ui/notes.txt' })).statusCode).toBe(404);
    await app.close();
  });

  it('ships the page in the package', () => {
    const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'package.json'), 'utf8'));
    expect(pkg.files).toContain('ui');
    expect(readdirSync(UI_DIR)).toEqual(expect.arrayContaining(['index.html', 'app.js', 'style.css']));
  });
});
