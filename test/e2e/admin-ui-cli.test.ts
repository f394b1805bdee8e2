import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { T0 } from '../support/api.js';

const ROOT = join(import.meta.dirname, '..', '..');
const BUILT_CLI = join(ROOT, 'dist', 'cli.js');

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGTERM');
});

/** Starts the built CLI, as `npm start` does, and resolves with what it printed once it listens. */
function startBuiltCli(args: string[]): Promise<string> {
  if (!existsSync(BUILT_CLI)) throw new Error(`${BUILT_CLI} is missing: run npm run build first (npm test does)`);
  const child = spawn(process.execPath, [BUILT_CLI, '--port', '0', '--log-level', 'silent', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (/try the documented request/.test(out)) resolve(out);
    });
    child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`cli exited with ${code}: ${err}`)));
  });
}

describe('the admin page from the built package', () => {
  it('is served by the built CLI with no extra step, at the URL it prints', async () => {
    const out = await startBuiltCli(['--now', T0, '--seed', '1']);
    const page = /admin page: (http:\/\/\S+)/.exec(out)?.[1];
    expect(page).toMatch(/\/__admin\/ui\/$/);
    const html = await fetch(page!);
    expect(html.status).toBe(200);
    const text = await html.text();
    for (const ref of [...text.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!)) {
      expect((await fetch(new URL(ref, page)).then((r) => r.status)), ref).toBe(200);
    }
  }, 30_000);

  it('is off with --no-admin, like the rest of the control plane', async () => {
    const out = await startBuiltCli(['--no-admin']);
    expect(out).not.toContain('admin page:');
    const url = /listening on (http:\/\/\S+)/.exec(out)![1]!;
    expect((await fetch(`${url}/__admin/ui/`)).status).toBe(404);
  }, 30_000);
});
