/**
 * The public API is what docs/api.md lists: each entry's exports by name and kind, no more and no
 * fewer, and each has a doc comment with an @example (test/contract/api-examples compiles them).
 * The exports are read with TypeScript's checker, so type-only exports count as well.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ENTRIES, entriesProgram, exportsOf, ROOT } from '../support/public-api.js';

const DOCS = 'docs/api.md';

/** Name -> kind of every row of the Public API section's tables, under each `### \`entry\`` heading. */
function documentedExports(markdown: string): Map<string, Map<string, string>> {
  const section = markdown.split(/^## /m).find((s) => s.startsWith('Public API'));
  if (!section) throw new Error(`${DOCS} has no "## Public API" section`);
  const entries = new Map<string, Map<string, string>>();
  let names: Map<string, string> | undefined;
  for (const line of section.split('\n')) {
    const heading = /^### `([^`]+)`/.exec(line);
    if (heading) entries.set(heading[1]!, (names = new Map()));
    const row = /^\|\s*`(\w+)`\s*\|\s*(\w+)\s*\|/.exec(line);
    if (row && names) names.set(row[1]!, row[2]!);
  }
  return entries;
}

describe('the public API', () => {
  const docs = documentedExports(readFileSync(`${ROOT}${DOCS}`, 'utf8'));
  const program = entriesProgram();

  for (const [entry, file] of Object.entries(ENTRIES)) {
    it(`${entry} (${file}) exports exactly the names ${DOCS} lists, each of the kind it says`, () => {
      const actual = exportsOf(program, file);
      const listed = docs.get(entry) ?? new Map<string, string>();
      expect([...actual.keys()].filter((n) => !listed.has(n)), `exported by ${file} but not listed under ${entry} in ${DOCS}`).toEqual([]);
      expect([...listed.keys()].filter((n) => !actual.has(n)), `listed under ${entry} in ${DOCS} but not exported by ${file}`).toEqual([]);
      const kinds = (of: (name: string) => string | undefined) => Object.fromEntries([...listed.keys()].map((n) => [n, of(n)]));
      expect(kinds((n) => listed.get(n)), `the kinds in ${DOCS}`).toEqual(kinds((n) => actual.get(n)!.kind));
    });

    it(`every export of ${entry} has a doc comment with an @example`, () => {
      const without = [...exportsOf(program, file)].filter(([, e]) => e.examples.length === 0).map(([n]) => n);
      expect(without).toEqual([]);
    });
  }

  it('reads the docs tables (the check itself)', () => {
    const md = '# API\n\n## Public API\n\n### `pkg`\n\n| name | kind | what |\n|---|---|---|\n| `a` | function | x |\n| `B` | type | y |\n\n### `pkg/sub`\n\n| `c` | constant | z |\n\n## Next\n\n| `d` | type | w |\n';
    expect(documentedExports(md)).toEqual(new Map([['pkg', new Map([['a', 'function'], ['B', 'type']])], ['pkg/sub', new Map([['c', 'constant']])]]));
  });
});
