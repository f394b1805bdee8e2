/**
 * The doorbell family (defined only under test/, test/http/third-family.test.ts) on a --state-file
 * across kill -9: a child process serves the built-in families and the doorbell
 * (test/support/families/doorbell/serve.ts, run with tsx), takes quiet periods, is killed with
 * SIGKILL right after its answers, and a new process on the same file answers them back. Twice, so
 * the second start reads a file the first restart compacted.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { DEVICES, envelope, T0 } from '../support/api.js';
import { QUIET_GET, QUIET_SET } from '../support/families/doorbell/operations.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SERVE = fileURLToPath(new URL('../support/families/doorbell/serve.ts', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'alm-third-family-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const children = new Set<ChildProcess>();
afterEach(() => {
  for (const child of children) child.kill('SIGKILL');
  children.clear();
});

/** Starts the server with the doorbell on `stateFile`; resolves with the child and its URL once it listens. */
function serve(stateFile: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', SERVE, stateFile, T0], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const listening = /listening (http:\/\/\S+)/.exec(output);
      if (listening) resolve({ child, url: listening[1]! });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`serve.ts exited (${code}) before listening:\n${output}`)));
  });
}

/** SIGKILL, and the exit it causes: nothing of the process runs after this. */
async function killHard(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
  child.kill('SIGKILL');
  expect(await exited).toBe('SIGKILL');
  children.delete(child);
}

async function post(url: string, path: string, params: Record<string, unknown>) {
  const res = await fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(envelope(params)) });
  return (await res.json()) as { code: number; data: Record<string, unknown> };
}

describe('a family defined under test/, on a --state-file, across kill -9', () => {
  it('answers every quiet period it acknowledged after each restart', { timeout: 120_000 }, async () => {
    const stateFile = join(dir, 'state.sqlite');
    const told = new Map<string, unknown>();
    const cycles: [string, number][] = [
      [DEVICES.empty, 30],
      [DEVICES.queue, 120],
    ];
    for (const [iotId, minutes] of cycles) {
      const { child, url } = await serve(stateFile);
      // What earlier processes acknowledged is there before this one writes.
      for (const [known, answer] of told) expect((await post(url, QUIET_GET, { iotId: known })).data).toEqual(answer);
      const set = await post(url, QUIET_SET, { iotId, minutes });
      expect(set.code).toBe(200);
      // Killed as soon as the answer is in: the state file took the change before the answer left.
      await killHard(child);
      told.set(iotId, { iotId, quiet: true, until: set.data.endTime, periods: 1 });
    }
    const { child, url } = await serve(stateFile);
    for (const [known, answer] of told) expect((await post(url, QUIET_GET, { iotId: known })).data).toEqual(answer);
    const lanes = (await (await fetch(`${url}/__admin/devices/${DEVICES.queue}`)).json()) as { lanes: { family: string; orders: unknown[] }[] };
    expect(lanes.lanes.find((l) => l.family.startsWith('门铃'))?.orders).toHaveLength(1);
    await killHard(child);
  });
});
