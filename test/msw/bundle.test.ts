/**
 * What the MSW handlers import must run in a browser: esbuild builds them for platform 'browser'
 * (a node:* import anywhere fails the build), the bundle reads no Node global (Buffer, process)
 * except behind a guard, and it stays within the budget of 100 KB gzipped, without msw.
 * The same build is the module of @aliyun-living-mock/msw: it imports only the package's
 * dependencies and peers, and exports what the entry exports.
 */
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { bundleForBrowser, bundleMswPackage, MSW_ENTRY, mswPackageManifest } from '../../scripts/msw-bundle.mjs';
import * as entry from '../../src/msw/index.js';

describe('the browser bundle of aliyun-living-mock/msw', () => {
  it('builds for the browser with no Node built-in, and stays under 100 KB gzipped', async () => {
    const result = await bundleForBrowser({ entryPoints: [MSW_ENTRY], outfile: 'msw-handlers.js', external: ['msw'], write: false });
    const output = result.outputFiles![0]!;
    const text = output.text;
    const inputs = Object.keys(result.metafile.inputs);
    // The domain, the gateway core and the built-in fixtures are in it; msw and Fastify are not.
    expect(inputs).toEqual(expect.arrayContaining(['src/gateway/gateway-core.ts', 'src/families/streaming/operations.ts', 'fixtures/packages.json']));
    expect(inputs.filter((f) => /fastify|pino|node:|better-sqlite3/.test(f))).toEqual([]);
    // Buffer only as the journal's guarded globalThis.Buffer (Node's native search where there is one).
    expect(text.match(/(?<![.\w$])Buffer\b/g)).toBeNull();
    expect(text.match(/(?<![.\w$])process\./g)).toBeNull();
    expect(gzipSync(output.contents, { level: 9 }).length).toBeLessThanOrEqual(100 * 1024);
  });
});

describe('the module of @aliyun-living-mock/msw', () => {
  it('imports only the dependencies and peers its package.json lists, and exports the values the entry exports', async () => {
    const result = await bundleMswPackage({ write: false });
    const [output] = Object.values(result.metafile.outputs);
    const imported = new Set(output!.imports.filter((i) => i.external).map((i) => i.path.split('/')[0]));
    const { dependencies = {}, peerDependencies = {} } = mswPackageManifest();
    expect([...imported].sort()).toEqual([...Object.keys(dependencies), ...Object.keys(peerDependencies)].sort());
    expect([...output!.exports].sort()).toEqual(Object.keys(entry).sort());
    expect(Object.keys(entry)).toContain('AdminApiError');
  });
});
