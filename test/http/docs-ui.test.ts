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
      const init = (await app.inject({ url: '/__admin/docs/static/swagger-initializer.js' })).body;
      expect(init).toMatch(/headers\[["']x-admin-token["']\]\s*=\s*token/);
    } finally {
      await app.close();
    }
  });
});
