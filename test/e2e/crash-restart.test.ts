/**
 * The crash test: the built CLI with a state file takes creates, enables and pays from many
 * clients, is killed with SIGKILL mid-way, and restarts; every order answered 200 must be there
 * with its times, and nothing may overlap. Several cycles on the same file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { CREATE, envelope, T0 } from '../support/api.js';
import { startCli } from '../support/cli.js';
import { burstUntilKilled, envelopeClient, fixturesWithClientDevices } from '../support/crash.js';

const CYCLES = 4;
const CLIENTS = 64;
const ENABLE = '/vision/customer/streaming/order/enable';
const PAY = '/vision/customer/streaming/order/pay';
const GET = '/vision/customer/streaming/order/get';

const dir = mkdtempSync(join(tmpdir(), 'alm-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

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
    const { folder, devices } = fixturesWithClientDevices(dir, CLIENTS, 'CrashTestDevice');
    const stateFile = join(dir, 'state.sqlite');
    const args = ['--port', '0', '--now', T0, '--fixtures', folder, '--state-file', stateFile, '--log-level', 'error'];
    const told = new Map<string, Told>();
    let answered = 0;
    let unanswered = 0;

    for (let cycle = 0; cycle < CYCLES; cycle++) {
      const { child, url, exited } = await startCli(args);
      const { post, destroy } = envelopeClient<Answer>(url, CLIENTS);

      // Kill after a different number of answers each cycle, while every client has a request in flight.
      const counts = await burstUntilKilled(CLIENTS, 150 + cycle * 97, child, (k) => {
        const iotId = devices[k]!;
        const movable = k % 2 === 1;
        const mine: string[] = [];
        return async (n) => {
          const op = movable ? n % 4 : 0;
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
        };
      });
      answered += counts.answered;
      unanswered += counts.unanswered;
      destroy();
      await exited;

      // Restart on the same file and check it against everything the clients were told.
      const again = await startCli(args);
      const db = new Database(stateFile, { readonly: true });
      const rows = db.prepare("SELECT key, body FROM family_rows WHERE family = 'streaming'").all() as { key: string; body: string }[];
      db.close();
      const stored = new Map(rows.map((r) => [r.key, JSON.parse(r.body) as { iotId: string; periods: { start: number; end: number }[]; frozen: boolean }]));
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
