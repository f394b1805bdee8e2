/** The CLI as a process: --https prints the certificate's path; the environment turns signature checking on. */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { request } from 'node:https';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function waitForLines(child: ReturnType<typeof spawn>, patterns: RegExp[], timeoutMs = 25_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`CLI did not print ${patterns.join(', ')}; got:\n${out}`)), timeoutMs);
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      if (patterns.every((p) => p.test(out))) {
        clearTimeout(timer);
        resolve(out);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`CLI exited with ${code}:\n${out}`));
    });
  });
}

describe('aliyun-living-mock --https (process)', () => {
  it('serves TLS with a generated certificate whose path it prints, and checks signatures when the env says so', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', '--port', '0', '--https', '--log-level', 'silent'], {
      cwd: ROOT,
      env: { ...process.env, ALIYUN_MOCK_VERIFY_SIGNATURE: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const out = await waitForLines(child, [/listening on (https:\/\/\S+)/, /TLS certificate \(self-signed, generated at start\): (\S+)/, /curl -s .*\n/]);
      const url = /listening on (https:\/\/\S+)/.exec(out)![1]!;
      const certificatePath = /TLS certificate \(self-signed, generated at start\): (\S+)/.exec(out)![1]!;
      expect(out).toContain('signature checking is on');
      expect(out).toContain(`curl -s --cacert ${certificatePath} -X POST ${url}/vision/customer/streaming/order/create`);
      const ca = readFileSync(certificatePath, 'utf8');
      const res = await new Promise<{ status: number; code: unknown }>((resolve, reject) => {
        const req = request(`${url}/vision/customer/streaming/order/create`, { method: 'POST', ca, headers: { 'content-type': 'application/json' } }, (r) => {
          r.resume();
          r.on('end', () => resolve({ status: r.statusCode ?? 0, code: r.headers['x-ca-error-code'] }));
        });
        req.on('error', reject);
        req.end('{}');
      });
      expect(res).toEqual({ status: 400, code: 'A400IK' });
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      expect(existsSync(certificatePath)).toBe(false);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
