import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { T0 } from '../support/api.js';
import { startCli } from '../support/cli.js';

// The built CLI loads some features only when first used (issue 7: cold start): the docs
// (swagger, its UI and the API examples), the pretty log printer and SQLite. Each must work
// when it is first asked for over HTTP, after the start, as if it had been loaded up front.

const CREATE = '/vision/customer/streaming/order/create';
const createBody = (id: string) =>
  JSON.stringify({ id, version: '1.0', request: { apiVer: '1.0.0' }, params: { iotId: 'bZGD54swRg******FkEs000101', commodityCode: 'streamingResource_20_10', copies: 1 } });
const create = (url: string, id = '1') => fetch(`${url}${CREATE}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: createBody(id) });

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('features the built CLI loads on first use', () => {
  it('serves the OpenAPI document and the docs UI when first asked for, both at once, after an API call', async () => {
    const { url } = await startCli(['--port', '0', '--log-level', 'silent', '--now', T0, '--seed', '3']);
    expect(await (await create(url)).json()).toMatchObject({ code: 200 });
    // Two first requests at the same time: both wait for the one build, neither is refused.
    const [docRes, uiRes] = await Promise.all([fetch(`${url}/__admin/openapi.json`), fetch(`${url}/__admin/docs`)]);
    expect(docRes.status).toBe(200);
    const doc = (await docRes.json()) as { openapi: string; paths: Record<string, { post?: unknown }> };
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.paths[CREATE]?.post).toBeDefined();
    expect(uiRes.status).toBe(200);
    expect(uiRes.headers.get('content-type')).toMatch(/^text\/html/);
    expect(uiRes.headers.get('content-security-policy')).toContain("default-src 'self'");
    const init = await fetch(`${url}/__admin/docs/static/swagger-initializer.js`);
    expect(init.status).toBe(200);
    expect(await init.text()).toContain('"validatorUrl":null');
    expect(await (await fetch(`${url}/__admin/docs/json`)).json()).toEqual(doc);
    // A path the UI does not serve is the emulator's own 404, as before the docs were lazy.
    const missing = await fetch(`${url}/__admin/docs/no-such-file.js`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('x-ca-error-code')).toBe('I404NF');
    // The API answers as before once the docs are built.
    expect(await (await create(url, '2')).json()).toMatchObject({ code: 200 });
  }, 30_000);

  it('prints human-readable log lines with --log-format pretty', async () => {
    const cli = await startCli(['--port', '0', '--log-level', 'info', '--log-format', 'pretty', '--now', T0, '--seed', '3']);
    expect(await (await create(cli.url)).json()).toMatchObject({ code: 200 });
    await expect.poll(() => cli.stdout(), { timeout: 10_000 }).toMatch(/INFO.*request/);
    expect(cli.stdout()).not.toMatch(/^\{"level"/m);
  }, 30_000);

  it('stores orders in the --state-file SQLite database', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aliyun-living-mock-lazy-'));
    dirs.push(dir);
    const stateFile = join(dir, 'state.db');
    const cli = await startCli(['--port', '0', '--log-level', 'silent', '--now', T0, '--seed', '3', '--state-file', stateFile]);
    const body = (await (await create(cli.url)).json()) as { code: number; data: { orderId: string } };
    expect(body.code).toBe(200);
    expect(await cli.stop()).toBe(0);
    const bytes = readFileSync(stateFile);
    expect(bytes.subarray(0, 15).toString('latin1')).toBe('SQLite format 3');
    expect(bytes.includes(Buffer.from(body.data.orderId))).toBe(true);
  }, 30_000);
});
