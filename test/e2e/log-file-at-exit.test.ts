/** Request lines written to a file (stdout redirected, the asynchronous destination) all land, up to SIGTERM. */
import { spawn } from 'node:child_process';
import { mkdtempSync, openSync, closeSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { CREATE, DEVICES, envelope } from '../support/api.js';
import { BUILT_CLI, ROOT, cleanEnv } from '../support/cli.js';

describe('request lines in a log file', () => {
  it('holds one line per answered request, the last ones answered just before SIGTERM included', { timeout: 60_000 }, async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'log-at-exit-')), 'emulator.log');
    const fd = openSync(file, 'w');
    const child = spawn(process.execPath, [BUILT_CLI, '--port', '0', '--seed', '5', '--log-level', 'info', '--log-format', 'json'], { cwd: ROOT, env: cleanEnv(), stdio: ['ignore', fd, 'pipe'] });
    closeSync(fd);
    onTestFinished(() => void (child.exitCode === null && child.kill('SIGKILL')));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    let url: string | undefined;
    for (let waited = 0; !url && waited < 30_000; waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      url = /listening on (http:\/\/\S+)/.exec(readFileSync(file, 'utf8'))?.[1];
    }
    expect(url, readFileSync(file, 'utf8')).toBeDefined();

    // Lines pile up in the destination while a write is in flight: send a burst, then stop at once.
    const body = JSON.stringify(envelope({ iotId: DEVICES.doc, commodityCode: 'streamingResource_20_10', copies: 1 }));
    const answers = await Promise.all(
      Array.from({ length: 300 }, () => fetch(url + CREATE, { method: 'POST', headers: { 'content-type': 'application/json' }, body }).then((r) => r.headers.get('x-ca-request-id'))),
    );
    child.kill('SIGTERM');
    expect(await exited).toBe(0);

    const lines = readFileSync(file, 'utf8').split('\n').filter((l) => l.includes('"msg":"request"'));
    const logged = new Set(lines.map((l) => (JSON.parse(l) as { reqId: string }).reqId));
    expect(lines).toHaveLength(answers.length);
    for (const id of answers) expect(logged.has(id!), `line for ${id}`).toBe(true);
  });
});
