/**
 * Without Chromium, `npm test` skips the browser suites and ends with one line that says so and
 * how to run them; with CI=true a missing browser stays a failure. Runs vitest itself on one
 * browser suite, with CHROMIUM_PATH pointing at no file.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const MISSING = '/nonexistent/chromium-for-this-test';

/** vitest on the docs browser suite, in a clean environment (no vitest worker variables, no CI) plus `env`. */
function runBrowserSuite(env: Record<string, string>) {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('VITEST') && k !== 'CI' && k !== 'NODE_OPTIONS'));
  const run = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'vitest', 'vitest.mjs'), 'run', 'test/e2e/admin-ui-docs.test.ts'], {
    cwd: ROOT,
    env: { ...clean, NO_COLOR: '1', CHROMIUM_PATH: MISSING, ...env },
    encoding: 'utf8',
    timeout: 120_000,
  });
  const lines = `${run.stdout}`.split('\n').filter((l) => l.trim() !== '');
  return { status: run.status, lines, all: `${run.stdout}\n${run.stderr}` };
}

describe('browser suites without a browser', () => {
  it('are skipped, and one last line says how many and how to run them', () => {
    const run = runBrowserSuite({});
    expect(run.status, run.all).toBe(0);
    // As many as the suite holds: vitest's own summary counts them skipped too.
    const skipped = run.lines.find((l) => /^\s*Tests\s+\d+ skipped/.test(l))?.match(/(\d+) skipped/)?.[1];
    expect(Number(skipped)).toBeGreaterThan(0);
    expect(run.lines.at(-1)).toBe(
      `${skipped} browser tests skipped in 1 file: no Chromium at ${MISSING}. To run them: apt-get install -y chromium fonts-wqy-microhei (or set CHROMIUM_PATH), then npm test`,
    );
    expect(run.lines.filter((l) => l.includes('browser tests skipped'))).toHaveLength(1);
  }, 130_000);

  it('fail under CI=true, saying the browser is missing', () => {
    const run = runBrowserSuite({ CI: 'true' });
    expect(run.status, run.all).toBe(1);
    expect(run.all).toContain(`no Chromium at ${MISSING}`);
    expect(run.all).not.toContain('browser tests skipped');
  }, 130_000);
});
