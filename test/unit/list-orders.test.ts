import { describe, expect, it } from 'vitest';
import { createIdSource } from '../../src/core/ids.js';
import { createZoneTime } from '../../src/core/zone-time.js';
import { loadFixtures } from '../../src/fixtures/load.js';
import { listOrders } from '../../src/families/streaming/rules.js';
import { createStore, forkStore, ordersInCreationOrder, placeFixtureOrder, readOrdersOf } from '../../src/families/streaming/store.js';
import { createDirectory } from '../../src/platform/directory.js';
import { DEVICES, T0 } from '../support/api.js';

const fixtures = loadFixtures();
const zone = createZoneTime('Asia/Shanghai');
const NOW = Date.parse(T0);
const DAY = 86_400_000;
const directory = createDirectory(fixtures);

/** A store whose empty device gets orders created at the given day offsets, in this order. */
function storeWith(createdDays: number[]) {
  const ids = createIdSource(3);
  const store = createStore({ fixtures, now: NOW, zone, ids, directory });
  for (const d of createdDays) {
    placeFixtureOrder(store, directory, { iotId: DEVICES.empty, commodityCode: 'streamingResource_20_10', copies: 1, createdAt: NOW + d * DAY, frozen: false, paymentStatus: 0, userName: null, userId: null }, { now: NOW, ids }, 'test');
  }
  return store;
}

/** The documented order: creation time descending, the later-created first on ties. */
function reference(store: ReturnType<typeof storeWith>): string[] {
  const all = ordersInCreationOrder(store, DEVICES.empty);
  return all.map((o, i) => ({ o, i })).sort((a, b) => b.o.createdAt - a.o.createdAt || b.i - a.i).map(({ o }) => o.orderId);
}

function pages(store: ReturnType<typeof storeWith>, pageSize: number): string[] {
  const ctx = { directory, store, now: NOW, zone, ids: createIdSource(1) };
  const out: string[] = [];
  for (let pageNo = 1; ; pageNo++) {
    const page = listOrders(ctx, DEVICES.empty, pageNo, pageSize);
    if (!page.ok) throw new Error(page.detail);
    if (page.value.orders.length === 0) return out;
    out.push(...page.value.orders.map((o) => o.orderId));
  }
}

describe('listOrders', () => {
  it('pages orders created in order (the array read backwards) as the full sort would, ties included', () => {
    const store = storeWith([-5, -3, -3, -1, 0]);
    expect(readOrdersOf(store, DEVICES.empty)!.createdInOrder).toBe(true);
    expect(pages(store, 2)).toEqual(reference(store));
    expect(pages(forkStore(store), 3)).toEqual(reference(store));
  });

  it('sorts orders added out of creation order', () => {
    const store = storeWith([-1, -5, -3, -3, 0, -9]);
    expect(readOrdersOf(store, DEVICES.empty)!.createdInOrder).toBe(false);
    expect(pages(store, 2)).toEqual(reference(store));
    expect(pages(forkStore(store), 4)).toEqual(reference(store));
  });
});
