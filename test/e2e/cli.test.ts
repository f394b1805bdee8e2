import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { DOC_IOT_ID, DOC_USER_ID } from '../support/api.js';

const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

/** A port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/** Starts the built CLI and resolves once it prints that it listens. */
export function startCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ child: ChildProcess; output: () => string }> {
  const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (b) => (out += b));
  child.stderr!.on('data', (b) => (out += b));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`CLI did not start in time:\n${out}`)), 15_000);
    child.stdout!.on('data', () => {
      if (/listening on http[\s\S]*curl -s/.test(out)) {
        clearTimeout(timer);
        resolve({ child, output: () => out });
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`CLI exited with ${code}:\n${out}`));
    });
  });
}

let running: ChildProcess | undefined;
afterEach(() => {
  running?.kill('SIGTERM');
  running = undefined;
});

describe('the CLI as a process', () => {
  it('serves the documented request as the official SDKs send it', async () => {
    const port = await freePort();
    const { child, output } = await startCli(['--port', String(port), '--now', '2024-11-15T02:00:00Z', '--seed', '3', '--log-level', 'warn']);
    running = child;
    expect(output()).toContain(`http://127.0.0.1:${port}`);
    expect(output()).toContain('curl -s -X POST');
    const body = JSON.stringify({
      id: '1509086454180',
      version: '1.0',
      request: { apiVer: '1.0.0' },
      params: { iotId: DOC_IOT_ID, commodityCode: 'streamingResource_20_10', copies: 1, userName: '158****8558', userId: DOC_USER_ID, immediateUse: false },
    });
    const res = await fetch(`http://127.0.0.1:${port}/vision/customer/streaming/order/create`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream; charset=utf-8', accept: 'application/json' },
      body: Buffer.from(body, 'utf8'),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json;charset=UTF-8');
    expect(res.headers.get('x-ca-request-id')).toMatch(/^[0-9A-F-]{36}$/);
    const json = (await res.json()) as any;
    expect(json.code).toBe(200);
    expect(json.message).toBeNull();
    expect(json.localizedMsg).toBeNull();
    expect(json.id).toMatch(/^[0-9a-f-]{36}$/);
    const d = json.data;
    expect(d.identityId).toBe(DOC_USER_ID);
    expect(d.orderId).toMatch(/^20241115100000\d{7}$/);
    expect(d.outOrderNo).toMatch(/^\d{15}$/);
    expect(d.commodityCode).toBe('streamingResource_20_10');
    expect(d.commodityName).toBe('直播分享月包（10路）');
    expect(d.copies).toBe(1);
    expect([d.startTime, d.endTime, d.startTimeUTC, d.endTimeUTC]).toEqual([
      '2024-11-15 10:00:00', '2024-12-15 10:00:00', '2024-11-15T02:00:00Z', '2024-12-15T02:00:00Z',
    ]);
    expect([d.status, d.paymentStatus, d.price, d.months]).toEqual([0, 0, '140', 1]);
    expect([d.userName, d.userId]).toEqual(['158****8558', DOC_USER_ID]);
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    running = undefined;
  });

  it('reads the fixtures folder from the environment and refuses an invalid one with the file named', async () => {
    const child = spawn(process.execPath, [CLI, '--port', '0'], {
      env: { ...process.env, ALIYUN_MOCK_FIXTURES: '/nonexistent/fixtures' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (b) => (err += b));
    const code = await new Promise<number | null>((r) => child.on('exit', r));
    expect(code).not.toBe(0);
    expect(err).toMatch(/\/nonexistent\/fixtures/);
  });
});
