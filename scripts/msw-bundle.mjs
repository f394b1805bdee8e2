// The MSW handlers as a browser bundle (issue 18): esbuild with platform 'browser', so a Node
// built-in anywhere in what the handlers import fails the build. Run directly, it prints the
// minified and gzipped size of the handlers, the domain and the built-in fixtures, without msw
// (the app has that already): `npm run size:msw`. The browser test bundles its page with it.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

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

/** Bundles `entryPoints` for a browser (ES module, minified); returns esbuild's result with its metafile. */
export function bundleForBrowser({ entryPoints, outfile, external = [], write = true }) {
  return build({
    entryPoints,
    outfile,
    write,
    absWorkingDir: ROOT,
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    minify: true,
    external,
    metafile: true,
    legalComments: 'none',
    logLevel: 'silent',
    // The examples import the package by name: in this repository it is its own source.
    alias: { 'aliyun-living-mock/msw': `${ROOT}src/msw/index.ts` },
    plugins: [zodNamespaceImports],
  });
}

/** Minified and gzipped bytes of the handlers bundle, without msw. */
export async function mswBundleSize() {
  const result = await bundleForBrowser({ entryPoints: ['src/msw/index.ts'], outfile: 'msw-handlers.js', external: ['msw'], write: false });
  const bytes = result.outputFiles[0].contents;
  return { minified: bytes.length, gzipped: gzipSync(bytes, { level: 9 }).length };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { minified, gzipped } = await mswBundleSize();
  const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
  console.log(`aliyun-living-mock/msw for browsers, without msw: ${kb(minified)} minified, ${kb(gzipped)} gzipped`);
}
