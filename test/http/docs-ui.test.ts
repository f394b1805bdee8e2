import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { testApp } from '../support/api.js';

/** Every src/href of an HTML page. */
function references(html: string): string[] {
  return [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
}

describe('docs UI at /__admin/docs', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await testApp();
  });
  afterAll(() => app.close());

  it('answers 200 with HTML', async () => {
    const res = await app.inject({ url: '/__admin/docs' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body).toContain('swagger-ui');
  });

  it('loads every asset from the emulator itself, no network', async () => {
    const html = (await app.inject({ url: '/__admin/docs' })).body;
    const refs = references(html);
    expect(refs.length).toBeGreaterThan(2);
    for (const ref of refs) {
      expect(ref, 'no CDN').not.toMatch(/^(https?:)?\/\//);
      const url = new URL(ref, 'http://mock/__admin/docs/').pathname;
      const res = await app.inject({ url });
      expect(res.statusCode, url).toBe(200);
      expect(res.body.length, url).toBeGreaterThan(0);
    }
  });

  it('points the UI at the spec it serves, with no online validator', async () => {
    const init = await app.inject({ url: '/__admin/docs/static/swagger-initializer.js' });
    expect(init.statusCode).toBe(200);
    expect(init.body).toContain('"validatorUrl":null');
    expect(init.body).toContain("resolveUrl('./json')");
    const spec = await app.inject({ url: '/__admin/docs/json' });
    expect(spec.json().openapi).toMatch(/^3\./);
  });

  it('fits a phone and is titled after the project, with the page\'s logo', async () => {
    const html = (await app.inject({ url: '/__admin/docs' })).body;
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(html).toContain('<title>aliyun-living-mock · API docs</title>');
    expect(html).not.toContain('favicon-32x32.png');
    const init = (await app.inject({ url: '/__admin/docs/static/swagger-initializer.js' })).body;
    expect(init).toContain('data:image/svg+xml;base64,');
  });

  it('allows only its own origin, and no inline style but the one hashed', async () => {
    const csp = String((await app.inject({ url: '/__admin/docs' })).headers['content-security-policy']);
    const styles = /style-src ([^;]+)/.exec(csp)![1]!.trim().split(/\s+/);
    expect(styles).toEqual(["'self'", "'sha256-RL3ie0nH+Lzz2YNqQN83mnU0J1ot4QL7b99vMdIX99w='"]);
    expect(csp).not.toMatch(/https:|unsafe-inline|validator\.swagger\.io|upgrade-insecure-requests/);
  });

  it('declares the admin token as security schemes on the admin operations, not on the APIs', async () => {
    const spec = (await app.inject({ url: '/__admin/openapi.json' })).json();
    expect(spec.components.securitySchemes.adminToken).toEqual(expect.objectContaining({ type: 'apiKey', in: 'header', name: 'x-admin-token' }));
    expect(spec.components.securitySchemes.adminBearer).toEqual(expect.objectContaining({ type: 'http', scheme: 'bearer' }));
    for (const [path, item] of Object.entries(spec.paths as Record<string, Record<string, { security?: unknown[]; summary?: string }>>)) {
      for (const [method, op] of Object.entries(item)) {
        if (path.startsWith('/__admin')) expect(op.security, `${method} ${path}`).toEqual([{ adminToken: [] }, { adminBearer: [] }, {}]);
        else expect(op.security, `${method} ${path}`).toBeUndefined();
        expect(op.summary, `${method} ${path}`).toBeTruthy();
      }
    }
  });

  it('lists neither the admin page\'s files nor the docs as operations; the sessions routes have summaries', async () => {
    const spec = (await app.inject({ url: '/__admin/openapi.json' })).json();
    const paths = Object.keys(spec.paths);
    expect(paths.filter((p) => p.startsWith('/__admin/ui') || p.startsWith('/__admin/docs'))).toEqual([]);
    expect(spec.paths['/__admin/sessions'].get.summary).toMatch(/sessions/);
    expect(spec.paths['/__admin/sessions/{name}'].delete.summary).toMatch(/session/);
  });

  it('links the docs and the admin page', async () => {
    const spec = (await app.inject({ url: '/__admin/openapi.json' })).json();
    expect(spec.info.description).toContain('](/__admin/ui/)');
    const ui = (await app.inject({ url: '/__admin/ui/' })).body;
    expect(ui).toMatch(/<a [^>]*href="\.\.\/docs"/);
  });
});

describe('the docs are part of the control plane', () => {
  it('--no-admin turns off /__admin/docs and /__admin/openapi.json: the gateway 404, like any unknown path', async () => {
    const app = await testApp({ admin: false });
    try {
      for (const url of ['/__admin/openapi.json', '/__admin/docs', '/__admin/docs/json', '/__admin/docs/static/swagger-initializer.js']) {
        const res = await app.inject({ url });
        expect(res.statusCode, url).toBe(404);
        expect(res.headers['x-ca-error-code'], url).toBe('I404NF');
      }
    } finally {
      await app.close();
    }
  });

  it('--admin-token guards the document, and the UI shell sends the token from the page link or the admin page', async () => {
    const app = await testApp({ adminToken: 's3cret' });
    try {
      for (const url of ['/__admin/openapi.json', '/__admin/docs/json', '/__admin/docs/yaml']) {
        expect((await app.inject({ url })).statusCode, url).toBe(401);
        expect((await app.inject({ url, headers: { 'x-admin-token': 'wrong' } })).statusCode, url).toBe(401);
        expect((await app.inject({ url, headers: { 'x-admin-token': 's3cret' } })).statusCode, url).toBe(200);
      }
      expect((await app.inject({ url: '/__admin/openapi.json', headers: { authorization: 'Bearer s3cret' } })).json().openapi).toMatch(/^3\./);
      // The shell is vendor files, public like the admin page: a browser cannot add a header to a navigation.
      expect((await app.inject({ url: '/__admin/docs' })).statusCode).toBe(200);
      // The shell's own script adds the token (from the page link or the tab) to the document's fetch only.
      const script = (await app.inject({ url: '/__admin/docs/static/theme/document-token.js' })).body;
      expect(script).toContain("headers.set('x-admin-token', token)");
      expect(script).toMatch(/openapi\\\.json\|docs\\\/json/);
    } finally {
      await app.close();
    }
  });
});
