import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe('the README vitest set-up (examples/vitest-sessions)', () => {
  it('one emulator for the run, one session per test file: three files buying on one device in parallel all pass', () => {
    const run = spawnSync(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', '--config', 'examples/vitest-sessions/vitest.config.ts', '--reporter', 'json'], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 110_000,
    });
    const report = JSON.parse(run.stdout.slice(run.stdout.indexOf('{')));
    expect(report.numTotalTestSuites).toBeGreaterThanOrEqual(3);
    expect(report.numFailedTests).toBe(0);
    expect(report.numPassedTests).toBe(6);
  }, 120_000);
});
