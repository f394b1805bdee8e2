/**
 * GET /__admin/changes: what the admin page polls. Nothing changed, nothing to send; a purchase
 * sends its one device; a running clock sends nothing until an order's period starts or ends.
 */
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import type { AdminChanges } from '../../src/admin/contract.js';
import { call, CREATE, DEVICES, T0, testApp } from '../support/api.js';
import { CS_ORDERS } from '../support/cloud-storage.js';

const BUY = '/vision/customer/cloudstorage/commodity/buy';

let app: FastifyInstance;
afterEach(async () => {
  await app?.close();
});

async function changes(since?: string, headers: Record<string, string> = {}): Promise<AdminChanges> {
  const res = await app.inject({ method: 'GET', url: `/__admin/changes${since ? `?since=${encodeURIComponent(since)}` : ''}`, headers });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as AdminChanges;
}

describe('GET /__admin/changes', () => {
  it('answers every device first, then nothing while nothing changes, then only the device a call changed', async () => {
    app = await testApp();
    const first = await changes();
    expect(first.full).toBe(true);
    expect(first).toMatchObject({ total: app.world.directory.devices.size, offset: 0, limit: 100 });
    expect(first.devices.map((d) => d.iotId)).toEqual([...app.world.directory.devices.keys()]);
    // A snapshot's order is its pages' order: the iotIds are not sent twice.
    expect(first.order).toBeUndefined();
    expect(first.clock.now).toBe(T0);
    expect(first.faults).toEqual([]);

    const idle = await changes(first.since);
    expect(idle).toMatchObject({ full: false, devices: [], since: first.since });
    expect(idle.order).toBeUndefined();
    expect(idle.faults).toBeUndefined();

    // A read answered 200 changes nothing: the device is looked at again, and found the same.
    await call(app, '/vision/customer/streaming/order/query', { iotId: DEVICES.queue, pageNo: 1, pageSize: 20 });
    const afterRead = await changes(idle.since);
    expect(afterRead.devices).toEqual([]);
    expect(afterRead.journal.version).toBeGreaterThan(idle.journal.version);

    const created = await call(app, CREATE, { iotId: DEVICES.empty, commodityCode: 'streamingResource_20_10', copies: 1 });
    expect(created.body_.code).toBe(200);
    const afterCreate = await changes(afterRead.since);
    expect(afterCreate.devices.map((d) => d.iotId)).toEqual([DEVICES.empty]);
    expect(afterCreate.devices[0]!.orders.map((o) => o.orderId)).toContain(created.body_.data.orderId);
    expect((await changes(afterCreate.since)).devices).toEqual([]);
  });

  it('sends both devices of a cloud-storage transfer, and the rules when one fires', async () => {
    app = await testApp();
    const { since } = await changes();
    const moved = await call(
      app,
      '/vision/customer/cloudstorage/transfer',
      { srcIotId: DEVICES.inEffect, srcOrderId: CS_ORDERS.inEffect, dstIotId: DEVICES.empty, immediateUse: false },
      { apiVer: '1.0.1' },
    );
    expect(moved.body_.code, JSON.stringify(moved.body_)).toBe(200);
    const after = await changes(since);
    expect(after.devices.map((d) => d.iotId).sort()).toEqual([DEVICES.inEffect, DEVICES.empty].sort());

    await app.inject({ method: 'POST', url: '/__admin/faults', payload: { type: 'error', code: 503, times: 1 } });
    const ruled = await changes(after.since);
    expect(ruled.faults?.map((r) => r.fired)).toEqual([0]);
    await call(app, BUY, { iotId: DEVICES.doc, commodityCode: 'ilopLVCloudResource', specification: 'eventResource_7', copies: 1 }, { apiVer: '1.0.8' });
    const fired = await changes(ruled.since);
    expect(fired.faults?.map((r) => r.fired)).toEqual([1]);
    // Refused with 503: nothing bought.
    expect(fired.devices).toEqual([]);
  });

  it('with a running clock sends a device only when one of its orders starts or ends', async () => {
    let real = Date.parse(T0);
    app = await testApp({ realNow: () => real });
    await app.inject({ method: 'PUT', url: '/__admin/clock', payload: { now: T0, frozen: false } });
    const { since } = await changes();
    real += 60_000;
    // A minute later the cloud orders' preConsume has moved on: not a change.
    const minute = await changes(since);
    expect(minute.clock.nowMs).toBe(Date.parse(T0) + 60_000);
    expect(minute.devices).toEqual([]);
    // The living-room package ends 2024-12-05 10:00 (Shanghai): just past it, that device expires.
    real = Date.parse('2024-12-05T02:00:01Z');
    const ended = await changes(minute.since);
    expect(ended.devices.map((d) => d.iotId)).toContain(DEVICES.inEffect);
    const living = ended.devices.find((d) => d.iotId === DEVICES.inEffect)!;
    expect(living.orders[0]!.status).toBe(1);
  });

  it('starts over with every device after a reset or for a stamp of another epoch, and keeps sessions apart', async () => {
    app = await testApp();
    const { since } = await changes();
    await app.inject({ method: 'POST', url: '/__admin/reset', headers: { 'content-type': 'application/json' } });
    expect((await changes('zzzz.3')).full).toBe(true);
    await call(app, CREATE, { iotId: DEVICES.empty, commodityCode: 'streamingResource_20_10', copies: 1 }, { headers: { 'x-mock-session': 'demo-b' } });
    // The default session saw no purchase.
    expect((await changes(since)).devices).toEqual([]);
    const b = await changes(undefined, { 'x-mock-session': 'demo-b' });
    expect(b.devices.find((d) => d.iotId === DEVICES.empty)!.orders).toHaveLength(1);
  });

  it('refuses a malformed query with a 400 naming it', async () => {
    app = await testApp();
    for (const [query, field] of [['sinse=1', 'sinse'], ['limit=1001', 'limit'], ['limit=0', 'limit'], ['offset=-1', 'offset']]) {
      const res = await app.inject({ method: 'GET', url: `/__admin/changes?${query}` });
      expect(res.statusCode, query).toBe(400);
      expect(res.json().error, query).toContain(field);
    }
  });
});

describe('GET /__admin/changes without a stamp: the snapshot, in pages', () => {
  const page = async (offset: number, limit?: number): Promise<{ body: AdminChanges; bytes: number }> => {
    const res = await app.inject({ method: 'GET', url: `/__admin/changes?offset=${offset}${limit ? `&limit=${limit}` : ''}` });
    expect(res.statusCode, res.body).toBe(200);
    return { body: res.json() as AdminChanges, bytes: res.body.length };
  };

  it('answers one page at a time, whatever the world holds; the pages together are every device, in order', async () => {
    app = await testApp({ syntheticDevices: 2000 });
    const ids = [...app.world.directory.devices.keys()];
    const first = await page(0);
    expect(first.body).toMatchObject({ full: true, total: ids.length, offset: 0, limit: 100 });
    expect(first.body.devices).toHaveLength(100);
    // Every device in one answer was about 1 MB here (52 MB at 100 000 devices); a page of 100 is 65 KB whatever the total.
    expect(first.bytes).toBeLessThan(150_000);
    const read: string[] = [];
    for (let offset = 0; offset < ids.length; offset += 1000) {
      const { body, bytes } = await page(offset, 1000);
      expect(body).toMatchObject({ total: ids.length, offset, limit: 1000 });
      expect(bytes).toBeLessThan(1_000_000);
      read.push(...body.devices.map((d) => d.iotId));
    }
    expect(read).toEqual(ids);
    expect((await page(ids.length)).body.devices).toEqual([]);
    // Every page read and nothing changed: the poll with the first page's stamp sends no device again.
    const poll = await changes(first.body.since);
    expect(poll).toMatchObject({ full: false, devices: [] });
  });

  it("a change made while the pages load shows in the next poll with the first page's stamp", async () => {
    app = await testApp({ syntheticDevices: 300 });
    const first = (await page(0)).body;
    expect(first.devices.map((d) => d.iotId)).toContain(DEVICES.empty);
    // Bought on a device of the first page, after it was read; a device added after it too.
    const created = await call(app, CREATE, { iotId: DEVICES.empty, commodityCode: 'streamingResource_20_10', copies: 1 });
    expect(created.body_.code).toBe(200);
    // Bought on a device of a later page before that page is read: the page shows it.
    const later = [...app.world.directory.devices.keys()][250]!;
    const laterOrder = await call(app, CREATE, { iotId: later, commodityCode: 'streamingResource_20_10', copies: 1 });
    expect(laterOrder.body_.code, JSON.stringify(laterOrder.body_)).toBe(200);
    const added = await app.inject({ method: 'PUT', url: '/__admin/devices/AddedWhileLoading', payload: { projectId: first.devices[0]!.projectId, identityId: first.devices[0]!.identityId } });
    expect(added.statusCode, added.body).toBe(200);
    const rest: AdminChanges['devices'] = [];
    for (let offset = 100; offset < first.total! + 1; offset += 100) rest.push(...(await page(offset)).body.devices);
    expect(rest.find((d) => d.iotId === later)?.orders.map((o) => o.orderId)).toContain(laterOrder.body_.data.orderId);
    const poll = await changes(first.since);
    expect(poll.full).toBe(false);
    const bought = poll.devices.find((d) => d.iotId === DEVICES.empty);
    expect(bought?.orders.map((o) => o.orderId)).toContain(created.body_.data.orderId);
    expect(poll.devices.map((d) => d.iotId)).toContain('AddedWhileLoading');
    expect(poll.order).toHaveLength(first.total! + 1);
    // Then quiet again.
    expect((await changes(poll.since)).devices).toEqual([]);
  });
});

describe('admin answers are compressed', () => {
  it('gzip when asked: the device list shrinks several times over', async () => {
    app = await testApp({ syntheticDevices: 50 });
    const plain = await app.inject({ method: 'GET', url: '/__admin/devices' });
    const zipped = await app.inject({ method: 'GET', url: '/__admin/devices', headers: { 'accept-encoding': 'gzip' } });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.rawPayload.length * 4).toBeLessThan(plain.rawPayload.length);
    // The API's answers stay as the gateway sends them.
    const api = await app.inject({ method: 'POST', url: CREATE, headers: { 'accept-encoding': 'gzip', 'content-type': 'application/json' }, payload: '{}' });
    expect(api.headers['content-encoding']).toBeUndefined();
  });
});

describe('GET /__admin/families', () => {
  it('lists every family with its operations and its packages, and journals nothing', async () => {
    app = await testApp();
    const res = await app.inject({ method: 'GET', url: '/__admin/families' });
    const { families } = res.json() as { families: Array<{ name: string; operations: Array<{ path: string; apiVers: string[] }>; packages: Array<Record<string, unknown>> }> };
    expect(families.map((f) => f.name.split(' ')[0])).toEqual(['直播分享', '云端资源', '云存储']);
    const cloud = families[2]!;
    expect(cloud.operations.find((o) => o.path === BUY)!.apiVers).toEqual(['1.0.8', '1.0.7']);
    expect(cloud.packages).toContainEqual(expect.objectContaining({ commodityName: '事件录像7天循环存储月套餐', specification: 'eventResource_7', price: '15.0', months: 1 }));
    expect(families[0]!.packages).toContainEqual(expect.objectContaining({ commodityCode: 'streamingResource_20_10', months: 1, price: '140' }));
    const journal = await app.inject({ method: 'GET', url: '/__admin/requests' });
    expect(journal.json().total).toBe(0);
  });
});
