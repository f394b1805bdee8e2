/** Writes the error catalogue's tables into README.md between the errors markers. */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderErrorTables, withGeneratedBlock } from '../src/errors/table.js';

const readmePath = fileURLToPath(new URL('../README.md', import.meta.url));
const before = readFileSync(readmePath, 'utf8');
const after = withGeneratedBlock(before, renderErrorTables());
if (after === before) {
  console.log('README.md: error tables already up to date');
} else {
  writeFileSync(readmePath, after);
  console.log('README.md: error tables regenerated from src/errors/catalogue.ts');
}
