/**
 * State files of the older formats still load: files of formats 1, 2 and 3, made by the last build
 * that wrote format 3 (test/fixtures/state-files/make.mjs), answer exactly what that build answered
 * after loading them, and are then written in the current format.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { FastifyInstance } from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { STATE_VERSION } from '../../src/state/state-file.js';
import { call, CREATE, DEVICES, testApp } from '../support/api.js';
import { callCs, CS } from '../support/cloud-storage.js';

const FIXTURES = new URL('../fixtures/state-files/', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'alm-state-formats-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** An answer without its request id. */
const body = (res: { body_: Record<string, unknown> }) => ({ ...res.body_, id: undefined });

/** What make.mjs recorded: every device's orders in both families, the admin view, then one more purchase. */
async function answersOf(app: FastifyInstance): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const iotId of Object.values(DEVICES)) {
    out[`streaming query ${iotId}`] = body(await call(app, '/vision/customer/streaming/order/query', { iotId, pageSize: 50 }));
    out[`cloud-storage query ${iotId}`] = body(await callCs(app, CS.query, { iotId, pageSize: 50 }));
    out[`free ${iotId}`] = body(await callCs(app, CS.freeGet, { iotId }));
  }
  out.admin = (await app.inject({ method: 'GET', url: '/__admin/devices?ordersLimit=50' })).json();
  out['create after load'] = (await call(app, CREATE, { iotId: DEVICES.empty, commodityCode: 'streamingResource_60_3', copies: 1 })).body_.data;
  return out;
}

const versionOf = (path: string) => {
  const db = new Database(path, { readonly: true });
  try {
    return (db.prepare("SELECT value FROM meta WHERE key = 'version'").get() as { value: string }).value;
  } finally {
    db.close();
  }
};

describe('--state-file of an older format', () => {
  for (const version of ['1', '2', '3']) {
    it(`loads a format ${version} file as the build that wrote it did, then writes format ${STATE_VERSION}`, async () => {
      const path = join(dir, `v${version}.sqlite`);
      copyFileSync(join(FIXTURES, `v${version}.sqlite`), path);
      expect(versionOf(path)).toBe(version);
      const expected = JSON.parse(readFileSync(join(FIXTURES, `v${version}.answers.json`), 'utf8'));
      const app = await testApp({ stateFile: path });
      // JSON drops the undefined ids, as the recording did.
      const actual = JSON.parse(JSON.stringify(await answersOf(app)));
      // Fixture devices added since the recording hold nothing of the file: the admin view is compared on the recorded devices.
      const recorded = new Set(expected.admin.devices.map((d: { iotId: string }) => d.iotId));
      // The page's counts (total, offset, limit, each lane's orderCount) came after the recording: compared on the fields it holds.
      type Lane = { orderCount: number; orders: unknown[] };
      const devices = actual.admin.devices.filter((d: { iotId: string }) => recorded.has(d.iotId)) as { lanes: Lane[] }[];
      for (const lane of devices.flatMap((d) => d.lanes)) expect(lane.orderCount).toBe(lane.orders.length);
      actual.admin = { devices: devices.map((d) => ({ ...d, lanes: d.lanes.map(({ orderCount: _count, ...lane }) => lane) })) };
      expect(actual).toEqual(expected);
      await app.close();
      expect(versionOf(path)).toBe(STATE_VERSION);
    });
  }
});
