/** docs/drift-check.md cannot drift from the check: its options, its calls, its kinds and exit codes are read from the code. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CHECK_EXIT } from '../../src/drift/check.js';
import { DIFFERENCE_KINDS } from '../../src/drift/compare.js';
import { CheckConfigSchema } from '../../src/drift/options.js';
import { CHECK_STEPS, UNKNOWN_DEVICE } from '../../src/drift/sequence.js';
import { STRING_FORMATS } from '../../src/drift/shape.js';
import { RecordConfigSchema } from '../../src/record/options.js';
import { optionsMarkdownTable, optionSpecs } from '../../src/runtime/cli/options.js';

const DOC = readFileSync(new URL('../../docs/drift-check.md', import.meta.url), 'utf8');
const rows = (start: string) => DOC.slice(DOC.indexOf(start)).split('\n\n')[0]!.split('\n').slice(2);

describe('docs/drift-check.md', () => {
  it('has the options tables generated from the check\'s and record mode\'s schemas', () => {
    const table = (name: string) => DOC.slice(DOC.indexOf(`<!-- ${name}:start -->`) + `<!-- ${name}:start -->`.length, DOC.indexOf(`<!-- ${name}:end -->`)).trim();
    expect(table('check-options')).toBe(optionsMarkdownTable(optionSpecs(CheckConfigSchema)));
    expect(table('record-options')).toBe(optionsMarkdownTable(optionSpecs(RecordConfigSchema)));
  });

  it('lists every call, with its API and apiVer, reads and writes apart', () => {
    const reads = rows('| step | API | apiVer | per device |').join('\n');
    const writes = rows('| step | API | apiVer | does |').join('\n');
    for (const step of CHECK_STEPS) {
      expect(step.writes ? writes : reads).toContain(`| ${step.id} | \`${step.path}\` | ${step.apiVer} |`);
    }
    expect(reads).toContain(UNKNOWN_DEVICE);
  });

  it('gives every exit code, difference kind and format', () => {
    const exits = rows('| code | meaning |').map((row) => Number(row.split('|')[1]));
    expect(exits).toEqual([...new Set(Object.values(CHECK_EXIT))].sort());
    expect(rows('| kind | means |').map((row) => row.split('`')[1])).toEqual([...DIFFERENCE_KINDS]);
    const formats = rows('| format | what it looks like |').join('\n');
    for (const name of Object.keys(STRING_FORMATS)) expect(formats).toContain(`\`${name}\``);
  });
});
