/**
 * The crash test for cloud storage: the built CLI with a state file takes cloud-storage buys,
 * enables, binds and free-plan claims from many clients, is killed with SIGKILL mid-way, and
 * restarts; every order answered 200 must be there on its device, with its times where nothing
 * could move them, and nothing may overlap. Several cycles on the same file. And a kill -9 right after
 * status/set 0 put a frozen order back in use: it is in use after the restart.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { DEVICES, envelope, T0 } from '../support/api.js';
import { CS, CS_ORDERS } from '../support/cloud-storage.js';
import { startCli } from '../support/cli.js';
import { burstUntilKilled, envelopeClient, fixturesWithClientDevices } from '../support/crash.js';

const CYCLES = 3;
const CLIENTS = 48;

const dir = mkdtempSync(join(tmpdir(), 'alm-crash-cloud-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Answer {
  code: number;
  data: Record<string, unknown> | null;
}

/** What the clients were told: every order answered 200, and its times when nothing on its device can move them. */
interface Told {
  iotId: string;
  start?: number;
  end?: number;
}

interface StoredRow {
  kind: string;
  iotId: string;
  frozen?: boolean;
  segments?: { start: number; end: number }[];
  claims?: { identityId: string }[];
}

describe(`crash test, cloud storage: ${CYCLES} kill -9 and restart cycles on one state file`, () => {
  it('keeps every order and claim answered 200, with its times, and no overlap', { timeout: 300_000 }, async () => {
    const { folder, devices } = fixturesWithClientDevices(dir, CLIENTS, 'CloudCrashDevice');
    const stateFile = join(dir, 'state.sqlite');
    const args = ['--port', '0', '--now', T0, '--fixtures', folder, '--state-file', stateFile, '--log-level', 'error'];
    const told = new Map<string, Told>();
    const claimed = new Set<string>();
    let answered = 0;
    let unanswered = 0;

    for (let cycle = 0; cycle < CYCLES; cycle++) {
      const { child, url, exited } = await startCli(args);
      const http = envelopeClient<Answer>(url, CLIENTS);
      const post = (api: { path: string; apiVer: string }, params: Record<string, unknown>) => http.post(api.path, params, api.apiVer);

      const expect200 = (res: Answer, what: string) => {
        if (res.code !== 200) throw new Error(`${what} answered ${res.code}: ${JSON.stringify(res)}`);
        return res;
      };
      const counts = await burstUntilKilled(CLIENTS, 120 + cycle * 89, child, (k) => {
        const iotId = devices[k]!;
        // Odd clients buy for immediate use, enable and bind: their orders move. Even ones only queue.
        const movable = k % 2 === 1;
        const mine = [...told].filter(([, t]) => t.iotId === iotId).map(([id]) => id);
        return async (n) => {
          const op = movable ? n % 4 : 0;
          if (op === 3 && mine.length > 0) {
            expect200(await post(CS.enable, { iotId, orderId: mine[(n * 5) % mine.length] }), 'enable');
          } else if (op === 2 && mine.length > 0) {
            expect200(await post(CS.bind, { iotId, orderId: mine[n % mine.length], userName: `u${n}` }), 'bind');
          } else if (n === 0 && cycle === 0) {
            expect200(await post(CS.freeConsume, { iotId, quota: 1 + (k % 3), immediateUse: movable }), 'consume');
            claimed.add(iotId);
          } else {
            const params = { iotId, userName: 'crash', commodityCode: n % 3 === 0 ? 'ilopLVCloudResourceYear' : 'ilopLVCloudResource', specification: 'eventResource_7', copies: 1 + (n % 2), immediateUse: movable && n % 4 === 1 };
            const orderId = expect200(await post(CS.buy, params), 'buy').data!.orderId as string;
            told.set(orderId, { iotId });
            mine.push(orderId);
            if (!movable) {
              // Nothing moves a queue-only device's orders: its times, read once, must come back as they are.
              const got = expect200(await post(CS.get, { iotId, orderId }), 'get');
              told.set(orderId, { iotId, start: Date.parse(got.data!.startTimeUTC as string), end: Date.parse(got.data!.endTimeUTC as string) });
            }
          }
        };
      });
      answered += counts.answered;
      unanswered += counts.unanswered;
      http.destroy();
      await exited;

      // Restart on the same file (the start compacts it) and check it against everything the clients were told.
      const again = await startCli(args);
      const db = new Database(stateFile, { readonly: true });
      const rows = db.prepare("SELECT key, body FROM family_rows WHERE family = 'cloud-storage'").all() as { key: string; body: string }[];
      db.close();
      const stored = new Map(rows.map((r) => [r.key, JSON.parse(r.body) as StoredRow]));
      for (const [orderId, t] of told) {
        const s = stored.get(`order/${orderId}`);
        expect(s, `order ${orderId} answered 200 but lost`).toBeDefined();
        expect(s!.iotId).toBe(t.iotId);
        if (t.start !== undefined) expect(s!.segments).toEqual([{ start: t.start, end: t.end }]);
      }
      for (const iotId of claimed) expect(stored.get(`trial/${iotId}`)?.claims, `claim on ${iotId} answered 200 but lost`).toHaveLength(1);
      const byDevice = new Map<string, { start: number; end: number }[]>();
      // The client devices' (the fixtures place some orders by hand, over the free plans claimed before them).
      const clients = new Set(devices);
      for (const s of stored.values()) if (s.kind === 'order' && !s.frozen && clients.has(s.iotId)) byDevice.set(s.iotId, [...(byDevice.get(s.iotId) ?? []), ...s.segments!]);
      for (const [iotId, periods] of byDevice) {
        periods.sort((a, b) => a.start - b.start);
        for (let i = 1; i < periods.length; i++) expect(periods[i]!.start, `overlap on ${iotId}`).toBeGreaterThanOrEqual(periods[i - 1]!.end);
      }
      // And the restarted server serves them: a sample through order/get.
      const sample = [...told.entries()].filter((_, i) => i % 7 === 0);
      for (const [orderId, t] of sample) {
        const res = (await fetch(again.url + CS.get.path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(envelope({ iotId: t.iotId, orderId }, {}, CS.get.apiVer)) }).then((r) => r.json())) as Answer;
        expect(res.code).toBe(200);
        if (t.start !== undefined) expect(Date.parse(res.data!.startTimeUTC as string)).toBe(t.start);
      }
      await again.stop('SIGKILL');
    }
    console.log(`crash test, cloud storage: ${CYCLES} kill -9/restart cycles, ${CLIENTS} clients, ${answered} requests answered 200, ${told.size} orders and ${claimed.size} claims checked after each restart, ${unanswered} requests cut by the kill, 0 lost`);
  });
});

describe('kill -9 right after status/set 0', () => {
  it('the frozen order put back in use is in use after the restart, with the same times', { timeout: 60_000 }, async () => {
    const args = ['--port', '0', '--now', T0, '--state-file', join(dir, 'unfreeze.sqlite'), '--log-level', 'error'];
    const post = async (url: string, api: { path: string; apiVer: string }, params: Record<string, unknown>) =>
      (await fetch(url + api.path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(envelope(params, {}, api.apiVer)) }).then((r) => r.json())) as Answer;
    const frozen = { iotId: DEVICES.frozen, orderId: CS_ORDERS.frozen };
    const first = await startCli(args);
    expect((await post(first.url, CS.get, frozen)).data).toMatchObject({ status: 2 });
    expect((await post(first.url, CS.statusSet, { ...frozen, status: 0 })).code).toBe(200);
    const before = await post(first.url, CS.get, frozen);
    expect(before.data).toMatchObject({ status: 0, startTime: '2024-12-12 10:00:00', endTime: '2025-02-11 10:00:00' });
    await first.stop('SIGKILL');
    const again = await startCli(args);
    expect((await post(again.url, CS.get, frozen)).data).toEqual(before.data);
    await again.stop('SIGKILL');
  });
});
