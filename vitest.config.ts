import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // The second one prints one line when the browser suites were skipped for want of Chromium.
    reporters: ['default', './test/support/browser-skip-reporter.ts'],
  },
});
