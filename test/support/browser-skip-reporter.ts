/**
 * Ends a run in which the browser suites were skipped (no Chromium, not CI) with one line: how
 * many tests were skipped and how to run them. Nothing is printed when they ran.
 */
import type { Reporter, TestCase, TestModule } from 'vitest/node';
import { BROWSER_SUITES_RUN, CHROMIUM, ENABLE_BROWSER_SUITES } from './browser.js';

function needsBrowser(test: TestCase): boolean {
  for (let parent = test.parent; parent.type === 'suite'; parent = parent.parent) {
    if (parent.meta().needsBrowser) return true;
  }
  return false;
}

/** The reporter; listed after the default one in vitest.config.ts, so its line comes last. */
export default class BrowserSkipReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    // They were meant to run: a failure to launch is reported as the failure it is.
    if (BROWSER_SUITES_RUN) return;
    let skipped = 0;
    let files = 0;
    for (const module of modules) {
      const here = [...module.children.allTests('skipped')].filter(needsBrowser).length;
      skipped += here;
      if (here) files += 1;
    }
    if (skipped === 0) return;
    process.stdout.write(`\n${skipped} browser tests skipped in ${files} file${files === 1 ? '' : 's'}: no Chromium at ${CHROMIUM}. To run them: ${ENABLE_BROWSER_SUITES}\n`);
  }
}
