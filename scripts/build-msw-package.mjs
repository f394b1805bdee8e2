// Writes packages/msw/dist, the package @aliyun-living-mock/msw: the MSW entry as one ES module
// (scripts/msw-bundle.mjs), its types as one index.d.ts, and its CommonJS door. Run after tsc:
// the types are bundled from tsc's dist/msw/index.d.ts. `npm run build` runs it.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { generateDtsBundle } from 'dts-bundle-generator';
import { bundleMswPackage, MSW_PACKAGE, mswPackageManifest } from './msw-bundle.mjs';
import { writeRequireShim } from './require-shim.mjs';

const OUT = `${MSW_PACKAGE}/dist`;
const manifest = mswPackageManifest();
const allowed = new Set([...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.peerDependencies ?? {})]);

/** The package a bare import names ('dayjs/plugin/utc.js' -> 'dayjs'). */
const packageOf = (specifier) => specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/');

/** Fails the build when the package's files import a package its manifest does not list. */
function checkImports(what, specifiers) {
  const unlisted = [...new Set(specifiers.map(packageOf))].filter((name) => !allowed.has(name));
  if (unlisted.length > 0) {
    throw new Error(`${what} imports ${unlisted.join(', ')}, which ${MSW_PACKAGE}/package.json does not list: add it to dependencies (or peerDependencies), or keep it out of what src/msw/index.ts imports`);
  }
}

rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });

const bundle = await bundleMswPackage({ outfile: `${OUT}/index.js` });
checkImports(`${OUT}/index.js`, Object.values(bundle.metafile.outputs).flatMap((o) => o.imports.filter((i) => i.external).map((i) => i.path)));

// Only the declarations the entry's exports reach: tsc's per-file output also holds server types
// (Fastify's request in the logging helpers) that no public type needs.
const [types] = generateDtsBundle([{ filePath: 'dist/msw/index.d.ts', output: { noBanner: true } }], { preferredConfigPath: 'tsconfig.build.json' });
checkImports(`${OUT}/index.d.ts`, [...types.matchAll(/^import .* from '([^.][^']*)';$/gm)].map((m) => m[1]));
writeFileSync(`${OUT}/index.d.ts`, types);

writeRequireShim(OUT, manifest.name);
