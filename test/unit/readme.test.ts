// The docs' options table, the README's vitest example and the MSW set-ups cannot drift from the code.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { optionsMarkdownTable, README_OPTIONS_END, README_OPTIONS_START } from '../../src/runtime/cli/options.js';

describe('docs/options.md options table', () => {
  it('is the table generated from ConfigSchema (run `npm run readme:options` after changing an option)', () => {
    const page = readFileSync(new URL('../../docs/options.md', import.meta.url), 'utf8');
    const start = page.indexOf(README_OPTIONS_START);
    const end = page.indexOf(README_OPTIONS_END);
    expect(start, 'docs/options.md has the options:start marker').toBeGreaterThan(0);
    expect(end).toBeGreaterThan(start);
    expect(page.slice(start + README_OPTIONS_START.length, end).trim()).toBe(optionsMarkdownTable());
  });
});

describe('README vitest example', () => {
  it('is test/e2e/readme-example.test.ts, which runs in this suite', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const example = readFileSync(new URL('../e2e/readme-example.test.ts', import.meta.url), 'utf8');
    expect(readme).toContain('```ts\n' + example + '```');
  });
});

describe('docs/msw.md set-ups', () => {
  it('are examples/msw/vite-app/mock.ts and examples/msw/vitest/mock.ts (the msw 2 samples), which run in this suite', () => {
    const page = readFileSync(new URL('../../docs/msw.md', import.meta.url), 'utf8');
    for (const file of ['vite-app/mock.ts', 'vitest/mock.ts']) {
      const example = readFileSync(new URL(`../../examples/msw/${file}`, import.meta.url), 'utf8');
      expect(example.split('\n').length - 1, `${file}: at most ten lines`).toBeLessThanOrEqual(10);
      expect(page).toContain('```ts msw2\n' + example + '```');
    }
  });
});
