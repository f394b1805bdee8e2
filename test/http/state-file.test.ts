import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { periodsOf } from '../../src/services/streaming/order.js';
import { CREATE, call, DEVICES, testApp } from '../support/api.js';

const dir = mkdtempSync(join(tmpdir(), 'alm-state-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const fileIn = (name: string) => join(dir, name);
const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

/** Orders as another process would read them from the file right now. */
function ordersOnDisk(path: string): Map<string, { periods: { start: number; end: number }[] }> {
  const db = new Database(path, { readonly: true });
  try {
    const rows = db.prepare('SELECT order_id, body FROM orders').all() as { order_id: string; body: string }[];
    return new Map(rows.map((r) => [r.order_id, JSON.parse(r.body)]));
  } finally {
    db.close();
  }
}

const create = (app: Awaited<ReturnType<typeof testApp>>, iotId: string, immediateUse: boolean) =>
  call(app, CREATE, { iotId, commodityCode: 'streamingResource_5_1', copies: 1, immediateUse });

describe('--state-file', () => {
  it('keeps only the default session: orders made in a named session never reach the file', async () => {
    const path = fileIn('sessions.sqlite');
    const app = await testApp({ stateFile: path });
    const before = ordersOnDisk(path).size;
    const inSession = await call(app, CREATE, { iotId: DEVICES.empty, commodityCode: 'streamingResource_5_1', copies: 1 }, { headers: { 'x-mock-session': 'scratch' } });
    expect(inSession.body_.code).toBe(200);
    expect(ordersOnDisk(path).has(inSession.body_.data.orderId)).toBe(false);
    expect(ordersOnDisk(path).size).toBe(before);
    const inDefault = await create(app, DEVICES.empty, false);
    expect(ordersOnDisk(path).has(inDefault.body_.data.orderId)).toBe(true);
    await app.close();
  });

  it('seeds a new file with the fixture orders and answers 200 only once the order is on disk', async () => {
    const path = fileIn('new.sqlite');
    const app = await testApp({ stateFile: path });
    expect(ordersOnDisk(path).size).toBe(app.world.store.orders.size);
    const answers = await Promise.all(Array.from({ length: 200 }, (_, i) => create(app, DEVICES.empty, i % 3 === 0)));
    // Read by another connection as soon as the answers are in: every answered order is there, with its times.
    const disk = ordersOnDisk(path);
    for (const res of answers) {
      expect(res.body_.code).toBe(200);
      const stored = disk.get(res.body_.data.orderId);
      expect(stored).toBeDefined();
      expect(stored!.periods).toEqual(periodsOf(app.world.store.orders.get(res.body_.data.orderId)!));
    }
    // Concurrent requests share transactions instead of one commit each.
    expect(app.world.persistence!.commits).toBeLessThan(answers.length);
    await app.close();
  });

  it('loads the file on start instead of seeding again, with every order and its times', async () => {
    const path = fileIn('reload.sqlite');
    const first = await testApp({ stateFile: path });
    const made = await create(first, DEVICES.queue, true);
    const before = [...first.world.store.orders.values()].map((o) => ({ id: o.orderId, periods: periodsOf(o) }));
    await first.close();
    // Another instant and seed: reseeding would give the fixture orders other times and ids.
    const second = await testApp({ stateFile: path, now: '2025-03-01T00:00:00Z', seed: 7 });
    const after = [...second.world.store.orders.values()].map((o) => ({ id: o.orderId, periods: periodsOf(o) }));
    expect(after).toEqual(before);
    expect(second.world.store.orders.has(made.body_.data.orderId)).toBe(true);
    // The timeline was rebuilt too: a queued order goes after the loaded ones.
    const queued = await create(second, DEVICES.queue, false);
    const latest = Math.max(...before.filter((o) => second.world.store.orders.get(o.id)!.iotId === DEVICES.queue).map((o) => o.periods.at(-1)!.end));
    expect(Date.parse(queued.body_.data.startTimeUTC)).toBe(Math.max(latest, Date.parse('2025-03-01T00:00:00Z')));
    await second.close();
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
    expect(ordersOnDisk(path).get(orderId)?.periods).toEqual(periodsOf(app.world.store.orders.get(orderId)!));
    const frozen = await app.inject({ method: 'PUT', url: `/__admin/orders/${orderId}`, payload: { frozen: true } });
    expect(frozen.statusCode).toBe(200);
    expect((ordersOnDisk(path).get(orderId) as unknown as { frozen: boolean }).frozen).toBe(true);
    expect((await app.inject({ method: 'POST', url: '/__admin/reset' })).statusCode).toBe(200);
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
    db.prepare("UPDATE orders SET body = '{\"orderId\": 5}' WHERE seq = 2").run();
    db.close();
    const rowHash = sha(row);
    await expect(testApp({ stateFile: row })).rejects.toThrow(/is corrupt: order row 2: orderId/);
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
      '{"identityId":"50e9op7a1c31d2e4f5a6b7c8d9e0f1a2b3c4d5e6","orderId":"202411010930001000001","outOrderNo":"210000000000001","commodityName":"视频设备分享增值服务(20人分享10人同时可看)月套餐","commodityCode":"streamingResource_20_10","copies":1,"startTime":"2024-11-05 10:00:00","endTime":"2025-01-04 10:00:00","startTimeUTC":"2024-11-05T02:00:00Z","endTimeUTC":"2025-01-04T02:00:00Z","status":0,"paymentStatus":1,"price":"140","userName":"张伟","userId":"50e9op7a1c31d2e4f5a6b7c8d9e0f1a2b3c4d5e6","months":1,"iotId":"GJ8k2LmP9qRs4TuVwXyZ000102","periods":[{"start":"2024-11-05T02:00:00.000Z","end":"2024-11-15T02:00:00.000Z"},{"start":"2024-12-15T02:00:00.000Z","end":"2025-01-04T02:00:00.000Z"}],"frozen":false}';
    const single = `{"identityId":"50e9op7a1c31d2e4f5a6b7c8d9e0f1a2b3c4d5e6","orderId":"${made.body_.data.orderId}","outOrderNo":"${made.body_.data.outOrderNo}","commodityName":"视频设备分享增值服务(5人分享1人同时可看)月套餐","commodityCode":"streamingResource_5_1","copies":1,"startTime":"2024-11-15 10:00:00","endTime":"2024-12-15 10:00:00","startTimeUTC":"2024-11-15T02:00:00Z","endTimeUTC":"2024-12-15T02:00:00Z","status":0,"paymentStatus":0,"price":"9.9","userName":"u","userId":"uid","months":1,"iotId":"GJ8k2LmP9qRs4TuVwXyZ000102","periods":[{"start":"2024-11-15T02:00:00.000Z","end":"2024-12-15T02:00:00.000Z"}],"frozen":false}`;
    expect(shown).toContain(`"orders":[${cut},${single}]`);
    const rows = () => {
      const db = new Database(path, { readonly: true });
      try {
        return db.prepare('SELECT order_id, body FROM orders ORDER BY seq').all() as { order_id: string; body: string }[];
      } finally {
        db.close();
      }
    };
    const cutRow = rows().find((r) => r.order_id === '202411010930001000001')!.body;
    expect(JSON.parse(cutRow).periods).toEqual([
      { start: Date.parse('2024-11-05T02:00:00Z'), end: Date.parse('2024-11-15T02:00:00Z') },
      { start: Date.parse('2024-12-15T02:00:00Z'), end: Date.parse('2025-01-04T02:00:00Z') },
    ]);
    expect(Object.keys(JSON.parse(cutRow))).toEqual([
      'orderId', 'outOrderNo', 'iotId', 'identityId', 'commodityCode', 'commodityName', 'copies', 'months', 'price',
      'userName', 'userId', 'periods', 'frozen', 'paymentStatus', 'settlesAt', 'createdAt',
    ]);
    const before = rows();
    await app.close();

    const again = await testApp({ stateFile: path });
    expect(await adminView(again)).toBe(shown);
    // Writing every loaded order back gives the same bytes.
    again.world.persistence!.replaceAll(again.world.store.orders.values());
    await again.close();
    expect(rows()).toEqual(before);
  });

  it('keeps state in memory without --state-file', async () => {
    const app = await testApp();
    expect(app.world.persistence).toBeUndefined();
    await create(app, DEVICES.empty, false);
    await app.close();
    const again = await testApp();
    expect([...again.world.store.orders.values()].some((o) => o.iotId === DEVICES.empty)).toBe(false);
    await again.close();
  });
});
