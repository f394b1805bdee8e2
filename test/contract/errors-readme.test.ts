import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BusinessErrors, GatewayErrors } from '../../src/errors/catalogue.js';
import { generatedBlock, renderErrorTables, withGeneratedBlock } from '../../src/errors/table.js';

const page = readFileSync(fileURLToPath(new URL('../../docs/gateway.md', import.meta.url)), 'utf8');

describe('docs/gateway.md error tables', () => {
  it('are exactly what the catalogue generates (run `npm run docs:errors` after changing the catalogue)', () => {
    expect(generatedBlock(page)).toBe(renderErrorTables());
  });

  it('have one row per catalogue entry', () => {
    const block = renderErrorTables();
    for (const e of Object.values(BusinessErrors)) expect(block).toContain(`| ${e.code} | \`${e.message}\` |`);
    for (const e of Object.values(GatewayErrors)) expect(block).toContain(`| \`${e.errorCode}\` |`);
  });

  it('regenerate only between the markers, and append the markers when missing', () => {
    const text = 'intro\n<!-- errors:start -->\nold\n<!-- errors:end -->\noutro\n';
    expect(withGeneratedBlock(text, 'new')).toBe('intro\n<!-- errors:start -->\nnew\n<!-- errors:end -->\noutro\n');
    const appended = withGeneratedBlock('intro\n', 'table');
    expect(generatedBlock(appended)).toBe('table');
  });

  it('escape a pipe inside a cell so the table keeps its columns', () => {
    for (const line of renderErrorTables().split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| ---'))) {
      const columns = line.split(/(?<!\\)\|/).length - 2;
      expect([5, 6]).toContain(columns);
    }
  });
});
