/** docs/cloud-storage.md's table of the 云存储 family agrees with the operations table: paths, apiVers, doc pages and rules sources. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cloudStorageOperations } from '../../src/families/cloud-storage/operations.js';

const doc = readFileSync(new URL('../../docs/cloud-storage.md', import.meta.url), 'utf8');

describe('docs/cloud-storage.md: the 云存储 family table', () => {
  it.each([...new Set(cloudStorageOperations.map((op) => op.path))])('lists %s with its apiVers, doc page and rules source', (path) => {
    const ops = cloudStorageOperations.filter((op) => op.path === path);
    const row = doc.split('\n').find((line) => line.startsWith(`| \`${path}\` |`));
    expect(row, `docs/cloud-storage.md row for ${path}`).toBeDefined();
    const [, , apiVers, page, rules] = row!.split('|').map((cell) => cell.trim());
    expect(apiVers).toBe(ops.map((op) => op.apiVer).join(', '));
    expect(page).toBe(ops[0]!.sources.docPage);
    expect(rules).toBe(ops[0]!.sources.rules);
  });
});
