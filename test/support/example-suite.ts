import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Runs an example's own vitest config in a child process; its JSON report. */
export function runExampleSuite(config: string): { numTotalTestSuites: number; numFailedTests: number; numPassedTests: number } {
  const run = spawnSync(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', '--config', config, '--reporter', 'json'], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 110_000,
  });
  return JSON.parse(run.stdout.slice(run.stdout.indexOf('{')));
}
