/** Writes the tables read from the error catalogue into the docs: the errors (docs/gateway.md) and the fault types (docs/faults.md). */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderErrorTables, withGeneratedBlock } from '../src/errors/table.js';
import { FAULTS_BLOCK, renderFaultTable } from '../src/faults/table.js';

for (const [page, block, markers] of [
  ['gateway.md', renderErrorTables(), undefined],
  ['faults.md', renderFaultTable(), FAULTS_BLOCK],
] as const) {
  const path = fileURLToPath(new URL(`../docs/${page}`, import.meta.url));
  const before = readFileSync(path, 'utf8');
  const after = withGeneratedBlock(before, block, markers);
  if (after === before) {
    console.log(`docs/${page}: generated tables already up to date`);
  } else {
    writeFileSync(path, after);
    console.log(`docs/${page}: generated tables regenerated from src/errors/catalogue.ts`);
  }
}
