/** The admin views of devices are bounded: every lane is windowed like 直播分享's, and the device list is paged. */
import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { contextAt } from '../../src/families/cloud-storage/handlers.js';
import { buyPackage } from '../../src/families/cloud-storage/rules.js';
import { DEVICES_PAGE_DEFAULT, DEVICES_PAGE_MAX } from '../../src/admin/schemas.js';
import { admin } from '../support/admin.js';
import { DEVICES, testApp } from '../support/api.js';

let app: FastifyInstance;
afterEach(async () => app?.close());

/** Puts `n` one-month cloud-storage orders on a device through the family's own rule (30 000 HTTP calls would only be slower). */
function buyMany(iotId: string, n: number): void {
  const ctx = contextAt(app.world, app.world.clock.now());
  for (let i = 0; i < n; i++) {
    const bought = buyPackage(ctx, {
      iotId, commodityCode: 'ilopLVCloudResource', specification: 'eventResource_7', copies: 1, userName: `u${i}`, userId: null,
      immediateUse: false, deviceNoOwner: false, settings: {},
    });
    if (!bought.ok) throw new Error(bought.detail);
  }
}

type Lane = { family: string; orderCount: number; orders: { orderId: string; userName: string }[] };

describe('a device of 30 000 cloud-storage orders', () => {
  it('reads small: its cloud lane shows the newest 200 and counts them all, on the device, the list and the change feed', async () => {
    app = await testApp();
    buyMany(DEVICES.doc, 30_000);
    const one = await app.inject({ method: 'GET', url: `/__admin/devices/${DEVICES.doc}` });
    expect(one.statusCode).toBe(200);
    // 200 rendered orders are about 130 KB; all 30 000 were 20 MB.
    expect(one.body.length).toBeLessThan(400_000);
    const lane = (one.json().lanes as Lane[]).find((l) => l.family.startsWith('云存储'))!;
    expect(lane.orderCount).toBe(30_000);
    expect(lane.orders).toHaveLength(200);
    expect(lane.orders.at(-1)!.userName).toBe('u29999');
    expect(lane.orders[0]!.userName).toBe('u29800');
    for (const url of ['/__admin/devices', '/__admin/changes']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(200);
      expect(res.body.length, url).toBeLessThan(600_000);
    }
  });

  it('pages back through the cloud lane with ordersLimit and ordersOffset, as through 直播分享\'s', async () => {
    app = await testApp();
    buyMany(DEVICES.doc, 1_000);
    const page = (await admin(app, 'GET', `/devices/${DEVICES.doc}?ordersLimit=3&ordersOffset=10`)).body;
    const lane = (page.lanes as Lane[]).find((l) => l.family.startsWith('云存储'))!;
    expect(lane.orders.map((o) => o.userName)).toEqual(['u987', 'u988', 'u989']);
    expect(lane.orderCount).toBe(1_000);
    expect((await admin(app, 'GET', `/devices/${DEVICES.doc}?ordersOffset=5000`)).body.lanes[0].orders).toEqual([]);
  });
});

describe('GET /__admin/devices pages the device list', () => {
  it(`answers {total, offset, limit, devices}: ${DEVICES_PAGE_DEFAULT} devices unless asked, at most ${DEVICES_PAGE_MAX}`, async () => {
    app = await testApp({ syntheticDevices: 1500 });
    const first = (await admin(app, 'GET', '/devices')).body;
    expect(first.total).toBeGreaterThan(1500);
    expect(first).toMatchObject({ offset: 0, limit: DEVICES_PAGE_DEFAULT });
    expect(first.devices).toHaveLength(DEVICES_PAGE_DEFAULT);
    const last = (await admin(app, 'GET', `/devices?offset=${first.total - 7}&limit=50`)).body;
    expect(last).toMatchObject({ total: first.total, offset: first.total - 7, limit: 50 });
    expect(last.devices).toHaveLength(7);
    // Pages join up: the device after the first page is the second page's first.
    const second = (await admin(app, 'GET', `/devices?offset=${DEVICES_PAGE_DEFAULT}&limit=1`)).body.devices[0].iotId;
    const wide = (await admin(app, 'GET', `/devices?limit=${DEVICES_PAGE_DEFAULT + 1}`)).body.devices;
    expect(wide.at(-1).iotId).toBe(second);
    for (const bad of [`limit=${DEVICES_PAGE_MAX + 1}`, 'limit=0', 'offset=-1', 'limit=abc']) {
      const res = await admin(app, 'GET', `/devices?${bad}`);
      expect(res.status, bad).toBe(400);
      expect(res.body.error).toMatch(/^query: (limit|offset)/);
    }
  });
});
