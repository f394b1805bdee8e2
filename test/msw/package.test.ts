/**
 * The package @aliyun-living-mock/msw as a user gets it: `npm pack` of packages/msw (built by
 * `npm run build`), installed with msw into an empty project from the npm cache. Its node_modules
 * holds no server dependency, msw/node answers a create from it, its types compile in a strict
 * project, and require() gets the module or says it is an ES module only.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MSW_PACKAGE, mswPackageManifest } from '../../scripts/msw-bundle.mjs';
import { ROOT } from '../support/cli.js';

const run = promisify(execFile);
const NAME = mswPackageManifest().name;
/** What the server package brings and an MSW-only user must not install. */
const SERVER_ONLY = ['fastify', 'better-sqlite3', 'pino', '@fastify/swagger', '@fastify/swagger-ui', 'selfsigned', 'commander', 'pino-pretty'];

/** Every package installed in `dir`/node_modules, nested ones included, by name. */
function installed(dir: string): string[] {
  const modules = join(dir, 'node_modules');
  if (!existsSync(modules)) return [];
  return readdirSync(modules, { withFileTypes: true }).flatMap((e) => {
    if (!e.isDirectory() || e.name.startsWith('.')) return [];
    const names = e.name.startsWith('@') ? readdirSync(join(modules, e.name)).map((n) => `${e.name}/${n}`) : [e.name];
    return names.flatMap((name) => [name, ...installed(join(modules, name))]);
  });
}

/** `node [flags] <script file>` in `cwd`: its output and exit code. */
async function node(cwd: string, flags: string[], file: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [...flags, file], { cwd });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe(`${NAME}, packed and installed with msw into an empty project`, () => {
  let dir: string;
  let project: string;

  beforeAll(async () => {
    if (!existsSync(join(ROOT, MSW_PACKAGE, 'dist/index.js'))) throw new Error(`${MSW_PACKAGE}/dist is missing: run \`npm run build\` first (\`npm test\` does)`);
    dir = mkdtempSync(join(tmpdir(), 'aliyun-living-mock-msw-package-'));
    const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', dir], { cwd: join(ROOT, MSW_PACKAGE) });
    const [{ filename }] = JSON.parse(stdout) as [{ filename: string }];
    project = join(dir, 'project');
    mkdirSync(project);
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true, type: 'module' }));
    // The msw of this repository's lock: the npm cache has it and its dependencies.
    const msw = (JSON.parse(readFileSync(join(ROOT, 'node_modules/msw/package.json'), 'utf8')) as { version: string }).version;
    await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', join(dir, filename), `msw@${msw}`], { cwd: project });
  }, 300_000);

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('installs the browser-safe core (zod, dayjs) beside msw, and nothing of the server', () => {
    const names = installed(project);
    expect(names).toEqual(expect.arrayContaining([NAME, 'zod', 'dayjs', 'msw']));
    expect(names.filter((n) => SERVER_ONLY.includes(n) || /^(@fastify\/|fastify-|pino-)/.test(n))).toEqual([]);
  });

  it('answers a create through msw/node setupServer, and a refused control call is its AdminApiError', async () => {
    writeFileSync(
      join(project, 'create.mjs'),
      `import { setupServer } from 'msw/node';
import { AdminApiError, createHandlers, DEFAULT_BASE_URL } from '${NAME}';

const { handlers, control } = createHandlers({ now: '2024-11-15T02:00:00Z', seed: 42 });
const server = setupServer(...handlers);
server.listen({ onUnhandledRequest: 'error' });
const res = await fetch(DEFAULT_BASE_URL + '/vision/customer/streaming/order/create', {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ id: '1', version: '1.0', request: { apiVer: '1.0.0' }, params: { iotId: 'bZGD54swRg******FkEs000101', commodityCode: 'streamingResource_20_10', copies: 1 } }),
});
const body = await res.json();
const refusal = await control.device('no-such-device').then(() => null, (err) => ({ adminApiError: err instanceof AdminApiError, status: err.status }));
server.close();
console.log(JSON.stringify({ status: res.status, body, refusal }));
`,
    );
    const { code, stdout, stderr } = await node(project, [], 'create.mjs');
    expect({ code, stderr }).toMatchObject({ code: 0 });
    const out = JSON.parse(stdout) as { status: number; body: { code: number; data: Record<string, unknown> }; refusal: unknown };
    expect(out.status).toBe(200);
    expect(out.body.code).toBe(200);
    expect(out.body.data).toMatchObject({
      commodityCode: 'streamingResource_20_10',
      startTime: '2024-11-15 10:00:00',
      endTime: '2024-12-15 10:00:00',
      orderId: expect.stringMatching(/^\d{21}$/),
    });
    expect(out.refusal).toEqual({ adminApiError: true, status: 404 });
  });

  it('has types that compile in the project: strict, no ambient @types, the declarations checked too (skipLibCheck off)', async () => {
    writeFileSync(
      join(project, 'consumer.ts'),
      `import { AdminApiError, createHandlers, DEFAULT_BASE_URL, type FaultRuleInput, type HandlersOptions, type JournalPage, type MockControl } from '${NAME}';

const options: HandlersOptions = { baseUrl: DEFAULT_BASE_URL, now: '2024-11-15T02:00:00Z', seed: 42 };
const slow: FaultRuleInput = { type: 'latency', delay: { kind: 'fixed', ms: 500 }, match: { path: '/vision/customer/streaming/order/*' } };
// @ts-expect-error: not a fault type (if the types were any, this line would not be an error)
const wrong: FaultRuleInput = { type: 'explode' };
const control: MockControl = createHandlers({ ...options, faults: [slow] }).control;
export async function lastStatus(): Promise<number | null | undefined> {
  const page: JournalPage = await control.requests({ limit: 1 });
  return page.requests[0]?.status;
}
export const refused = (err: unknown): number | undefined => (err instanceof AdminApiError ? err.status : undefined);
export { wrong };
`,
    );
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { strict: true, module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', lib: ['ES2023', 'DOM'], types: [], noEmit: true, skipLibCheck: false },
        files: ['consumer.ts'],
      }),
    );
    // This repository's compiler, reading the project's node_modules.
    const { code, stdout } = await node(project, [], join(ROOT, 'node_modules/typescript/bin/tsc'));
    expect({ code, stdout }).toEqual({ code: 0, stdout: '' });
    // A whole tsc run over the package's declarations: 8 s on a quiet 2-core machine, over 20 s under load.
  }, 120_000);

  it('gets the module from require(), or an error that says it is an ES module only and what to do', async () => {
    writeFileSync(join(project, 'require.cjs'), `console.log(typeof require('${NAME}').createHandlers);\n`);
    expect(await node(project, [], 'require.cjs')).toMatchObject({ code: 0, stdout: 'function\n' });
    const old = await node(project, ['--no-experimental-require-module'], 'require.cjs');
    expect(old.code).toBe(1);
    expect(old.stderr).toContain(`Error: ${NAME} is an ES module only, and this Node cannot load an ES module with require().`);
    expect(old.stderr).toContain(`import { ... } from '${NAME}'`);
  });
});
