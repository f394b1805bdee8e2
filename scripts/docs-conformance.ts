/** Writes docs/conformance.md from the operations tables (src/docs/conformance.ts). */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderConformance } from '../src/docs/conformance.js';
import { ALL_OPERATIONS } from '../src/families/table.js';
import { builtInFixtures } from '../src/fixtures/built-in.js';

const path = fileURLToPath(new URL('../docs/conformance.md', import.meta.url));
const after = renderConformance(ALL_OPERATIONS, builtInFixtures());
let before = '';
try {
  before = readFileSync(path, 'utf8');
} catch {
  // First run: no file yet.
}
if (after === before) console.log('docs/conformance.md: already up to date');
else {
  writeFileSync(path, after);
  console.log('docs/conformance.md: regenerated from the operations tables');
}
