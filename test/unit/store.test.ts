import { describe, expect, it } from 'vitest';
import { loadFixtures } from '../../src/fixtures/load.js';
import { createZoneTime } from '../../src/core/zone-time.js';
import { createIdSource } from '../../src/core/ids.js';
import { allOrders, createStore, findOrderAnywhere, forkStore, orderCount, readOrdersOf, streamingStoreOf, type StreamingStore } from '../../src/families/streaming/store.js';
import { createOrder } from '../../src/families/streaming/rules.js';
import { orderFields, orderStart } from '../../src/families/streaming/order.js';
import { createWorldTemplate } from '../../src/sessions/template.js';
import { outOrderNoOf } from '../../src/families/streaming/out-order-numbers.js';
import { placeFixtureOrder } from '../../src/families/streaming/store.js';
import { createDirectory, forkDirectory, type Directory } from '../../src/platform/directory.js';
import { createWorld, type World } from '../../src/world.js';
import { DEVICES, T0 } from '../support/api.js';

const fixtures = loadFixtures();
const zone = createZoneTime('Asia/Shanghai');
const NOW = Date.parse(T0);

/** A store and the directory its devices are in. */
interface State {
  store: StreamingStore;
  directory: Directory;
}

/** Everything a store and its directory hold, as plain data, for deep comparison. */
function snapshot({ store, directory }: State) {
  const sorted = <T>(entries: Iterable<[string, T]>) => [...entries].sort(([a], [b]) => a.localeCompare(b));
  return {
    orders: sorted([...allOrders(store)].map((o) => [o.orderId, orderFields(o)] as [string, unknown])),
    devices: sorted(directory.devices.entries()),
    identities: sorted(directory.identities.entries()),
    sizes: [orderCount(store), directory.devices.size, directory.identities.size],
  };
}

const eager = (): State => {
  const directory = createDirectory(fixtures);
  return { store: createStore({ fixtures, now: NOW, zone, ids: createIdSource(42), directory }), directory };
};
const fork = (base: State): State => ({ store: forkStore(base.store), directory: forkDirectory(base.directory) });
const ofWorld = (world: World): State => ({ store: streamingStoreOf(world), directory: world.directory });
const buy = ({ store, directory }: State, iotId: string, immediateUse = false, ids = createIdSource(7)) =>
  createOrder({ directory, store, now: NOW, zone, ids }, { iotId, commodityCode: 'streamingResource_20_10', copies: 1, userName: null, userId: null, immediateUse });

describe('outOrderNos', () => {
  it('100 000 fixture-style numbers in a row are neither refused as duplicates nor ever drawn', () => {
    const state = eager();
    const { store, directory } = state;
    const ids = createIdSource(3);
    const given = { iotId: DEVICES.empty, commodityCode: 'streamingResource_20_10', copies: 1, frozen: true, paymentStatus: 1 as const, userName: null, userId: null };
    const numbers = new Set<string>();
    for (let i = 0; i < 100_000; i++) {
      const outOrderNo = String(300_000_000_000_000 + i);
      placeFixtureOrder(store, directory, { ...given, outOrderNo }, { now: NOW, ids }, 'order');
      numbers.add(outOrderNo);
    }
    for (let i = 0; i < 1000; i++) {
      const drawn = buy(state, DEVICES.queue);
      expect(drawn.ok && numbers.has(drawn.value.outOrderNo)).toBe(false);
    }
  });

  it('a number the generator would draw, given by a fixture or the admin, is skipped; a duplicate given one is refused', () => {
    const state = eager();
    const { store, directory } = state;
    const next = store.outOrderSeq;
    const ids = createIdSource(3);
    const given = { iotId: DEVICES.empty, commodityCode: 'streamingResource_20_10', copies: 1, frozen: false, paymentStatus: 1 as const, userName: null, userId: null };
    placeFixtureOrder(store, directory, { ...given, outOrderNo: outOrderNoOf(next + 1) }, { now: NOW, ids }, 'order');
    const drawn = buy(state, DEVICES.empty);
    expect(drawn.ok && drawn.value.outOrderNo).toBe(outOrderNoOf(next + 2));
    expect(() => placeFixtureOrder(store, directory, { ...given, outOrderNo: outOrderNoOf(next) }, { now: NOW, ids }, 'order')).toThrow(/duplicate/);
    placeFixtureOrder(store, directory, { ...given, outOrderNo: '825491635380744' }, { now: NOW, ids }, 'order');
    expect(() => placeFixtureOrder(store, directory, { ...given, outOrderNo: '825491635380744' }, { now: NOW, ids }, 'order')).toThrow(/duplicate/);
    // A fork refuses what its base holds too.
    expect(() => placeFixtureOrder(forkStore(store), directory, { ...given, outOrderNo: '825491635380744' }, { now: NOW, ids }, 'order')).toThrow(/duplicate/);
  });
});

describe('store forks (copy on write)', () => {
  it('a fork reads exactly as the store it forks', () => {
    const base = eager();
    const before = snapshot(base);
    expect(snapshot(fork(base))).toEqual(before);
    expect(snapshot(base)).toEqual(before);
  });

  it('reads the base without copying, and copies a device only when a rule writes it', () => {
    const base = eager();
    const before = snapshot(base);
    const forked = fork(base);
    expect(orderCount(forked.store)).toBe(orderCount(base.store));
    expect(readOrdersOf(forked.store, DEVICES.queue)).toBe(readOrdersOf(base.store, DEVICES.queue));
    expect(forked.store.orders.size).toBe(0);
    buy(forked, DEVICES.queue, true);
    expect(readOrdersOf(forked.store, DEVICES.queue)).not.toBe(readOrdersOf(base.store, DEVICES.queue));
    expect([...forked.store.orders.keys()]).toEqual([DEVICES.queue]);
    expect(snapshot(base)).toEqual(before);
  });

  it('behaves as an eager store under the business rules, and never writes to its base', () => {
    const base = eager();
    const before = snapshot(base);
    const forked = fork(base);
    const fresh = eager();
    for (const state of [forked, fresh]) {
      buy(state, DEVICES.queue, true);
      buy(state, DEVICES.inEffect);
      buy(state, DEVICES.empty);
    }
    expect(snapshot(forked)).toEqual(snapshot(fresh));
    expect(snapshot(base)).toEqual(before);
  });

  it('forks of one base are independent of each other', () => {
    const base = eager();
    const a = fork(base);
    const b = fork(base);
    buy(a, DEVICES.queue, true);
    a.directory.devices.set(DEVICES.doc, { ...a.directory.devices.get(DEVICES.doc)!, forbidden: true });
    expect(snapshot(b)).toEqual(snapshot(eager()));
    expect(b.directory.devices.get(DEVICES.doc)!.forbidden).toBe(false);
    expect(orderCount(a.store)).toBe(orderCount(base.store) + 1);
    // Records are shared, so they are frozen: writing one in place throws instead of reaching other sessions.
    expect(() => {
      (a.directory.devices.get(DEVICES.empty) as { forbidden: boolean }).forbidden = true;
    }).toThrow(TypeError);
  });
});

describe('world template', () => {
  it('worlds over a shared template equal worlds built alone, ids included', () => {
    const settings = { timezone: 'Asia/Shanghai', startMs: NOW, frozen: true, seed: 42 };
    const template = createWorldTemplate(fixtures, settings.timezone, settings.seed);
    const shared = [createWorld(fixtures, settings, Date.now, template), createWorld(fixtures, settings, Date.now, template)];
    const alone = createWorld(fixtures, settings);
    for (const w of [...shared, alone]) buy(ofWorld(w), DEVICES.empty, false, w.ids);
    const next = alone.ids.uuid();
    for (const w of shared) {
      expect(snapshot(ofWorld(w))).toEqual(snapshot(ofWorld(alone)));
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
    expect(streamingStoreOf(worlds[1]!).orders.size).toBe(0);
    expect(readOrdersOf(streamingStoreOf(worlds[1]!), DEVICES.queue)).toBe(readOrdersOf(streamingStoreOf(worlds[2]!), DEVICES.queue));
  });

  it('replays the id draws of fixture orders without ids, so a seed reproduces the same ids', () => {
    const noIds = { ...fixtures, orders: fixtures.orders.map(({ orderId: _o, outOrderNo: _n, ...rest }) => rest) } as typeof fixtures;
    const settings = { timezone: 'Asia/Shanghai', startMs: NOW, frozen: true, seed: 9 };
    const template = createWorldTemplate(noIds, settings.timezone, settings.seed);
    const forked = createWorld(noIds, settings, Date.now, template);
    createWorld(noIds, settings, Date.now, template);
    const alone = createWorld(noIds, settings, Date.now, createWorldTemplate(noIds, settings.timezone, settings.seed));
    expect([...allOrders(streamingStoreOf(forked))].map((o) => o.orderId).sort()).toEqual([...allOrders(streamingStoreOf(alone))].map((o) => o.orderId).sort());
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
    const start = (w: typeof first, orderId: string) => orderStart(findOrderAnywhere(streamingStoreOf(w), orderId)!);
    expect(start(later, '202411061000001000001') - start(first, '202411051000001000001')).toBe(86_400_000);
    // Worlds created within the same second share the base resolved for the first of them.
    wall += 500;
    const burst = createWorld(fixtures, settings, () => wall, template);
    expect(start(burst, '202411061000001000001')).toBe(start(later, '202411061000001000001'));
  });
});
