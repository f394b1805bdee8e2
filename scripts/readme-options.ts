/** Rewrites the options table of docs/options.md from ConfigSchema: `npm run readme:options`. */
import { readFileSync, writeFileSync } from 'node:fs';
import { withOptionsTable } from '../src/runtime/cli/options.js';

const path = new URL('../docs/options.md', import.meta.url);
const before = readFileSync(path, 'utf8');
const after = withOptionsTable(before);
writeFileSync(path, after);
console.log(before === after ? 'docs/options.md: options table is up to date' : 'docs/options.md: options table rewritten');
