import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AdminClient } from '../../src/index.js';
import { CREATE, DEVICES, envelope, T0 } from '../support/api.js';
import { startCli } from '../support/cli.js';

describe('CLI switches of the control plane', () => {
  it('--faults, --admin-token and --journal-size', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'cli-faults-')), 'rules.json');
    writeFileSync(file, JSON.stringify([{ id: 'file-rule', type: 'error', code: 429, times: 1 }]));
    const { url } = await startCli(['--log-level', 'silent', '--now', T0, '--seed', '3', '--faults', file, '--admin-token', 'cli-token', '--journal-size', '2']);
    const body = JSON.stringify(envelope({ iotId: DEVICES.empty, commodityCode: 'streamingResource_20_10', copies: 1 }));
    const codes: number[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`${url}${CREATE}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      codes.push(((await res.json()) as { code: number }).code);
    }
    expect(codes).toEqual([429, 200, 200]);
    expect((await fetch(`${url}/__admin/health`)).status).toBe(401);
    const client = new AdminClient(url, { token: 'cli-token' });
    expect((await client.requests()).total).toBe(2);
  }, 30_000);

  it('--no-admin turns the control plane off', async () => {
    const { url } = await startCli(['--log-level', 'silent', '--no-admin']);
    const res = await fetch(`${url}/__admin/health`);
    expect(res.status).toBe(404);
    expect(res.headers.get('x-ca-error-code')).toBe('I404NF');
  }, 30_000);
});
