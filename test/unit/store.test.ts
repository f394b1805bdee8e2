import { describe, expect, it } from 'vitest';
import { loadFixtures } from '../../src/fixtures/load.js';
import { createZoneTime } from '../../src/core/zone-time.js';
import { createIdSource } from '../../src/core/ids.js';
import { allOrders, createStore, findOrderAnywhere, forkStore, orderCount, readOrdersOf, type StreamingStore } from '../../src/families/streaming/store.js';
import { createOrder } from '../../src/families/streaming/rules.js';
import { orderFields, orderStart } from '../../src/families/streaming/order.js';
import { createWorldTemplate } from '../../src/sessions/template.js';
import { outOrderNoOf } from '../../src/families/streaming/out-order-numbers.js';
import { placeFixtureOrder } from '../../src/families/streaming/store.js';
import { createWorld } from '../../src/world.js';
import { DEVICES, T0 } from '../support/api.js';

const fixtures = loadFixtures();
const zone = createZoneTime('Asia/Shanghai');
const NOW = Date.parse(T0);

/** Everything a store holds, as plain data, for deep comparison. */
function snapshot(store: StreamingStore) {
  const sorted = <T>(entries: Iterable<[string, T]>) => [...entries].sort(([a], [b]) => a.localeCompare(b));
  return {
    orders: sorted([...allOrders(store)].map((o) => [o.orderId, orderFields(o)] as [string, unknown])),
    devices: sorted(store.devices.entries()),
    identities: sorted(store.identities.entries()),
    sizes: [orderCount(store), store.devices.size, store.identities.size],
  };
}

const eager = () => createStore({ fixtures, now: NOW, zone, ids: createIdSource(42) });
const buy = (store: StreamingStore, iotId: string, immediateUse = false, ids = createIdSource(7)) =>
  createOrder({ store, now: NOW, zone, ids }, { iotId, commodityCode: 'streamingResource_20_10', copies: 1, userName: null, userId: null, immediateUse });

describe('outOrderNos', () => {
  it('100 000 fixture-style numbers in a row are neither refused as duplicates nor ever drawn', () => {
    const store = eager();
    const ids = createIdSource(3);
    const given = { iotId: DEVICES.empty, commodityCode: 'streamingResource_20_10', copies: 1, frozen: true, paymentStatus: 1 as const, userName: null, userId: null };
    const numbers = new Set<string>();
    for (let i = 0; i < 100_000; i++) {
      const outOrderNo = String(300_000_000_000_000 + i);
      placeFixtureOrder(store, { ...given, outOrderNo }, { now: NOW, ids }, 'order');
      numbers.add(outOrderNo);
    }
    for (let i = 0; i < 1000; i++) {
      const drawn = buy(store, DEVICES.queue);
      expect(drawn.ok && numbers.has(drawn.value.outOrderNo)).toBe(false);
    }
  });

  it('a number the generator would draw, given by a fixture or the admin, is skipped; a duplicate given one is refused', () => {
    const store = eager();
    const next = store.outOrderSeq;
    const ids = createIdSource(3);
    const given = { iotId: DEVICES.empty, commodityCode: 'streamingResource_20_10', copies: 1, frozen: false, paymentStatus: 1 as const, userName: null, userId: null };
    placeFixtureOrder(store, { ...given, outOrderNo: outOrderNoOf(next + 1) }, { now: NOW, ids }, 'order');
    const drawn = buy(store, DEVICES.empty);
    expect(drawn.ok && drawn.value.outOrderNo).toBe(outOrderNoOf(next + 2));
    expect(() => placeFixtureOrder(store, { ...given, outOrderNo: outOrderNoOf(next) }, { now: NOW, ids }, 'order')).toThrow(/duplicate/);
    placeFixtureOrder(store, { ...given, outOrderNo: '825491635380744' }, { now: NOW, ids }, 'order');
    expect(() => placeFixtureOrder(store, { ...given, outOrderNo: '825491635380744' }, { now: NOW, ids }, 'order')).toThrow(/duplicate/);
    // A fork refuses what its base holds too.
    expect(() => placeFixtureOrder(forkStore(store), { ...given, outOrderNo: '825491635380744' }, { now: NOW, ids }, 'order')).toThrow(/duplicate/);
  });
});

describe('store forks (copy on write)', () => {
  it('a fork reads exactly as the store it forks', () => {
    const base = eager();
    const before = snapshot(base);
    expect(snapshot(forkStore(base))).toEqual(before);
    expect(snapshot(base)).toEqual(before);
  });

  it('reads the base without copying, and copies a device only when a rule writes it', () => {
    const base = eager();
    const before = snapshot(base);
    const fork = forkStore(base);
    expect(orderCount(fork)).toBe(orderCount(base));
    expect(readOrdersOf(fork, DEVICES.queue)).toBe(readOrdersOf(base, DEVICES.queue));
    expect(fork.orders.size).toBe(0);
    buy(fork, DEVICES.queue, true);
    expect(readOrdersOf(fork, DEVICES.queue)).not.toBe(readOrdersOf(base, DEVICES.queue));
    expect([...fork.orders.keys()]).toEqual([DEVICES.queue]);
    expect(snapshot(base)).toEqual(before);
  });

  it('behaves as an eager store under the business rules, and never writes to its base', () => {
    const base = eager();
    const before = snapshot(base);
    const forked = forkStore(base);
    const fresh = eager();
    for (const store of [forked, fresh]) {
      buy(store, DEVICES.queue, true);
      buy(store, DEVICES.inEffect);
      buy(store, DEVICES.empty);
    }
    expect(snapshot(forked)).toEqual(snapshot(fresh));
    expect(snapshot(base)).toEqual(before);
  });

  it('forks of one base are independent of each other', () => {
    const base = eager();
    const a = forkStore(base);
    const b = forkStore(base);
    buy(a, DEVICES.queue, true);
    a.devices.set(DEVICES.doc, { ...a.devices.get(DEVICES.doc)!, forbidden: true });
    expect(snapshot(b)).toEqual(snapshot(eager()));
    expect(b.devices.get(DEVICES.doc)!.forbidden).toBe(false);
    expect(orderCount(a)).toBe(orderCount(base) + 1);
    // Records are shared, so they are frozen: writing one in place throws instead of reaching other sessions.
    expect(() => {
      (a.devices.get(DEVICES.empty) as { forbidden: boolean }).forbidden = true;
    }).toThrow(TypeError);
  });
});

describe('world template', () => {
  it('worlds over a shared template equal worlds built alone, ids included', () => {
    const settings = { timezone: 'Asia/Shanghai', startMs: NOW, frozen: true, seed: 42 };
    const template = createWorldTemplate(fixtures, settings.timezone, settings.seed);
    const shared = [createWorld(fixtures, settings, Date.now, template), createWorld(fixtures, settings, Date.now, template)];
    const alone = createWorld(fixtures, settings);
    for (const w of [...shared, alone]) buy(w.store, DEVICES.empty, false, w.ids);
    const next = alone.ids.uuid();
    for (const w of shared) {
      expect(snapshot(w.store)).toEqual(snapshot(alone.store));
      expect(w.ids.uuid()).toBe(next);
    }
  });

  it('resolves the fixtures once for any number of worlds with a fixed start (creation copies nothing)', () => {
    let reads = 0;
    const counted = new Proxy(fixtures, { get: (target, key, receiver) => (key === 'orders' && reads++, Reflect.get(target, key, receiver)) });
    const settings = { timezone: 'Asia/Shanghai', startMs: NOW, frozen: true, seed: 42 };
    const template = createWorldTemplate(counted, settings.timezone, settings.seed);
    const worlds = Array.from({ length: 100 }, () => createWorld(counted, settings, Date.now, template));
    worlds[0]!.reset();
    expect(reads).toBe(1);
    // Untouched, a world holds no copy of any device: it reads the shared base.
    expect(worlds[1]!.store.orders.size).toBe(0);
    expect(readOrdersOf(worlds[1]!.store, DEVICES.queue)).toBe(readOrdersOf(worlds[2]!.store, DEVICES.queue));
  });

  it('replays the id draws of fixture orders without ids, so a seed reproduces the same ids', () => {
    const noIds = { ...fixtures, orders: fixtures.orders.map(({ orderId: _o, outOrderNo: _n, ...rest }) => rest) } as typeof fixtures;
    const settings = { timezone: 'Asia/Shanghai', startMs: NOW, frozen: true, seed: 9 };
    const template = createWorldTemplate(noIds, settings.timezone, settings.seed);
    const forked = createWorld(noIds, settings, Date.now, template);
    createWorld(noIds, settings, Date.now, template);
    const alone = createWorld(noIds, settings, Date.now, createWorldTemplate(noIds, settings.timezone, settings.seed));
    expect([...allOrders(forked.store)].map((o) => o.orderId).sort()).toEqual([...allOrders(alone.store)].map((o) => o.orderId).sort());
    expect(forked.ids.uuid()).toBe(alone.ids.uuid());
  });

  it('resolves relative fixture times against each world\'s own start with a running clock', () => {
    let wall = NOW;
    const settings = { timezone: 'Asia/Shanghai', seed: 1 };
    const template = createWorldTemplate(fixtures, settings.timezone, settings.seed);
    const first = createWorld(fixtures, settings, () => wall, template);
    wall += 86_400_000;
    const later = createWorld(fixtures, settings, () => wall, template);
    // A fixture orderId starts with its creation time, which follows the world's start.
    const start = (w: typeof first, orderId: string) => orderStart(findOrderAnywhere(w.store, orderId)!);
    expect(start(later, '202411061000001000001') - start(first, '202411051000001000001')).toBe(86_400_000);
    // Worlds created within the same second share the base resolved for the first of them.
    wall += 500;
    const burst = createWorld(fixtures, settings, () => wall, template);
    expect(start(burst, '202411061000001000001')).toBe(start(later, '202411061000001000001'));
  });
});
