import { describe, expect, it } from 'vitest';
import { runExampleSuite } from '../support/example-suite.js';

describe('the README vitest set-up (examples/vitest-sessions)', () => {
  it('one emulator for the run, one session per test file: three files buying on one device in parallel all pass', () => {
    const report = runExampleSuite('examples/vitest-sessions/vitest.config.ts');
    expect(report.numTotalTestSuites).toBeGreaterThanOrEqual(3);
    expect(report.numFailedTests).toBe(0);
    expect(report.numPassedTests).toBe(6);
  }, 120_000);
});
