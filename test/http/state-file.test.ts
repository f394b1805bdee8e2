import { createHash } from 'node:crypto';
import { chmodSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { orderFields, periodsOf } from '../../src/families/streaming/order.js';
import { allOrders, findOrderAnywhere, orderCount, streamingStoreOf } from '../../src/families/streaming/store.js';
import { loadStateFileState } from '../../src/state/attach.js';
import { createZoneTime } from '../../src/core/zone-time.js';
import { BUILT_IN_FIXTURES_DIR, loadFixtures } from '../../src/fixtures/load.js';
import { CREATE, call, DEVICES, T0, testApp } from '../support/api.js';

const dir = mkdtempSync(join(tmpdir(), 'alm-state-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const fileIn = (name: string) => join(dir, name);
const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

/** Orders as another process would read them from the file right now: its snapshot with its changes replayed. */
function ordersOnDisk(path: string): Map<string, { periods: { start: number; end: number }[]; frozen: boolean }> {
  const store = streamingStoreOf(loadStateFileState(path, loadFixtures(), createZoneTime('Asia/Shanghai'), Date.now()));
  return new Map([...allOrders(store)].map((o) => [o.orderId, orderFields(o)]));
}

/** The file's 直播分享 snapshot rows or its change log, as stored. */
function tableRows(path: string, table: 'orders' | 'changes'): { body: string }[] {
  const db = new Database(path, { readonly: true });
  try {
    const select = table === 'orders' ? "SELECT body FROM family_rows WHERE family = 'streaming' ORDER BY seq" : 'SELECT body FROM changes ORDER BY seq';
    return db.prepare(select).all() as { body: string }[];
  } finally {
    db.close();
  }
}

const create = (app: Awaited<ReturnType<typeof testApp>>, iotId: string, immediateUse: boolean) =>
  call(app, CREATE, { iotId, commodityCode: 'streamingResource_5_1', copies: 1, immediateUse });

describe('--state-file', () => {
  it('refuses named sessions: an order it could not keep is never answered 200', async () => {
    const path = fileIn('sessions.sqlite');
    const app = await testApp({ stateFile: path });
    const before = ordersOnDisk(path).size;
    const inSession = await call(app, CREATE, { iotId: DEVICES.empty, commodityCode: 'streamingResource_5_1', copies: 1 }, { headers: { 'x-mock-session': 'scratch' } });
    expect(inSession.body_).toMatchObject({ code: 460, data: null });
    expect(inSession.headers['x-mock-error-detail']).toMatch(/named sessions are off: this server runs with --state-file/);
    // The admin plane makes none either, and says why.
    const reset = await app.inject({ method: 'POST', url: '/__admin/reset', headers: { 'x-mock-session': 'scratch' }, payload: {} });
    expect(reset.statusCode).toBe(400);
    expect(reset.json()).toMatchObject({ error: 'named sessions are off' });
    expect((await app.inject({ method: 'GET', url: '/__admin/sessions' })).json().sessions.map((s: { name: string }) => s.name)).toEqual(['default']);
    expect(ordersOnDisk(path).size).toBe(before);
    // The default session, by no header or by its name, is kept as before.
    const inDefault = await call(app, CREATE, { iotId: DEVICES.empty, commodityCode: 'streamingResource_5_1', copies: 1 }, { headers: { 'x-mock-session': 'default' } });
    expect(ordersOnDisk(path).has(inDefault.body_.data.orderId)).toBe(true);
    await app.close();
  });

  it('refuses --isolate-by app-key with a state file at start, naming both options', async () => {
    await expect(testApp({ stateFile: fileIn('app-key.sqlite'), isolateBy: 'app-key' })).rejects.toThrow(
      /--isolate-by: app-key cannot be used with --state-file: .*keeps only the default session/,
    );
    expect(existsSync(fileIn('app-key.sqlite'))).toBe(false);
  });

  it('seeds a new file with the fixture orders and answers 200 only once the order is on disk', async () => {
    const path = fileIn('new.sqlite');
    const app = await testApp({ stateFile: path });
    expect(ordersOnDisk(path).size).toBe(orderCount(streamingStoreOf(app.world)));
    const answers = await Promise.all(Array.from({ length: 200 }, (_, i) => create(app, DEVICES.empty, i % 3 === 0)));
    // Read by another connection as soon as the answers are in: every answered order is there, with its times.
    const disk = ordersOnDisk(path);
    for (const res of answers) {
      expect(res.body_.code).toBe(200);
      const stored = disk.get(res.body_.data.orderId);
      expect(stored).toBeDefined();
      expect(stored!.periods).toEqual(periodsOf(findOrderAnywhere(streamingStoreOf(app.world), res.body_.data.orderId)!));
    }
    // Concurrent requests share transactions instead of one commit each.
    expect(app.world.persistence!.commits).toBeLessThan(answers.length);
    await app.close();
  });

  it('loads the file on start instead of seeding again, with every order and its times', async () => {
    const path = fileIn('reload.sqlite');
    const first = await testApp({ stateFile: path });
    const made = await create(first, DEVICES.queue, true);
    const before = [...allOrders(streamingStoreOf(first.world))].map((o) => ({ id: o.orderId, periods: periodsOf(o) })).sort((a, b) => a.id.localeCompare(b.id));
    await first.close();
    // Another instant and seed: reseeding would give the fixture orders other times and ids.
    const second = await testApp({ stateFile: path, now: '2025-03-01T00:00:00Z', seed: 7 });
    const after = [...allOrders(streamingStoreOf(second.world))].map((o) => ({ id: o.orderId, periods: periodsOf(o) })).sort((a, b) => a.id.localeCompare(b.id));
    expect(after).toEqual(before);
    expect(findOrderAnywhere(streamingStoreOf(second.world), made.body_.data.orderId)).toBeDefined();
    // The timeline was rebuilt too: a queued order goes after the loaded ones.
    const queued = await create(second, DEVICES.queue, false);
    const latest = Math.max(...before.filter((o) => findOrderAnywhere(streamingStoreOf(second.world), o.id)!.iotId === DEVICES.queue).map((o) => o.periods.at(-1)!.end));
    expect(Date.parse(queued.body_.data.startTimeUTC)).toBe(Math.max(latest, Date.parse('2025-03-01T00:00:00Z')));
    await second.close();
  });

  it('never gives an outOrderNo twice across restarts: the generator starts past every number the file holds', async () => {
    const path = fileIn('out-order-nos.sqlite');
    const first = await testApp({ stateFile: path });
    const made: string[] = [];
    for (let i = 0; i < 3; i++) made.push((await create(first, DEVICES.queue, false)).body_.data.outOrderNo);
    await first.close();
    // Changes replayed (no snapshot rewritten yet), then a second restart from the new snapshot.
    for (let restart = 0; restart < 2; restart++) {
      const app = await testApp({ stateFile: path });
      for (let i = 0; i < 3; i++) made.push((await create(app, DEVICES.queue, i === 1)).body_.data.outOrderNo);
      await app.close();
    }
    expect(made.every((no) => /^[1-9]\d{14}$/.test(no))).toBe(true);
    expect(new Set(made).size).toBe(9);
  });

  it('rewrites the file to the fixtures on reset', async () => {
    const path = fileIn('reset.sqlite');
    const app = await testApp({ stateFile: path });
    const seeded = ordersOnDisk(path).size;
    await create(app, DEVICES.empty, false);
    expect(ordersOnDisk(path).size).toBe(seeded + 1);
    app.world.reset();
    expect(ordersOnDisk(path).size).toBe(seeded);
    await app.close();
  });

  it('commits what the admin API changes (placed orders, freezes) and rewrites the file on /__admin/reset', async () => {
    const path = fileIn('admin.sqlite');
    const app = await testApp({ stateFile: path });
    const seeded = ordersOnDisk(path).size;
    const placed = await app.inject({ method: 'POST', url: `/__admin/devices/${DEVICES.empty}/orders`, payload: { commodityCode: 'streamingResource_5_1', copies: 2, paymentStatus: 1 } });
    expect(placed.statusCode).toBe(201);
    const orderId = placed.json().orderId as string;
    expect(ordersOnDisk(path).get(orderId)?.periods).toEqual(periodsOf(findOrderAnywhere(streamingStoreOf(app.world), orderId)!));
    const frozen = await app.inject({ method: 'PUT', url: `/__admin/orders/${orderId}`, payload: { frozen: true } });
    expect(frozen.statusCode).toBe(200);
    expect(ordersOnDisk(path).get(orderId)!.frozen).toBe(true);
    expect((await app.inject({ method: 'POST', url: '/__admin/reset', headers: { 'content-type': 'application/json' } })).statusCode).toBe(200);
    expect(ordersOnDisk(path).size).toBe(seeded);
    expect(ordersOnDisk(path).has(orderId)).toBe(false);
    await app.close();
  });

  it('refuses a file that is not SQLite, and leaves it untouched', async () => {
    const path = fileIn('notes.txt');
    writeFileSync(path, 'my precious notes\n'.repeat(100));
    const hash = sha(path);
    await expect(testApp({ stateFile: path })).rejects.toThrow(/notes\.txt is not a SQLite database .*left untouched/);
    expect(sha(path)).toBe(hash);
  });

  it('refuses another application\'s SQLite database, and leaves it untouched', async () => {
    const path = fileIn('foreign.sqlite');
    const db = new Database(path);
    db.exec("CREATE TABLE meta (key TEXT, value TEXT); INSERT INTO meta VALUES ('format', 'someone-else'); CREATE TABLE t (x); INSERT INTO t VALUES (1);");
    db.close();
    const hash = sha(path);
    await expect(testApp({ stateFile: path })).rejects.toThrow(/SQLite database of something else/);
    const plain = new Database(path);
    plain.close();
    expect(sha(path)).toBe(hash);
  });

  it('refuses a damaged state file (bad pages or a bad row), and leaves it untouched', async () => {
    const pages = fileIn('pages.sqlite');
    const app = await testApp({ stateFile: pages });
    await app.close();
    const bytes = readFileSync(pages);
    // Garble everything after the 100-byte database header: the schema page and the order pages.
    for (let i = 100; i < bytes.length; i++) bytes[i] = (i * 131) & 0xff;
    writeFileSync(pages, bytes);
    const hash = sha(pages);
    await expect(testApp({ stateFile: pages })).rejects.toThrow(/pages\.sqlite .*(corrupt|cannot be read).*left untouched/);
    expect(sha(pages)).toBe(hash);

    const row = fileIn('row.sqlite');
    const app2 = await testApp({ stateFile: row });
    await app2.close();
    const db = new Database(row);
    db.prepare("UPDATE family_rows SET body = '{\"orderId\": 5}' WHERE family = 'streaming' AND seq = 2").run();
    db.close();
    const rowHash = sha(row);
    await expect(testApp({ stateFile: row })).rejects.toThrow(/is corrupt: streaming row 2: orderId/);
    expect(sha(row)).toBe(rowHash);
  });

  it('an order with two periods and one with one read the same in the admin API before and after a restart, rows unchanged', async () => {
    const path = fileIn('periods.sqlite');
    const app = await testApp({ stateFile: path });
    // Bought for immediate use, it cuts the device's order in effect into two periods.
    const made = await call(app, CREATE, { iotId: DEVICES.inEffect, commodityCode: 'streamingResource_5_1', copies: 1, userName: 'u', userId: 'uid', immediateUse: true });
    expect(made.body_.code).toBe(200);
    const adminView = async (a: typeof app) => (await a.inject({ method: 'GET', url: `/__admin/devices/${DEVICES.inEffect}` })).body;
    const shown = await adminView(app);
    // What the build before shared order terms answered, byte for byte.
    const cut =
      '{"identityId":"50e9op7a1c31d2e4f5a6b7c8d9e0f1a2b3c4d5e6","orderId":"202411051000001000001","outOrderNo":"210000000000001","commodityName":"视频设备分享增值服务(20人分享10人同时可看)月套餐","commodityCode":"streamingResource_20_10","copies":1,"startTime":"2024-11-05 10:00:00","endTime":"2025-01-04 10:00:00","startTimeUTC":"2024-11-05T02:00:00Z","endTimeUTC":"2025-01-04T02:00:00Z","status":0,"paymentStatus":1,"price":"140","userName":"张伟","userId":"50e9op7a1c31d2e4f5a6b7c8d9e0f1a2b3c4d5e6","months":1,"iotId":"GJ8k2LmP9qRs4TuVwXyZ000102","periods":[{"start":"2024-11-05T02:00:00.000Z","end":"2024-11-15T02:00:00.000Z"},{"start":"2024-12-15T02:00:00.000Z","end":"2025-01-04T02:00:00.000Z"}],"frozen":false}';
    const single = `{"identityId":"50e9op7a1c31d2e4f5a6b7c8d9e0f1a2b3c4d5e6","orderId":"${made.body_.data.orderId}","outOrderNo":"${made.body_.data.outOrderNo}","commodityName":"视频设备分享增值服务(5人分享1人同时可看)月套餐","commodityCode":"streamingResource_5_1","copies":1,"startTime":"2024-11-15 10:00:00","endTime":"2024-12-15 10:00:00","startTimeUTC":"2024-11-15T02:00:00Z","endTimeUTC":"2024-12-15T02:00:00Z","status":0,"paymentStatus":0,"price":"9.9","userName":"u","userId":"uid","months":1,"iotId":"GJ8k2LmP9qRs4TuVwXyZ000102","periods":[{"start":"2024-11-15T02:00:00.000Z","end":"2024-12-15T02:00:00.000Z"}],"frozen":false}`;
    expect(shown).toContain(`"orders":[${cut},${single}]`);
    // The call wrote one change, not the orders it moved.
    expect(tableRows(path, 'changes').map((r) => JSON.parse(r.body).kind)).toEqual(['create']);
    await app.close();

    // A restart replays the change and writes a fresh snapshot of every order.
    const again = await testApp({ stateFile: path });
    expect(await adminView(again)).toBe(shown);
    expect(tableRows(path, 'changes')).toEqual([]);
    const rows = () => tableRows(path, 'orders');
    const cutRow = rows().find((r) => JSON.parse(r.body).orderId === '202411051000001000001')!.body;
    expect(JSON.parse(cutRow).periods).toEqual([
      { start: Date.parse('2024-11-05T02:00:00Z'), end: Date.parse('2024-11-15T02:00:00Z') },
      { start: Date.parse('2024-12-15T02:00:00Z'), end: Date.parse('2025-01-04T02:00:00Z') },
    ]);
    expect(Object.keys(JSON.parse(cutRow))).toEqual([
      'orderId', 'outOrderNo', 'iotId', 'identityId', 'commodityCode', 'commodityName', 'copies', 'months', 'price',
      'userName', 'userId', 'periods', 'frozen', 'paymentStatus', 'settlesAt', 'createdAt',
    ]);
    const before = rows();
    // Writing every loaded order back gives the same bytes.
    again.world.persistence!.replaceAll();
    await again.close();
    expect(rows()).toEqual(before);
  });

  it('starts a family the file never saved as a world without a file does, and saves it from then on', async () => {
    const path = fileIn('unsaved-family.sqlite');
    const first = await testApp({ stateFile: path });
    const seeded = orderCount(streamingStoreOf(first.world));
    await first.close();
    // As a file written before a family was saved: none of its rows, no mark.
    const db = new Database(path);
    db.exec("DELETE FROM family_rows WHERE family = 'streaming'; DELETE FROM meta WHERE key = 'family/streaming'");
    db.close();
    const app = await testApp({ stateFile: path });
    expect(orderCount(streamingStoreOf(app.world))).toBe(seeded);
    const made = await create(app, DEVICES.empty, false);
    await app.close();
    expect(tableRows(path, 'orders').length).toBe(seeded);
    expect(ordersOnDisk(path).has(made.body_.data.orderId)).toBe(true);
  });

  it('keeps state in memory without --state-file', async () => {
    const app = await testApp();
    expect(app.world.persistence).toBeUndefined();
    await create(app, DEVICES.empty, false);
    await app.close();
    const again = await testApp();
    expect([...allOrders(streamingStoreOf(again.world))].some((o) => o.iotId === DEVICES.empty)).toBe(false);
    await again.close();
  });

  it('--state-file-repair loads a file with a bad row: the row is skipped and logged, the file rewritten without it', async () => {
    const path = fileIn('repair.sqlite');
    const first = await testApp({ stateFile: path });
    const made = await create(first, DEVICES.empty, false);
    await first.close();
    const db = new Database(path);
    db.prepare("UPDATE family_rows SET body = '{\"orderId\": 5}' WHERE family = 'streaming' AND seq = 2").run();
    db.close();
    await expect(testApp({ stateFile: path })).rejects.toThrow(/streaming row 2: orderId.*--state-file-repair/);
    const repaired = await testApp({ stateFile: path, stateFileRepair: true });
    expect(findOrderAnywhere(streamingStoreOf(repaired.world), made.body_.data.orderId)).toBeDefined();
    await repaired.close();
    // Rewritten without the bad row: a plain start works again.
    const again = await testApp({ stateFile: path });
    expect(orderCount(streamingStoreOf(again.world))).toBe(orderCount(streamingStoreOf(repaired.world)));
    await again.close();
  });

  it('refuses a read-only state file at start, and leaves it untouched', async () => {
    const path = fileIn('readonly.sqlite');
    const first = await testApp({ stateFile: path });
    await first.close();
    chmodSync(path, 0o444);
    const hash = sha(path);
    await expect(testApp({ stateFile: path })).rejects.toThrow(/readonly\.sqlite is read-only \(mode 444\)/);
    expect(sha(path)).toBe(hash);
    chmodSync(path, 0o644);
  });

  it('answers 500 when a write fails, and keeps in memory only what the file holds', async () => {
    const path = fileIn('failing.sqlite');
    const app = await testApp({ stateFile: path });
    const kept = await create(app, DEVICES.empty, false);
    expect(kept.body_.code).toBe(200);
    // Every write fails from now on, as on a full disk (a trigger another connection adds).
    const db = new Database(path);
    db.exec("CREATE TRIGGER full_disk BEFORE INSERT ON changes BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END;");
    db.close();
    const lost = await create(app, DEVICES.empty, false);
    expect(lost.body_).toMatchObject({ code: 500, message: 'service error.', data: null });
    // The order answered 500 is not in memory; the one answered 200 is.
    expect(findOrderAnywhere(streamingStoreOf(app.world), kept.body_.data.orderId)).toBeDefined();
    const orders = await call(app, '/vision/customer/streaming/order/query', { iotId: DEVICES.empty });
    expect(orders.body_.data.orderList.map((o: { orderId: string }) => o.orderId)).toEqual([kept.body_.data.orderId]);
    await app.close();
  });

  it('a reset the file cannot store (a full disk) answers 500 and changes nothing, in memory or in the file', async () => {
    const path = fileIn('failed-reset.sqlite');
    const app = await testApp({ stateFile: path });
    const inject = (method: 'GET' | 'POST', url: string, payload?: object) => app.inject({ method, url, payload: method === 'POST' ? (payload ?? {}) : undefined });
    await inject('POST', '/__admin/clock/advance', { by: '10d' });
    const made = await create(app, DEVICES.empty, false);
    const ordersNow = () => call(app, '/vision/customer/streaming/order/query', { iotId: DEVICES.empty }).then((r) => r.body_.data.orderList);
    const before = await ordersNow();
    expect(before.map((o: { orderId: string }) => o.orderId)).toEqual([made.body_.data.orderId]);
    const clockBefore = (await inject('GET', '/__admin/clock')).json();
    // The snapshot a reset writes fails, as on a full disk (a trigger another connection adds).
    const db = new Database(path);
    db.exec("CREATE TRIGGER full_disk BEFORE INSERT ON family_rows BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END;");
    const reset = await inject('POST', '/__admin/reset');
    expect(reset.statusCode).toBe(500);
    expect(reset.json().error).toMatch(/the reset could not be stored in the state file \(.*database or disk is full\); nothing was reset/);
    // Nothing moved: the orders, the clock, and the file.
    expect(await ordersNow()).toEqual(before);
    expect((await inject('GET', '/__admin/clock')).json()).toEqual(clockBefore);
    db.exec('DROP TRIGGER full_disk');
    db.close();
    // Space freed: a create is answered at the clock memory shows, and the file says the same.
    const after = await create(app, DEVICES.empty, true);
    const onDisk = ordersOnDisk(path);
    expect([...onDisk.keys()].filter((id) => id === made.body_.data.orderId || id === after.body_.data.orderId)).toHaveLength(2);
    expect(new Date(onDisk.get(after.body_.data.orderId)!.periods[0]!.start).toISOString().replace('.000', '')).toBe(after.body_.data.startTimeUTC);
    expect(onDisk.size).toBe(orderCount(streamingStoreOf(app.world)));
    const shown = await ordersNow();
    await app.close();
    // A restart (at the instant memory had) reads what memory showed.
    const again = await testApp({ stateFile: path, now: clockBefore.now });
    expect((await call(again, '/vision/customer/streaming/order/query', { iotId: DEVICES.empty })).body_.data.orderList).toEqual(shown);
    await again.close();
  });

  describe('instants past the range every input gets are refused on load, and skipped by repair', () => {
    /** A file whose first row of `family` (with segments, for cloud storage) has `field` set to `value` by hand. */
    async function fileWith(name: string, family: string, field: string, value: number): Promise<{ path: string; seq: number }> {
      const path = fileIn(name);
      const first = await testApp({ stateFile: path });
      await first.close();
      const db = new Database(path);
      const where = family === 'streaming' ? '' : "AND json_extract(body, '$.kind') = 'order' AND json_array_length(body, '$.segments') > 0";
      const { seq } = db.prepare(`SELECT seq FROM family_rows WHERE family = ? ${where} ORDER BY seq LIMIT 1`).get(family) as { seq: number };
      db.prepare(`UPDATE family_rows SET body = json_set(body, ?, ?) WHERE seq = ?`).run(field, value, seq);
      db.close();
      return { path, seq };
    }

    it("an order's period end of 9e15", async () => {
      const { path, seq } = await fileWith('instant-streaming.sqlite', 'streaming', '$.periods[0].end', 9e15);
      await expect(testApp({ stateFile: path })).rejects.toThrow(
        new RegExp(`streaming row ${seq}: periods\\.0\\.end: 9000000000000000 is out of range: instants must lie between 1970-01-01 00:00:00 and 9999-12-31 23:59:59 in Asia/Shanghai.*\\. Start once with --state-file-repair`),
      );
      const stored = tableRows(path, 'orders').length;
      const repaired = await testApp({ stateFile: path, stateFileRepair: true });
      const shown = JSON.stringify((await repaired.inject({ method: 'GET', url: '/__admin/devices' })).json());
      expect(shown).not.toMatch(/Invalid Date/);
      // That order alone is skipped.
      expect(orderCount(streamingStoreOf(repaired.world))).toBe(stored - 1);
      await repaired.close();
    });

    it('a cloud-storage segment ending past year 9999 in the zone', async () => {
      const { path, seq } = await fileWith('instant-cloud.sqlite', 'cloud-storage', '$.segments[0].end', Date.parse('+010000-02-10T00:00:00Z'));
      await expect(testApp({ stateFile: path })).rejects.toThrow(new RegExp(`cloud-storage row ${seq}: segments\\.0\\.end: \\d+ is out of range`));
      const repaired = await testApp({ stateFile: path, stateFileRepair: true });
      expect(JSON.stringify((await repaired.inject({ method: 'GET', url: '/__admin/devices' })).json())).not.toMatch(/10000-/);
      await repaired.close();
    });
  });

  describe('a change row that cannot be replayed stops the start, and --state-file-repair skips it', () => {
    it('an order of a package since removed from the fixtures', async () => {
      const folder = fileIn('fixtures-240');
      cpSync(BUILT_IN_FIXTURES_DIR, folder, { recursive: true });
      const path = fileIn('removed-package.sqlite');
      const first = await testApp({ stateFile: path, fixtures: folder });
      const gone = await call(first, CREATE, { iotId: DEVICES.empty, commodityCode: 'streamingResource_240_12', copies: 1 });
      const kept = await create(first, DEVICES.empty, false);
      await first.close();
      const packages = JSON.parse(readFileSync(join(folder, 'packages.json'), 'utf8')) as { commodityCode: string }[];
      writeFileSync(join(folder, 'packages.json'), JSON.stringify(packages.filter((p) => p.commodityCode !== 'streamingResource_240_12')));
      await expect(testApp({ stateFile: path, fixtures: folder })).rejects.toThrow(
        /change row 1 \(streaming create\) cannot be replayed: .*streamingResource_240_12.*Start once with --state-file-repair/,
      );
      const repaired = await testApp({ stateFile: path, fixtures: folder, stateFileRepair: true });
      const store = streamingStoreOf(repaired.world);
      expect(findOrderAnywhere(store, gone.body_.data.orderId)).toBeUndefined();
      expect(findOrderAnywhere(store, kept.body_.data.orderId)).toBeDefined();
      await repaired.close();
      // Rewritten without it: a plain start works again.
      const again = await testApp({ stateFile: path, fixtures: folder });
      expect(findOrderAnywhere(streamingStoreOf(again.world), kept.body_.data.orderId)).toBeDefined();
      await again.close();
    });

    it('a hand-made change naming an order nobody made', async () => {
      const path = fileIn('hand-made.sqlite');
      const first = await testApp({ stateFile: path });
      const kept = await create(first, DEVICES.empty, false);
      await first.close();
      const db = new Database(path);
      db.prepare("INSERT INTO changes (body, family) VALUES (?, 'streaming')").run(JSON.stringify({ kind: 'enable', now: Date.parse(T0), iotId: DEVICES.empty, orderId: 'nobody' }));
      const { seq } = db.prepare('SELECT max(seq) AS seq FROM changes').get() as { seq: number };
      db.close();
      await expect(testApp({ stateFile: path })).rejects.toThrow(new RegExp(`change row ${seq} \\(streaming enable\\) cannot be replayed: .*nobody`));
      const repaired = await testApp({ stateFile: path, stateFileRepair: true });
      expect(findOrderAnywhere(streamingStoreOf(repaired.world), kept.body_.data.orderId)).toBeDefined();
      await repaired.close();
    });
  });

  describe('a truncated database', () => {
    /** A file with a few hundred logged creates, cut to `keep` of its length (whole pages), as a full disk or a bad copy leaves it. */
    async function truncated(name: string, keep: number): Promise<{ path: string; made: string[] }> {
      const path = fileIn(name);
      const first = await testApp({ stateFile: path });
      const made: string[] = [];
      for (let i = 0; i < 300; i++) made.push((await create(first, DEVICES.empty, false)).body_.data.orderId);
      await first.close();
      truncateSync(path, Math.floor((statSync(path).size * keep) / 4096) * 4096);
      return { path, made };
    }

    it('stops the start naming --state-file-repair, and leaves the file untouched', async () => {
      const { path } = await truncated('truncated-refused.sqlite', 0.5);
      const hash = sha(path);
      await expect(testApp({ stateFile: path })).rejects.toThrow(/truncated-refused\.sqlite is corrupt .*left untouched\. Start once with --state-file-repair to move it aside/);
      expect(sha(path)).toBe(hash);
    });

    it('--state-file-repair moves it aside and starts a new file with the rows it could still read', async () => {
      const { path, made } = await truncated('truncated-repaired.sqlite', 0.8);
      const hash = sha(path);
      const lines: string[] = [];
      const logger = { level: 'warn', stream: { write: (line: string) => lines.push(line) } };
      const repaired = await testApp({ stateFile: path, stateFileRepair: true, logger });
      const store = streamingStoreOf(repaired.world);
      const kept = made.filter((id) => findOrderAnywhere(store, id));
      // The first changes are on the pages that are left, the last ones were cut off.
      expect(kept.length).toBeGreaterThan(0);
      expect(kept.length).toBeLessThan(made.length);
      expect(kept).toEqual(made.slice(0, kept.length));
      const asides = readdirSync(dir).filter((f) => f.startsWith('truncated-repaired.sqlite.damaged-'));
      expect(asides).toHaveLength(1);
      expect(sha(join(dir, asides[0]!))).toBe(hash);
      const said = lines.join('');
      expect(said).toContain(`it was moved to ${join(dir, asides[0]!)}, and a new file started with the`);
      expect(said).toMatch(/table changes: the rows after those read could not be read/);
      const more = await create(repaired, DEVICES.empty, false);
      await repaired.close();
      const again = await testApp({ stateFile: path });
      expect(findOrderAnywhere(streamingStoreOf(again.world), more.body_.data.orderId)).toBeDefined();
      expect(orderCount(streamingStoreOf(again.world))).toBe(orderCount(store));
      await again.close();
    });
  });
});
