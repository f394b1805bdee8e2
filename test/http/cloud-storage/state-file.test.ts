/**
 * --state-file for the cloud-storage family: every call that changes its state logs one change,
 * a restart (a new app on the same file) answers exactly as before, a reset rewrites the family's
 * rows, and files of versions 1 and 2 (before the family was saved) are still read.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { FastifyInstance } from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { cloudStorageSavedState } from '../../../src/families/cloud-storage/saved-state.js';
import { loadStateFileState } from '../../../src/state/attach.js';
import { STATE_VERSION } from '../../../src/state/state-file.js';
import { DEVICES, call, testApp } from '../../support/api.js';
import { callCs, CS, CS_ORDERS } from '../../support/cloud-storage.js';
import { expectBusinessError } from '../../support/family.js';

const dir = mkdtempSync(join(tmpdir(), 'alm-cs-state-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const fileIn = (name: string) => join(dir, name);

/** Rows of a table of the file, as stored. */
function tableRows<T>(path: string, sql: string): T[] {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    db.close();
  }
}
const cloudChanges = (path: string) => tableRows<{ family: string | null; body: string }>(path, 'SELECT family, body FROM changes ORDER BY seq').filter((r) => r.family !== null);

/** An answer without its request id (drawn per call). */
const body = (res: { body_: any }): any => ({ ...res.body_, id: undefined });

/** What every read API answers about every fixture device: order/query, order/get of each order, freecloudstorage/get. */
async function answers(app: FastifyInstance): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const iotId of app.world.directory.devices.keys()) {
    const page = await callCs(app, CS.query, { iotId, pageSize: 50 });
    out[`query ${iotId}`] = body(page);
    for (const o of (page.body_.data?.orderList ?? []) as { orderId: string }[]) {
      out[`get ${o.orderId}`] = body(await callCs(app, CS.get, { iotId, orderId: o.orderId }));
    }
    out[`free ${iotId}`] = body(await callCs(app, CS.freeGet, { iotId }));
  }
  return out;
}

/** The family's state as a state file holds it now (snapshot + changes replayed), as rows. */
function rowsOnDisk(app: FastifyInstance, path: string) {
  const { world } = app;
  const now = world.clock.now();
  const loaded = loadStateFileState(path, world.fixtures, world.zone, now, world.settings);
  return cloudStorageSavedState.rows(loaded, now);
}

const ok = <R extends { body_: { code: number; message: unknown } }>(res: R): R => {
  expect(res.body_.code, JSON.stringify(res.body_.message)).toBe(200);
  return res;
};

/** Buys, claims, enables, transfers, freezes and binds: one of every call that changes the family. */
async function changeEverything(app: FastifyInstance): Promise<number> {
  const buy = (iotId: string, specification: string, extra: Record<string, unknown> = {}) =>
    callCs(app, CS.buy, { iotId, userName: 'z', commodityCode: 'ilopLVCloudResource', specification, copies: 1, ...extra });
  ok(await buy(DEVICES.empty, 'eventResource_3', { copies: 2, recordDuration: 20 }));
  ok(await buy(DEVICES.empty, 'eventResource_7', { commodityCode: 'ilopLVCloudResourceYear' }));
  // 张伟, the hallway camera's third claimer: queued behind the two, then made to take effect now.
  ok(await callCs(app, CS.freeConsume, { iotId: DEVICES.empty, quota: 2 }));
  ok(await callCs(app, CS.freeEnable, { iotId: DEVICES.empty }));
  // Cuts the living-room camera's order in effect in two; that order then moves to another account's device.
  ok(await buy(DEVICES.inEffect, 'eventResource_7', { immediateUse: true, userId: 'uid-1' }));
  ok(await callCs(app, CS.transfer, { srcIotId: DEVICES.inEffect, srcOrderId: CS_ORDERS.inEffect, dstIotId: DEVICES.doc, supportCrossIdentityTransfer: true, userName: 'moved' }));
  ok(await callCs(app, CS.enable, { iotId: DEVICES.queue, orderId: CS_ORDERS.queueWaiting }));
  ok(await callCs(app, CS.statusSet, { iotId: DEVICES.queue, orderId: CS_ORDERS.queueCurrent, status: 2 }));
  ok(await callCs(app, CS.bind, { iotId: DEVICES.queue, orderId: CS_ORDERS.queueWaiting, userName: '李娜2', maxRecordFileDuration: 900 }));
  ok(await callCs(app, CS.freeStatusSet, { iotId: DEVICES.empty, status: 2 }));
  // Refused calls change nothing and log nothing.
  expectBusinessError(await buy(DEVICES.empty, 'continuousResource_3'), 460);
  expectBusinessError(await callCs(app, CS.freeConsume, { iotId: DEVICES.empty }), 460);
  return 10;
}

describe('--state-file with cloud storage', () => {
  it('logs one change per changing call, and a restart answers order/get, order/query and freecloudstorage/get exactly as before', async () => {
    const path = fileIn('restart.sqlite');
    const app = await testApp({ stateFile: path });
    const seeded = await answers(app);
    const logged = await changeEverything(app);
    const before = await answers(app);
    expect(before).not.toEqual(seeded);
    // Changes, not the orders they moved: one row per call, each naming what was done.
    const changes = cloudChanges(path);
    expect(changes.map((r) => r.family)).toEqual(Array(logged).fill('cloud-storage'));
    expect(changes.map((r) => JSON.parse(r.body).kind)).toEqual(['buy', 'buy', 'consume', 'enable', 'buy', 'transfer', 'enable', 'freeze', 'bind', 'freeze']);
    // Another reader of the file, replaying the log, sees the state in memory, segment for segment.
    expect(rowsOnDisk(app, path)).toEqual(cloudStorageSavedState.rows(app.world, app.world.clock.now()));
    await app.close();

    // Another seed: anything drawn again instead of read back would differ.
    const again = await testApp({ stateFile: path, seed: 7 });
    expect(await answers(again)).toEqual(before);
    // The restart compacted the log into a fresh snapshot.
    expect(cloudChanges(path)).toEqual([]);
    const rows = tableRows<{ family: string; key: string }>(path, "SELECT family, key FROM family_rows WHERE family = 'cloud-storage' ORDER BY seq");
    expect(rows).toEqual([...cloudStorageSavedState.rows(again.world, again.world.clock.now())].map((r) => ({ family: 'cloud-storage', key: r.key })));
    expect(rows.filter((r) => r.key.startsWith('order/'))).toHaveLength(Object.keys(before).filter((k) => k.startsWith('get ')).length);
    // Written again, the loaded state gives the same rows.
    const snapshot = tableRows<{ body: string }>(path, 'SELECT body FROM family_rows ORDER BY seq');
    again.world.persistence!.replaceAll();
    expect(tableRows<{ body: string }>(path, 'SELECT body FROM family_rows ORDER BY seq')).toEqual(snapshot);
    // And it goes on from there: a purchase queues after the restored orders.
    const queued = ok(await callCs(again, CS.buy, { iotId: DEVICES.doc, userName: 'z', commodityCode: 'ilopLVCloudResource', specification: 'eventResource_1', copies: 1 }));
    const moved = before[`get ${CS_ORDERS.inEffect}`] as { data: { endTime: string } };
    const got = await callCs(again, CS.get, { iotId: DEVICES.doc, orderId: queued.body_.data.orderId });
    expect(got.body_.data.startTime).toBe(moved.data.endTime);
    await again.close();
  });

  it('logs status/set 0 as an unfreeze, and an app that opens the file while the first never closed it (as after kill -9) has the order back in use', async () => {
    const path = fileIn('unfreeze.sqlite');
    const app = await testApp({ stateFile: path });
    const frozen = { iotId: DEVICES.frozen, orderId: CS_ORDERS.frozen };
    const get = (a: FastifyInstance) => callCs(a, CS.get, frozen);
    expect((await get(app)).body_.data).toMatchObject({ status: 2 });
    ok(await callCs(app, CS.statusSet, { ...frozen, status: 0 }));
    expect(cloudChanges(path).map((r) => JSON.parse(r.body).kind)).toEqual(['unfreeze']);
    const before = body(await get(app));
    // Back in use with the time its span had left, queued after the free month in effect.
    expect(before.data).toMatchObject({ status: 0, startTime: '2024-12-12 10:00:00', endTime: '2025-02-11 10:00:00' });
    // The first app is left open, with nothing flushed at close: only what was committed before the answer counts.
    const again = await testApp({ stateFile: path, seed: 7 });
    try {
      expect(body(await get(again))).toEqual(before);
      // It holds its time on the queue again: a purchase queues after it.
      const bought = ok(await callCs(again, CS.buy, { iotId: DEVICES.frozen, userName: 'z', commodityCode: 'ilopLVCloudResource', specification: 'eventResource_30', copies: 1 }));
      expect((await callCs(again, CS.get, { iotId: DEVICES.frozen, orderId: bought.body_.data.orderId })).body_.data.startTime).toBe(before.data.endTime);
    } finally {
      await again.close();
      await app.close();
    }
  });

  it('keeps the paying status of a buy made with --payment-settle-ms', async () => {
    const path = fileIn('settle.sqlite');
    const app = await testApp({ stateFile: path, paymentSettleMs: 60_000 });
    const bought = ok(await callCs(app, CS.buy, { iotId: DEVICES.doc, userName: 'z', commodityCode: 'ilopLVCloudResource', specification: 'eventResource_1', copies: 1 }));
    const get = (a: FastifyInstance) => callCs(a, CS.get, { iotId: DEVICES.doc, orderId: bought.body_.data.orderId });
    const before = body(await get(app));
    expect(before.data).toMatchObject({ paymentStatus: 2 });
    await app.close();
    // Restarted without the option: the instant it settles at was stored, not the option.
    const again = await testApp({ stateFile: path });
    expect(body(await get(again))).toEqual(before);
    await again.close();
  });

  it('rewrites the family on reset: the fixtures\' orders and claims, nothing logged', async () => {
    const path = fileIn('reset.sqlite');
    const fresh = await testApp();
    const seeded = await answers(fresh);
    await fresh.close();
    const app = await testApp({ stateFile: path });
    await changeEverything(app);
    expect((await app.inject({ method: 'POST', url: '/__admin/reset', headers: { 'content-type': 'application/json' } })).statusCode).toBe(200);
    expect(cloudChanges(path)).toEqual([]);
    expect(rowsOnDisk(app, path)).toEqual(cloudStorageSavedState.rows(app.world, app.world.clock.now()));
    expect(await answers(app)).toEqual(seeded);
    await app.close();
    const again = await testApp({ stateFile: path });
    expect(await answers(again)).toEqual(seeded);
    await again.close();
  });

  it('answers 500 when a write fails, and keeps in memory only what the file holds', async () => {
    const path = fileIn('failing.sqlite');
    const app = await testApp({ stateFile: path });
    const buy = () => callCs(app, CS.buy, { iotId: DEVICES.doc, userName: 'z', commodityCode: 'ilopLVCloudResource', specification: 'eventResource_1', copies: 1 });
    const kept = ok(await buy());
    const db = new Database(path);
    db.exec("CREATE TRIGGER full_disk BEFORE INSERT ON changes BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END;");
    db.close();
    const lost = await buy();
    expect(lost.body_).toMatchObject({ code: 500, data: null });
    const list = await callCs(app, CS.query, { iotId: DEVICES.doc });
    expect(list.body_.data.orderList.map((o: { orderId: string }) => o.orderId)).toEqual([kept.body_.data.orderId]);
    // The claim answered 500 is gone too: the administrator may still claim.
    expect((await callCs(app, CS.freeConsume, { iotId: DEVICES.doc })).body_.code).toBe(500);
    expect((await callCs(app, CS.quotaCheck, { iotId: DEVICES.doc })).body_.code).toBe(200);
    await app.close();
  });

  it('refuses a file with a bad cloud-storage row, naming it; --state-file-repair skips it', async () => {
    const path = fileIn('bad-row.sqlite');
    const app = await testApp({ stateFile: path });
    await app.close();
    const db = new Database(path);
    const seq = (db.prepare("SELECT seq FROM family_rows WHERE key = ?").get(`order/${CS_ORDERS.queueWaiting}`) as { seq: number }).seq;
    db.prepare("UPDATE family_rows SET body = json_set(body, '$.segments', json('[]')) WHERE seq = ?").run(seq);
    db.close();
    await expect(testApp({ stateFile: path })).rejects.toThrow(new RegExp(`cloud-storage row ${seq}: .*segments on its queue.*--state-file-repair`));
    const repaired = await testApp({ stateFile: path, stateFileRepair: true });
    expectBusinessError(await callCs(repaired, CS.get, { iotId: DEVICES.queue, orderId: CS_ORDERS.queueWaiting }), 460, /no cloud-storage order/);
    await repaired.close();
  });

  for (const version of ['2', '1'] as const) {
    it(`reads a version ${version} file (直播分享 only): its orders kept, cloud storage from the fixtures, then saved`, async () => {
      const path = fileIn(`v${version}.sqlite`);
      const fresh = await testApp();
      const seeded = await answers(fresh);
      await fresh.close();
      // Made by the last build that wrote format 3, with an order/create on the empty device (test/fixtures/state-files).
      copyFileSync(new URL(`../../fixtures/state-files/v${version}.sqlite`, import.meta.url), path);
      const made = '202411151000009936615';
      const again = await testApp({ stateFile: path });
      const streaming = await call(again, '/vision/customer/streaming/order/query', { iotId: DEVICES.empty });
      expect(streaming.body_.data.orderList.map((o: { orderId: string }) => o.orderId)).toContain(made);
      expect(await answers(again)).toEqual(seeded);
      expect(tableRows<{ value: string }>(path, "SELECT value FROM meta WHERE key = 'version'")).toEqual([{ value: STATE_VERSION }]);
      expect(tableRows<{ n: number }>(path, "SELECT count(*) AS n FROM family_rows WHERE family = 'cloud-storage'")[0]!.n).toBeGreaterThan(0);
      // From now on the family is saved: a purchase survives the next restart.
      const bought = ok(await callCs(again, CS.buy, { iotId: DEVICES.doc, userName: 'z', commodityCode: 'ilopLVCloudResource', specification: 'eventResource_1', copies: 1 }));
      await again.close();
      const third = await testApp({ stateFile: path });
      ok(await callCs(third, CS.get, { iotId: DEVICES.doc, orderId: bought.body_.data.orderId }));
      await third.close();
    });
  }
});
