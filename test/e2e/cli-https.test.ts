/** The CLI as a process: --https prints the certificate's path; the environment turns signature checking on. */
import { existsSync, readFileSync } from 'node:fs';
import { request } from 'node:https';
import { describe, expect, it } from 'vitest';
import { startCli } from '../support/cli.js';

describe('aliyun-living-mock --https (process)', () => {
  it('serves TLS with a generated certificate whose path it prints, and checks signatures when the env says so', async () => {
    // The banner is one write: once startCli resolves, the certificate line and the curl line are in it.
    const cli = await startCli(['--port', '0', '--https', '--log-level', 'silent'], { env: { ALIYUN_MOCK_VERIFY_SIGNATURE: 'true' } });
    const out = cli.stdout();
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
    await cli.stop('SIGTERM');
    expect(existsSync(certificatePath)).toBe(false);
  });
});
