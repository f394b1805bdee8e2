// The MSW handlers for browsers: esbuild with platform 'browser', so a Node built-in
// anywhere in what the handlers import fails the build. The same build, unminified and with its
// dependencies left as imports, is the module of the package @aliyun-living-mock/msw
// (scripts/build-msw-package.mjs). Run directly, it prints the minified and gzipped size of the
// handlers, the domain and the built-in fixtures, without msw (the app has that already), and the
// size of the package's module: `npm run size:msw`. The browser test bundles its page with it.
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The MSW entry's source: `aliyun-living-mock/msw`, and all of `@aliyun-living-mock/msw`. */
export const MSW_ENTRY = 'src/msw/index.ts';

/** The folder of the package @aliyun-living-mock/msw. */
export const MSW_PACKAGE = 'packages/msw';

/**
 * esbuild keeps every member of zod's `z` object, its 40 locales included, when it is imported as
 * `import { z } from 'zod'` (Rollup and webpack shake it; esbuild does not). The namespace import is
 * the same object for the code, and esbuild shakes it: about 450 KB minified less.
 */
export const zodNamespaceImports = {
  name: 'zod-namespace-imports',
  setup(build) {
    build.onLoad({ filter: /[\\/]src[\\/].*\.ts$/ }, async (args) => ({
      contents: (await readFile(args.path, 'utf8')).replaceAll("import { z } from 'zod';", "import * as z from 'zod';"),
      loader: 'ts',
    }));
  },
};

/** esbuild's options for the MSW entry and what imports it, in a browser: an ES module, no Node built-in. */
function browserBuild({ entryPoints, outfile, external = [], write = true, minify = true }) {
  return build({
    entryPoints,
    outfile,
    write,
    absWorkingDir: ROOT,
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    minify,
    external,
    metafile: true,
    legalComments: 'none',
    logLevel: 'silent',
    // The examples import the package by name: in this repository it is its own source.
    alias: { 'aliyun-living-mock/msw': `${ROOT}${MSW_ENTRY}`, '@aliyun-living-mock/msw': `${ROOT}${MSW_ENTRY}` },
    plugins: [zodNamespaceImports],
  });
}

/** Bundles `entryPoints` for a browser (ES module, minified); returns esbuild's result with its metafile. */
export function bundleForBrowser({ entryPoints, outfile, external = [], write = true }) {
  return browserBuild({ entryPoints, outfile, external, write });
}

/** The package's manifest: its dependencies and peers are what its module may import. */
export function mswPackageManifest() {
  return JSON.parse(readFileSync(`${ROOT}${MSW_PACKAGE}/package.json`, 'utf8'));
}

/**
 * The module of @aliyun-living-mock/msw: the MSW entry and what it imports, the built-in fixtures
 * included, as one readable ES module; its dependencies and peers (zod, dayjs, msw) stay imports,
 * resolved by the user's install and shaken by the user's bundler.
 */
export function bundleMswPackage({ outfile = `${MSW_PACKAGE}/dist/index.js`, write = true } = {}) {
  const { dependencies = {}, peerDependencies = {} } = mswPackageManifest();
  return browserBuild({ entryPoints: [MSW_ENTRY], outfile, external: [...Object.keys(dependencies), ...Object.keys(peerDependencies)], write, minify: false });
}

/** Minified and gzipped bytes of the handlers bundle, without msw. */
export async function mswBundleSize() {
  const result = await bundleForBrowser({ entryPoints: [MSW_ENTRY], outfile: 'msw-handlers.js', external: ['msw'], write: false });
  const bytes = result.outputFiles[0].contents;
  return { minified: bytes.length, gzipped: gzipSync(bytes, { level: 9 }).length };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
  const { minified, gzipped } = await mswBundleSize();
  console.log(`aliyun-living-mock/msw for browsers, without msw: ${kb(minified)} minified, ${kb(gzipped)} gzipped`);
  const module = (await bundleMswPackage({ write: false })).outputFiles[0].contents;
  console.log(`@aliyun-living-mock/msw's module, without zod, dayjs and msw: ${kb(module.length)}, ${kb(gzipSync(module, { level: 9 }).length)} gzipped`);
}
