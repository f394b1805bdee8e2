/** Writes the error catalogue's tables into docs/gateway.md between the errors markers. */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderErrorTables, withGeneratedBlock } from '../src/errors/table.js';

const pagePath = fileURLToPath(new URL('../docs/gateway.md', import.meta.url));
const before = readFileSync(pagePath, 'utf8');
const after = withGeneratedBlock(before, renderErrorTables());
if (after === before) {
  console.log('docs/gateway.md: error tables already up to date');
} else {
  writeFileSync(pagePath, after);
  console.log('docs/gateway.md: error tables regenerated from src/errors/catalogue.ts');
}
