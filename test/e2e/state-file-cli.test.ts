/**
 * The state file through the built CLI: what a start refuses (and with which exit code and words),
 * and what --state-file-repair and validate-fixtures --state-file say about a file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'alm-state-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('--state-file through the CLI', () => {
  it('refuses --isolate-by app-key with it: exit 2, both options named, and what to do', async () => {
    const { code, stderr } = await runCli(['--port', '0', '--state-file', join(dir, 'app-key.sqlite'), '--isolate-by', 'app-key']);
    expect(code).toBe(2);
    expect(stderr).toContain('--isolate-by "app-key": app-key cannot be used with --state-file');
    expect(stderr).toMatch(/Drop --isolate-by app-key .*, or drop --state-file/);
  });
});
