/**
 * A family is one folder and one table line: the doorbell family lives only under
 * test/support/families/doorbell/ and is given as `families: [...API_FAMILIES, doorbellFamily]`.
 * With no edit in src/ it gets its routes behind the gateway (signatures, faults, sessions, the
 * journal), its fixture file, a state file, its lane in the admin API (which the page draws), its
 * OpenAPI paths and MSW handlers. The describe blocks are the numbered steps of docs/contributing.md
 * ("Adding a family"). The kill -9 of a server with the family is test/e2e/third-family-crash.test.ts,
 * the page drawing its lane test/e2e/third-family-page.test.ts.
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import type { FastifyInstance } from 'fastify';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { API_FAMILIES, buildApp, type BuildAppOptions } from '../../src/index.js';
import { createHandlers, DEFAULT_BASE_URL } from '../../src/msw/index.js';
import { BUILT_IN_FIXTURES_DIR } from '../../src/fixtures/load.js';
import { builtInFixtures } from '../../src/fixtures/built-in.js';
import { admin } from '../support/admin.js';
import { call, DEVICES, envelope, T0 } from '../support/api.js';
import { doorbellFamily } from '../support/families/doorbell/family.js';
import { QUIET_GET, QUIET_SET } from '../support/families/doorbell/operations.js';
import { APPS, signHeaders } from '../support/signer.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const FAMILY_DIR = fileURLToPath(new URL('../support/families/doorbell/', import.meta.url));
const FAMILIES = [...API_FAMILIES, doorbellFamily];
const NAME = doorbellFamily.name;
const iotId = DEVICES.empty;

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

/** An app on the built-in fixtures serving the built-in families and the doorbell. */
async function open(options: BuildAppOptions = {}): Promise<FastifyInstance> {
  app = await buildApp({ now: T0, seed: 42, families: FAMILIES, ...options });
  return app;
}

/** Every file below a folder, recursively. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));
}

describe('1-2. the operations and rules: its APIs behind the gateway', () => {
  it('answers a write and a read in the envelope, and refuses in the Aliyun codes', async () => {
    const a = await open();
    const set = await call(a, QUIET_SET, { iotId, minutes: 90 });
    expect(set.statusCode).toBe(200);
    expect(set.body_).toMatchObject({ code: 200, data: { iotId, startTime: '2024-11-15 10:00:00', endTime: '2024-11-15 11:30:00' } });
    expect(set.body_.data.quietId).toMatch(/^[1-9]\d{11}$/);
    expect((await call(a, QUIET_GET, { iotId })).body_.data).toEqual({ iotId, quiet: true, until: '2024-11-15 11:30:00', periods: 1 });

    const again = await call(a, QUIET_SET, { iotId, minutes: 5 });
    expect(again.body_.code).toBe(460);
    expect(again.headers['x-mock-error-detail']).toBe(`params.iotId: device "${iotId}" is quiet until 2024-11-15 11:30:00`);
    const bad = await call(a, QUIET_SET, { iotId: DEVICES.queue, minutes: 0 });
    expect(bad.body_.code).toBe(460);
    expect(bad.headers['x-mock-error-detail']).toMatch(/^params\.minutes: /);
    expect((await call(a, QUIET_GET, { iotId: 'no-such-device' })).body_.code).toBe(2063);
    expect((await call(a, QUIET_GET, { iotId: DEVICES.forbidden })).body_.code).toBe(403);

    // The journal holds its calls with their device, as it does every family's.
    const journal = await admin(a, 'GET', `/requests?path=${encodeURIComponent(QUIET_SET)}`);
    expect(journal.body.requests.map((e: { iotId: string; code: number }) => [e.iotId, e.code])).toEqual([
      [DEVICES.queue, 460],
      [iotId, 460],
      [iotId, 200],
    ]);
  });

  it('checks signatures with --verify-signature, and the calling app\'s project', async () => {
    const a = await open({ verifySignature: true });
    const body = JSON.stringify(envelope({ iotId, minutes: 30 }));
    const post = (app_: { appKey: string; appSecret: string }) =>
      a.inject({ method: 'POST', url: QUIET_SET, headers: signHeaders({ ...app_, url: QUIET_SET, body, timestamp: Date.parse(T0) }).headers, payload: body });
    const unsigned = await a.inject({ method: 'POST', url: QUIET_SET, headers: { 'content-type': 'application/json' }, payload: body });
    expect(unsigned.statusCode).toBe(400);
    expect(unsigned.headers['x-ca-error-code']).toBeDefined();
    const forged = await post({ ...APPS.full, appSecret: 'not-the-secret' });
    expect([forged.statusCode, forged.headers['x-ca-error-code']]).toEqual([400, 'A403IS']);
    const otherProject = await post(APPS.otherProject);
    expect([otherProject.statusCode, otherProject.json().code]).toEqual([200, 403]);
    const signed = await post(APPS.full);
    expect([signed.statusCode, signed.json().code]).toEqual([200, 200]);
  });

  it('takes faults from the x-mock-fault header and from fault rules matching its path and device', async () => {
    const a = await open();
    expect((await call(a, QUIET_GET, { iotId }, { headers: { 'x-mock-fault': 'code=2063' } })).body_.code).toBe(2063);
    const throttled = await call(a, QUIET_GET, { iotId }, { headers: { 'x-mock-fault': 'gateway=503' } });
    expect(throttled.statusCode).toBe(503);
    await admin(a, 'POST', '/faults', { type: 'error', code: 2063, match: { path: '/vision/customer/doorbell/*', iotId }, times: 1 });
    expect((await call(a, QUIET_SET, { iotId, minutes: 10 })).body_.code).toBe(2063);
    expect((await call(a, QUIET_SET, { iotId, minutes: 10 })).body_.code).toBe(200);
  });
});

describe('3. the state: a world of its own per session', () => {
  it('keeps each session\'s state apart (x-mock-session), and a reset empties it', async () => {
    const a = await open();
    const inSession = { headers: { 'x-mock-session': 'scratch' } };
    expect((await call(a, QUIET_SET, { iotId, minutes: 30 }, inSession)).body_.code).toBe(200);
    expect((await call(a, QUIET_GET, { iotId }, inSession)).body_.data.quiet).toBe(true);
    expect((await call(a, QUIET_GET, { iotId })).body_.data.quiet).toBe(false);
    await admin(a, 'POST', '/reset', undefined, { 'x-mock-session': 'scratch' });
    expect((await call(a, QUIET_GET, { iotId }, inSession)).body_.data).toMatchObject({ quiet: false, periods: 0 });
  });
});

describe('4. the fixture file: families/doorbell.json', () => {
  const dir = mkdtempSync(join(tmpdir(), 'alm-third-family-fixtures-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** The built-in fixtures folder plus families/doorbell.json. */
  function folderWith(doorbell: unknown): string {
    const folder = mkdtempSync(join(dir, 'fixtures-'));
    cpSync(BUILT_IN_FIXTURES_DIR, folder, { recursive: true });
    mkdirSync(join(folder, 'families'), { recursive: true });
    writeFileSync(join(folder, 'families', 'doorbell.json'), JSON.stringify(doorbell));
    return folder;
  }
  const QUIET = { quiet: [{ quietId: '700000000001', iotId: DEVICES.doc, start: 'now-10m', minutes: 30 }] };

  it('is read from families/doorbell.json when a world starts: every session and the docs\' example world start with it', async () => {
    const a = await open({ fixtures: folderWith(QUIET) });
    const quiet = { iotId: DEVICES.doc, quiet: true, until: '2024-11-15 10:20:00', periods: 1 };
    expect((await call(a, QUIET_GET, { iotId: DEVICES.doc })).body_.data).toEqual(quiet);
    expect((await call(a, QUIET_GET, { iotId: DEVICES.doc }, { headers: { 'x-mock-session': 'fresh' } })).body_.data).toEqual(quiet);
    // The OpenAPI example is the answer on a fresh world of the same fixtures and families.
    const doc = (await a.inject({ url: '/__admin/openapi.json' })).json();
    expect(doc.paths[QUIET_GET].post.responses['200'].content['application/json'].examples['apiVer 1.0.0'].value.data).toEqual(quiet);
  });

  it('is checked by the line\'s checkFixtures when the folder is read, and when createHandlers gets it, naming the file, the entry and the field', async () => {
    const bad = { quiet: [{ ...QUIET.quiet[0], iotId: 'no-such-device' }] };
    const message = 'families/doorbell.json: quiet.0: field iotId: unknown device "no-such-device"; add it to devices.json';
    // Without its initial state, the line's check is all that reads the file before a call does.
    const checkOnly = [...API_FAMILIES, { ...doorbellFamily, initialState: undefined }];
    const folder = folderWith(bad);
    await expect(open({ fixtures: folder, families: checkOnly })).rejects.toThrow(`${folder}/${message}`);
    expect(() => createHandlers({ families: checkOnly, fixtures: { ...builtInFixtures(), families: { doorbell: bad } } })).toThrow(message);
    await expect(open({ fixtures: folder })).rejects.toThrow(message);
  });
});

/** The rows of a query on a state file, read without writing to it. */
function readTable(path: string, sql: string): unknown[] {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare(sql).all();
  } finally {
    db.close();
  }
}

describe('5. the saved state: a --state-file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'alm-third-family-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is there after a restart: its change logged under the family\'s key, then its row', async () => {
    const stateFile = join(dir, 'state.sqlite');
    const first = await open({ stateFile });
    const { quietId } = (await call(first, QUIET_SET, { iotId, minutes: 45 })).body_.data;
    await first.close();
    // The file knows the family by its key only: its change, logged before the answer left.
    const logged = readTable(stateFile, 'SELECT family, body FROM changes');
    expect(logged).toEqual([{ family: 'doorbell', body: expect.stringContaining(`"quietId":"${quietId}"`) }]);
    const second = await open({ stateFile });
    expect((await call(second, QUIET_GET, { iotId })).body_.data).toEqual({ iotId, quiet: true, until: '2024-11-15 10:45:00', periods: 1 });
    // Compacted at the start: the change is now the family's row.
    expect(readTable(stateFile, 'SELECT family, key FROM family_rows WHERE family = \'doorbell\'')).toEqual([{ family: 'doorbell', key: quietId }]);
    expect((await admin(second, 'GET', `/devices/${iotId}`)).body.lanes.find((l: { family: string }) => l.family === NAME).orders[0].orderId).toBe(quietId);
  });
});

describe('6. the admin lane', () => {
  it('is a family of GET /__admin/families and a lane of the device in GET /__admin/devices, which the page draws', async () => {
    const a = await open();
    const families = (await admin(a, 'GET', '/families')).body.families;
    expect(families.find((f: { name: string }) => f.name === NAME).operations.map((o: { path: string }) => o.path)).toEqual([QUIET_SET, QUIET_GET]);
    const { quietId } = (await call(a, QUIET_SET, { iotId, minutes: 60 })).body_.data;
    const device = (await admin(a, 'GET', `/devices/${iotId}`)).body;
    // ui/devices.js lanesOf: every entry of `lanes` is one more timeline lane, named by the family's first word.
    expect(device.lanes.find((l: { family: string }) => l.family === NAME).orders).toEqual([
      {
        orderId: quietId,
        commodityName: '门铃静音',
        startTime: '2024-11-15 10:00:00',
        endTime: '2024-11-15 11:00:00',
        periods: [{ start: '2024-11-15T02:00:00.000Z', end: '2024-11-15T03:00:00.000Z' }],
        frozen: false,
      },
    ]);
  });
});

describe('7. the line: one folder under test/, given through the families option', () => {
  it('is one folder under test/ and no file of src/ names it', () => {
    const files = filesUnder(FAMILY_DIR).map((f) => relative(ROOT, f)).sort();
    expect(files.every((f) => f.startsWith('test/'))).toBe(true);
    // The family (table line, fixture file, operations, saved state, state) and the entry script of the kill -9 test.
    expect(files).toEqual([
      'test/support/families/doorbell/family.ts',
      'test/support/families/doorbell/fixture-file.ts',
      'test/support/families/doorbell/operations.ts',
      'test/support/families/doorbell/saved-state.ts',
      'test/support/families/doorbell/serve.ts',
      'test/support/families/doorbell/state.ts',
    ]);
    const naming = filesUnder(join(ROOT, 'src')).filter((f) => /doorbell/i.test(readFileSync(f, 'utf8')));
    expect(naming.map((f) => relative(ROOT, f))).toEqual([]);
  });

  it('is served only when the families option gives it (the default is the built-in table)', async () => {
    app = await buildApp({ now: T0, seed: 42 });
    const res = await call(app, QUIET_GET, { iotId });
    expect(res.statusCode).toBe(404);
    expect(res.headers['x-ca-error-code']).toBe('I404NF');
  });

  it('refuses a table whose lines collide, saying what to change', async () => {
    await expect(buildApp({ families: [...FAMILIES, doorbellFamily] })).rejects.toThrow(
      `two families serve ${QUIET_SET} apiVer 1.0.0; give each operation its own path or apiVer`,
    );
    await expect(buildApp({ families: [doorbellFamily] })).rejects.toThrow(/exactly one family must serve the admin API's order routes.*\[\.\.\.API_FAMILIES, yours\]/);
    // A line that is not one (from JavaScript, say) is refused by both transports, naming it.
    const notALine = [...API_FAMILIES, { name: 'doorbell' }] as unknown as BuildAppOptions['families'];
    const expected = 'families[3]: expected a family line { name, operations, ... } as in API_FAMILIES';
    await expect(buildApp({ families: notALine })).rejects.toThrow(expected);
    expect(() => createHandlers({ families: notALine })).toThrow(`aliyun-living-mock/msw: invalid options: ${expected}`);
  });
});

describe('what follows with no other edit: the OpenAPI document and the MSW handlers', () => {
  it('has its paths in the OpenAPI document, with the answer of its request example', async () => {
    const a = await open();
    const doc = (await a.inject({ url: '/__admin/openapi.json' })).json();
    for (const path of [QUIET_SET, QUIET_GET]) expect(Object.keys(doc.paths)).toContain(path);
    expect(doc.paths[QUIET_SET].post.summary).toContain('门铃静音');
    const example = doc.paths[QUIET_GET].post.responses['200'].content['application/json'].examples['apiVer 1.0.0'].value;
    expect(example).toMatchObject({ code: 200, data: { quiet: false, periods: 0 } });
  });

  it('its MSW handlers answer through msw/node with the same bytes as the server, and the control object shows its lane', async () => {
    const a = await open();
    const { handlers, control } = createHandlers({ now: T0, seed: 42, families: FAMILIES });
    const server = setupServer(...handlers);
    server.listen({ onUnhandledRequest: 'error' });
    try {
      for (const [path, params] of [[QUIET_SET, { iotId, minutes: 20 }], [QUIET_GET, { iotId }]] as const) {
        const body = JSON.stringify(envelope(params));
        const viaMsw = await fetch(`${DEFAULT_BASE_URL}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
        const viaServer = await a.inject({ method: 'POST', url: path, headers: { 'content-type': 'application/json' }, payload: body });
        expect(viaMsw.status).toBe(200);
        expect(await viaMsw.text()).toBe(viaServer.body);
      }
      expect((await control.device(iotId)).lanes.find((l) => l.family === NAME)?.orders).toHaveLength(1);
    } finally {
      server.close();
    }
  });
});
