/** Rewrites the options table of README.md from ConfigSchema: `npm run readme:options`. */
import { readFileSync, writeFileSync } from 'node:fs';
import { withOptionsTable } from '../src/runtime/cli/options.js';

const path = new URL('../README.md', import.meta.url);
const before = readFileSync(path, 'utf8');
const after = withOptionsTable(before);
writeFileSync(path, after);
console.log(before === after ? 'README options table is up to date' : 'README options table rewritten');
