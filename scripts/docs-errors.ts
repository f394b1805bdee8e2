/** Writes the tables read from the error catalogue into README.md: the errors, and the fault types. */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderErrorTables, withGeneratedBlock } from '../src/errors/table.js';
import { FAULTS_BLOCK, renderFaultTable } from '../src/faults/table.js';

const readmePath = fileURLToPath(new URL('../README.md', import.meta.url));
const before = readFileSync(readmePath, 'utf8');
const after = withGeneratedBlock(withGeneratedBlock(before, renderErrorTables()), renderFaultTable(), FAULTS_BLOCK);
if (after === before) {
  console.log('README.md: error and fault tables already up to date');
} else {
  writeFileSync(readmePath, after);
  console.log('README.md: error and fault tables regenerated from src/errors/catalogue.ts');
}
