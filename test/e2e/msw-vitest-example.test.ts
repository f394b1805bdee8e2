import { describe, expect, it } from 'vitest';
import { runExampleSuite } from '../support/example-suite.js';

describe('the README MSW set-up for Vitest (examples/msw/vitest)', () => {
  it('runs the example suite with msw/node and no server: every test passes', () => {
    const report = runExampleSuite('examples/msw/vitest/vitest.config.ts');
    expect(report.numFailedTests).toBe(0);
    expect(report.numPassedTests).toBe(3);
  }, 120_000);
});
