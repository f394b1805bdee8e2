/**
 * The crash test: the built CLI with a state file takes creates, enables and pays from many
 * clients, is killed with SIGKILL mid-way, and restarts; every order answered 200 must be there
 * with its times, and nothing may overlap. Several cycles on the same file.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { BUILT_IN_FIXTURES_DIR } from '../../src/fixtures/load.js';
import { CREATE, envelope, T0 } from '../support/api.js';
import { startCli } from '../support/cli.js';

const CYCLES = 4;
const CLIENTS = 64;
const ENABLE = '/vision/customer/streaming/order/enable';
const PAY = '/vision/customer/streaming/order/pay';
const GET = '/vision/customer/streaming/order/get';

const dir = mkdtempSync(join(tmpdir(), 'alm-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The built-in fixtures plus one device per client, so each client's history is its own. */
function fixturesWithClientDevices(): { folder: string; devices: string[] } {
  const folder = join(dir, 'fixtures');
  cpSync(BUILT_IN_FIXTURES_DIR, folder, { recursive: true });
  const devices = JSON.parse(readFileSync(join(folder, 'devices.json'), 'utf8')) as Record<string, unknown>[];
  const template = devices[2]!;
  const ids = Array.from({ length: CLIENTS }, (_, i) => `CrashTestDevice${String(i).padStart(5, '0')}`);
  devices.push(...ids.map((iotId, i) => ({ ...template, iotId, deviceName: `crash_${i}`, description: 'crash test client device' })));
  writeFileSync(join(folder, 'devices.json'), JSON.stringify(devices));
  return { folder, devices: ids };
}

interface Answer {
  code: number;
  data: { orderId: string; startTimeUTC: string; endTimeUTC: string } | null;
}

/** What the clients were told: every order answered 200, with the period its create answered. */
interface Told {
  iotId: string;
  start: number;
  end: number;
  /** Only immediate creates and enables move a device's orders; queue-only devices keep their times. */
  movable: boolean;
}

describe(`crash test: ${CYCLES} kill -9 and restart cycles on one state file`, () => {
  it('keeps every order answered 200, with its times, and no overlap', { timeout: 300_000 }, async () => {
    const { folder, devices } = fixturesWithClientDevices();
    const stateFile = join(dir, 'state.sqlite');
    const args = ['--port', '0', '--now', T0, '--fixtures', folder, '--state-file', stateFile, '--log-level', 'error'];
    const told = new Map<string, Told>();
    let answered = 0;
    let unanswered = 0;

    for (let cycle = 0; cycle < CYCLES; cycle++) {
      const { child, url, exited } = await startCli(args);
      const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS });
      const target = new URL(url);
      const post = (path: string, params: Record<string, unknown>) =>
        new Promise<Answer>((resolve, reject) => {
          const body = JSON.stringify(envelope(params));
          const req = httpRequest({ host: target.hostname, port: target.port, path, method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
            let text = '';
            res.on('data', (c) => (text += c));
            res.on('end', () => {
              try {
                resolve(JSON.parse(text) as Answer);
              } catch (err) {
                reject(err);
              }
            });
            res.on('error', reject);
          });
          req.on('error', reject);
          req.end(body);
        });

      // Kill after a different number of answers each cycle, while every client has a request in flight.
      const killAfter = 150 + cycle * 97;
      let thisCycle = 0;
      let killed = false;
      const client = async (k: number) => {
        const iotId = devices[k]!;
        const movable = k % 2 === 1;
        const mine: string[] = [];
        for (let n = 0; !killed; n++) {
          const op = movable ? n % 4 : 0;
          try {
            if (op === 3 && mine.length > 0) {
              const res = await post(ENABLE, { iotId, orderId: mine[(n * 5) % mine.length] });
              if (res.code !== 200) throw new Error(`enable answered ${res.code}`);
            } else if (op === 2 && mine.length > 0) {
              const res = await post(PAY, { iotId, orderId: mine[n % mine.length] });
              if (res.code !== 200) throw new Error(`pay answered ${res.code}`);
            } else {
              const res = await post(CREATE, { iotId, commodityCode: n % 3 === 0 ? 'streamingResource_60_3' : 'streamingResource_5_1', copies: 1 + (n % 2), immediateUse: movable && n % 4 === 1 });
              if (res.code !== 200) throw new Error(`create answered ${res.code}`);
              const d = res.data!;
              told.set(d.orderId, { iotId, start: Date.parse(d.startTimeUTC), end: Date.parse(d.endTimeUTC), movable });
              mine.push(d.orderId);
            }
            answered += 1;
            thisCycle += 1;
            if (thisCycle === killAfter) {
              killed = true;
              child.kill('SIGKILL');
            }
          } catch (err) {
            // A request cut by the kill has no answer: it may or may not have been committed.
            if (!killed) throw err;
            unanswered += 1;
            return;
          }
        }
      };
      await Promise.all(Array.from({ length: CLIENTS }, (_, k) => client(k)));
      agent.destroy();
      await exited;

      // Restart on the same file and check it against everything the clients were told.
      const again = await startCli(args);
      const db = new Database(stateFile, { readonly: true });
      const rows = db.prepare('SELECT order_id, iot_id, body FROM orders').all() as { order_id: string; iot_id: string; body: string }[];
      db.close();
      const stored = new Map(rows.map((r) => [r.order_id, JSON.parse(r.body) as { iotId: string; periods: { start: number; end: number }[]; frozen: boolean }]));
      for (const [orderId, t] of told) {
        const s = stored.get(orderId);
        expect(s, `order ${orderId} answered 200 but lost`).toBeDefined();
        expect(s!.iotId).toBe(t.iotId);
        const length = s!.periods.reduce((sum, p) => sum + p.end - p.start, 0);
        expect(length).toBe(t.end - t.start);
        if (!t.movable) expect(s!.periods).toEqual([{ start: t.start, end: t.end }]);
      }
      const byDevice = new Map<string, { start: number; end: number }[]>();
      for (const s of stored.values()) if (!s.frozen) byDevice.set(s.iotId, [...(byDevice.get(s.iotId) ?? []), ...s.periods]);
      for (const [iotId, periods] of byDevice) {
        periods.sort((a, b) => a.start - b.start);
        for (let i = 1; i < periods.length; i++) expect(periods[i]!.start, `overlap on ${iotId}`).toBeGreaterThanOrEqual(periods[i - 1]!.end);
      }
      // And the restarted server serves them: a sample through order/get.
      const sample = [...told.entries()].filter((_, i) => i % 10 === 0);
      for (const [orderId, t] of sample) {
        const res = (await fetch(again.url + GET, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(envelope({ iotId: t.iotId, orderId })) }).then((r) => r.json())) as Answer;
        expect(res.code).toBe(200);
        if (!t.movable) expect(Date.parse(res.data!.startTimeUTC)).toBe(t.start);
      }
      await again.stop('SIGKILL');
    }
    console.log(`crash test: ${CYCLES} kill -9/restart cycles, ${CLIENTS} clients, ${answered} requests answered 200, ${told.size} orders checked after each restart, ${unanswered} requests cut by the kill, 0 lost`);
  });
});
