import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderConformance } from '../../src/docs/conformance.js';
import { ALL_OPERATIONS } from '../../src/families/table.js';
import { builtInFixtures } from '../../src/fixtures/built-in.js';

describe('docs/conformance.md', () => {
  const doc = readFileSync(new URL('../../docs/conformance.md', import.meta.url), 'utf8');

  it('is exactly what the operations tables generate (run `npm run docs:conformance` after changing them)', () => {
    expect(doc).toBe(renderConformance(ALL_OPERATIONS, builtInFixtures()));
  });

  it('lists every API with every apiVer it serves', () => {
    const paths = new Set(ALL_OPERATIONS.map((o) => o.path));
    expect(paths.size).toBe(21);
    for (const path of paths) {
      const served = ALL_OPERATIONS.filter((o) => o.path === path).map((o) => o.apiVer).join(', ');
      expect(doc).toContain(`## \`${path}\`\n\napiVer served: ${served};`);
    }
    expect(doc).toContain('apiVer served: 1.0.8, 1.0.7; page: 177885');
  });

  it('marks what only an example shows and what the emulator chose', () => {
    expect(doc).toContain('| `endTime` | data | example (epoch ms; the table says text) |');
    expect(doc).toContain('| `months` | data | example (190252\'s example, not its table) |');
    expect(doc).toMatch(/\| `available` \| data \| \[model\]/);
  });
});
