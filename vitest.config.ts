import { configDefaults, defineConfig } from 'vitest/config';

/**
 * Unit and HTTP tests that check behaviour at load scale (a hundred thousand fuzzed bodies, ten
 * thousand sessions): they belong to `npm test`, not to the edit-test loop.
 */
const AT_SCALE = ['test/http/fuzz.test.ts', 'test/http/sessions-memory.test.ts'];

export default defineConfig({
  test: {
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // Every test file is in exactly one project. `npm test` runs both; `npm run test:fast` the first.
    projects: [
      {
        extends: true,
        test: {
          name: 'fast',
          include: ['test/unit/**/*.test.ts', 'test/http/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...AT_SCALE],
          // These files build their own apps and share no module state: loading the emulator once per
          // worker instead of once per file is most of the lane's time (154 s -> 51 s on a busy 2-core machine).
          isolate: false,
        },
      },
      // The MSW tests patch fetch and http globally while a server is listening: each file keeps its own module state.
      { extends: true, test: { name: 'slow', include: ['test/e2e/**/*.test.ts', 'test/contract/**/*.test.ts', 'test/msw/**/*.test.ts', ...AT_SCALE] } },
    ],
    // The second one prints one line when the browser suites were skipped for want of Chromium.
    reporters: ['default', './test/support/browser-skip-reporter.ts'],
  },
});
