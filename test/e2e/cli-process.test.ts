/** The built CLI (dist/cli.js) as a process: start, answer, stop; and its one-line failures. */
import { mkdtempSync, writeFileSync, cpSync } from 'node:fs';
import { createServer, connect, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli, startCli, type CliOptions } from '../support/cli.js';

/** Only what a test sets configures the CLI (not the caller's ALIYUN_MOCK_* settings); logs as JSON. */
function only(env: Record<string, string> = {}): CliOptions {
  return { cleanEnv: true, env: { ALIYUN_MOCK_LOG_FORMAT: 'json', ...env } };
}

function occupiedPort(): Promise<Server> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

const CREATE = '/vision/customer/streaming/order/create';
const BODY = JSON.stringify({
  id: '1',
  version: '1.0',
  request: { apiVer: '1.0.0' },
  params: { iotId: 'bZGD54swRg******FkEs000101', commodityCode: 'streamingResource_20_10', copies: 1 },
});

describe('the built CLI as a process', () => {
  it('prints its version and exits 0', async () => {
    const r = await runCli(['--version'], only());
    expect(r.code).toBe(0);
    const pkg = (await import('../../package.json', { with: { type: 'json' } })).default as { version: string };
    expect(r.stdout.trim()).toBe(pkg.version);
  });

  it('starts, answers the API, and exits 0 on SIGTERM', async () => {
    const r = await startCli(['--port', '0', '--now', '2024-11-15T02:00:00Z', '--seed', '3'], only());
    const res = await fetch(r.url + CREATE, { method: 'POST', headers: { 'content-type': 'application/json' }, body: BODY });
    expect(((await res.json()) as { code: number }).code).toBe(200);
    expect(await r.stop('SIGTERM')).toBe(0);
    // One JSON line per request with request id, API path, iotId, code and latency.
    const line = r.stdout().split('\n').find((l) => l.includes('"msg":"request"'));
    expect(JSON.parse(line!)).toMatchObject({ level: 30, api: CREATE, iotId: 'bZGD54swRg******FkEs000101', code: 200, latencyMs: expect.any(Number), reqId: expect.any(String) });
  });

  it('finishes a request in flight before exiting 0 on SIGINT', async () => {
    const r = await startCli(['--port', '0'], only());
    const url = new URL(r.url);
    const socket = connect(Number(url.port), url.hostname);
    await new Promise((resolve) => socket.once('connect', resolve));
    let answer = '';
    socket.on('data', (d) => (answer += d.toString()));
    const ended = new Promise((resolve) => socket.once('close', resolve));
    const bytes = Buffer.from(BODY);
    // Headers now, asking for 100 Continue: once it comes, the server holds the request in flight.
    socket.write(`POST ${CREATE} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${bytes.length}\r\nExpect: 100-continue\r\n\r\n`);
    await new Promise((resolve) => {
      const wait = () => (answer.includes('100 Continue') ? resolve(null) : setTimeout(wait, 10));
      wait();
    });
    r.child.kill('SIGINT');
    await new Promise((resolve) => {
      const wait = () => (r.stdout().includes('closing: finishing requests in flight') ? resolve(null) : setTimeout(wait, 20));
      wait();
    });
    socket.write(bytes);
    await ended;
    expect(answer).toMatch(/^HTTP\/1\.1 100 Continue\r\n\r\nHTTP\/1\.1 200 OK/);
    expect(answer).toContain('"code":200');
    expect(await r.exited).toBe(0);
  });

  it('says in one line that the port is taken and exits 1', async () => {
    const blocker = await occupiedPort();
    const port = (blocker.address() as { port: number }).port;
    try {
      const r = await runCli(['--port', String(port)], only());
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(`aliyun-living-mock: port ${port} on 127.0.0.1 is already in use; pick another with --port or ALIYUN_MOCK_PORT\n`);
    } finally {
      blocker.close();
    }
  });

  it('says in one line per bad value what is wrong with the options and exits 2', async () => {
    const r = await runCli(['--port', 'eighty', '--log-level', 'loud'], only());
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toEqual([
      'aliyun-living-mock: --port "eighty": expected a port number from 0 to 65535',
      expect.stringMatching(/^aliyun-living-mock: --log-level "loud": Invalid option: expected one of/),
      'aliyun-living-mock: see --help for every option',
    ]);
  });

  it('rejects an unknown flag with exit 2', async () => {
    const r = await runCli(['--prot', '1'], only());
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^aliyun-living-mock: unknown option '--prot'/);
  });

  it('reads options from the environment and a config file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'alm-cli-'));
    const file = join(dir, 'mock.json');
    writeFileSync(file, JSON.stringify({ port: 1, now: '2030-01-01T00:00:00Z' }));
    // The port comes from the environment (over the file's), so startCli adds no --port.
    const r = await startCli(['--config', file], only({ ALIYUN_MOCK_PORT: '0' }));
    const health = (await (await fetch(`${r.url}/__admin/health`)).json()) as { now: string };
    expect(health.now).toBe('2030-01-01T00:00:00.000Z');
    expect(await r.stop('SIGTERM')).toBe(0);
  });

  it('on --host 0.0.0.0 without a token, prints a made-up admin token and page links that carry it', async () => {
    const r = await startCli(['--host', '0.0.0.0'], only());
    const token = /admin token \(made up at start[^)]*\): ([0-9a-f]{32})/.exec(r.stdout())?.[1];
    expect(token).toBeDefined();
    expect(r.stdout()).toMatch(new RegExp(`admin page: http://127\\.0\\.0\\.1:\\d+/__admin/ui/#token=${token}\n`));
    const local = r.url.replace('0.0.0.0', '127.0.0.1');
    expect((await fetch(`${local}/__admin/health`)).status).toBe(401);
    expect((await fetch(`${local}/__admin/health`, { headers: { 'x-admin-token': token! } })).status).toBe(200);
    expect(await r.stop('SIGTERM')).toBe(0);
  });

  it('refuses to start on invalid fixtures, in one line, exit 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'alm-fx-'));
    cpSync(join(ROOT, 'fixtures'), dir, { recursive: true });
    writeFileSync(join(dir, 'packages.json'), '[{"commodityCode": "x"}]');
    const r = await runCli(['--port', '0', '--fixtures', dir], only());
    expect(r.code).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^aliyun-living-mock: invalid fixtures: .*packages\.json: entry 0 \(commodityCode "x"\): field commodityName/);
  });
});

describe('validate-fixtures DIR', () => {
  it('exits 0 on the built-in fixtures', async () => {
    const r = await runCli(['validate-fixtures', join(ROOT, 'fixtures')], only());
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/fixtures are valid \(6 packages/);
  });

  it('exits 1 naming the file, entry and field of a problem, without starting', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'alm-fx-'));
    cpSync(join(ROOT, 'fixtures'), dir, { recursive: true });
    writeFileSync(join(dir, 'orders.json'), '[{"iotId": "nobody", "commodityCode": "streamingResource_20_10"}]');
    const r = await runCli(['validate-fixtures', dir], only());
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^aliyun-living-mock: invalid fixtures: .*orders\.json: entry 0: field iotId: unknown device "nobody"; add it to devices\.json\n$/);
    expect(r.stdout).not.toContain('listening');
  });

  it('exits 1 for a folder that does not exist', async () => {
    const r = await runCli(['validate-fixtures', '/nonexistent/fixtures'], only());
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('does not exist');
  });
});
