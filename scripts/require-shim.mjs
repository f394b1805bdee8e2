// The CommonJS door of an ES-module-only entry: package.json's "require" condition points at an
// index.cjs beside the entry's index.js. On a Node that loads ES modules from require() (20.19+,
// 22.12+) it hands over the module itself; on one that cannot, it throws an error that names the
// package and says what to do, where Node alone would say ERR_PACKAGE_PATH_NOT_EXPORTED.
// Run directly (`npm run build` does), it writes the doors of aliyun-living-mock's two entries.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The text of an index.cjs that require()s the ES module `./index.js` published as `specifier`. */
export function requireShim(specifier) {
  const advice =
    `${specifier} is an ES module only, and this Node cannot load an ES module with require(). ` +
    `Import it instead: import { ... } from '${specifier}', or in CommonJS: const { ... } = await import('${specifier}'). ` +
    'Node 20.19+ and 22.12+ load it with require() too, unless run with --no-experimental-require-module.';
  return `'use strict';
// ${specifier} is an ES module; this file is what require('${specifier}') reads.
try {
  module.exports = require('./index.js');
} catch (error) {
  if (!error || error.code !== 'ERR_REQUIRE_ESM') throw error;
  throw Object.assign(new Error(${JSON.stringify(advice)}, { cause: error }), { code: 'ERR_REQUIRE_ESM' });
}
`;
}

/** Writes `dir`/index.cjs, the CommonJS door of `dir`/index.js. */
export function writeRequireShim(dir, specifier) {
  writeFileSync(join(dir, 'index.cjs'), requireShim(specifier));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeRequireShim('dist', 'aliyun-living-mock');
  writeRequireShim('dist/msw', 'aliyun-living-mock/msw');
}
