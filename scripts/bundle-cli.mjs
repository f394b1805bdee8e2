// Writes dist/cli.js: one ES module holding the CLI (src/runtime/cli/main.ts), its sources and the
// pure-JS dependencies it needs before its first answer (fastify, zod, pino, commander, dayjs).
// Node then reads one file instead of some 400: a cold start costs about as much as a bare
// Fastify's (issue 7). The library (dist/index.js and the rest) stays tsc's output, file per file.
// Run after tsc: `npm run build`.
import { build } from 'esbuild';

// Loaded only by the runs that need them, from node_modules: native code (better-sqlite3),
// files read beside their own sources (swagger-ui's assets), and the other lazy ones.
// Fastify's default schema compilers (Ajv, fast-json-stringify) are never loaded: every instance
// gets zod's (src/gateway/schema-compilers.ts). Left out, they would only be read from node_modules.
const EXTERNAL = ['junit-report-builder', 'better-sqlite3', 'selfsigned', 'pino-pretty', '@fastify/swagger', '@fastify/swagger-ui', '@fastify/ajv-compiler', '@fastify/fast-json-stringify-compiler'];

await build({
  entryPoints: ['src/runtime/cli/main.ts'],
  outfile: 'dist/cli.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: EXTERNAL,
  // The CommonJS dependencies call require() for Node's own modules: an ES module has none.
  banner: { js: "import { createRequire as __bundleRequire } from 'node:module'; const require = __bundleRequire(import.meta.url);" },
  // Less text to read and parse at every start; names are kept, so stack traces stay readable
  // (and --enable-source-maps maps them back to src/).
  minifyWhitespace: true,
  minifySyntax: true,
  sourcemap: true,
  sourcesContent: false,
  legalComments: 'none',
  logLevel: 'warning',
});
