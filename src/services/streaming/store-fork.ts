/**
 * Copy-on-write forks of a store: a session shares the fixtures' resolved store (the base,
 * never written once built) and copies what it touches, one order at a time, so a fork costs a
 * few empty collections however large the fixtures are, and touching a device that holds
 * 100 000 orders copies an array of references, not the orders.
 */
import { LazyMap, LazySet } from '../../sessions/lazy-collections.js';
import type { Order } from './order.js';
import type { StreamingStore } from './store.js';
import type { DeviceTimeline } from './timeline.js';

/**
 * Each base order's index on its device's timeline, built once per base on first need and shared
 * by its forks (derived from a base that is never written, so caching it is safe).
 */
const basePositions = new WeakMap<StreamingStore, Map<Order, number>>();

function positionsOf(base: StreamingStore): Map<Order, number> {
  let positions = basePositions.get(base);
  if (!positions) {
    positions = new Map();
    for (const timeline of base.timelines.values()) timeline.orders.forEach((order, index) => positions!.set(order, index));
    basePositions.set(base, positions);
  }
  return positions;
}

/** A private copy of an order: its own object and periods, the strings and the frozen terms record shared. */
function copyOrder(order: Order): Order {
  return order.clone();
}

/**
 * A fork's timeline of one device: an array of references to the base's orders, each replaced
 * by a private copy the first time something writes it (through `own`) or fetches it by id.
 */
class ForkedTimeline implements DeviceTimeline {
  orders: Order[];
  latestEnd: number;
  createdInOrder: boolean;
  readonly #isBase: (order: Order) => boolean;
  readonly #adopt: (order: Order) => void;

  constructor(base: DeviceTimeline, isBase: (order: Order) => boolean, adopt: (order: Order) => void) {
    this.orders = base.orders.slice();
    this.latestEnd = base.latestEnd;
    this.createdInOrder = base.createdInOrder;
    this.#isBase = isBase;
    this.#adopt = adopt;
  }

  own(index: number): Order {
    const order = this.orders[index]!;
    if (!this.#isBase(order)) return order;
    const copy = copyOrder(order);
    this.orders[index] = copy;
    this.#adopt(copy);
    return copy;
  }
}

/** Per-key copies of plain fixture records (devices, identities): a fork may replace or edit them. */
function lazyRecords<K, V>(base: ReadonlyMap<K, V>): LazyMap<K, V> {
  const seen = new Set<K>();
  let pending = base.size;
  const load = (key: K) => {
    if (pending === 0 || seen.has(key) || !base.has(key)) return;
    seen.add(key);
    pending--;
    map.adopt(key, structuredClone(base.get(key) as V));
  };
  const map: LazyMap<K, V> = new LazyMap<K, V>({
    load,
    loadAll: () => {
      if (pending > 0) for (const key of base.keys()) load(key);
    },
    pending: () => pending,
  });
  return map;
}

/** Per-member copies of a set of strings (outOrderNos): a fork may add or delete members. */
function lazyMembers<T>(base: ReadonlySet<T>): LazySet<T> {
  const seen = new Set<T>();
  let pending = base.size;
  const load = (value: T) => {
    if (pending === 0 || !base.has(value) || seen.has(value)) return;
    seen.add(value);
    pending--;
    set.adopt(value);
  };
  const set: LazySet<T> = new LazySet<T>({
    load,
    loadAll: () => {
      if (pending > 0) for (const value of base) load(value);
    },
    pending: () => pending,
  });
  return set;
}

/** The keys a fork knows how to share or copy lazily; any other field is deep-copied at fork time. */
const SHARED = new Set(['packages', 'projects', 'apps']);
const LAZY = new Set(['orders', 'timelines', 'outOrderNos', 'devices', 'identities']);

/**
 * A store that reads as `base` and writes only to itself. `base` must never be written
 * afterwards (the caller keeps it private); reference data (packages, projects, apps) is shared.
 * The fork's timelines hold the base's order objects until an order is written or fetched by id:
 * the timeline rules write through `own`, and every other writer fetches through `orders`.
 */
export function forkStore(base: StreamingStore): StreamingStore {
  const forkedDevices = new Set<string>();
  let pendingDevices = base.timelines.size;
  let pendingOrders = base.orders.size;

  const isBase = (order: Order): boolean => base.orders.get(order.orderId) === order;
  const adoptOrder = (copy: Order): void => {
    pendingOrders--;
    orders.adopt(copy.orderId, copy);
  };

  const forkDevice = (iotId: string): void => {
    if (pendingDevices === 0 || forkedDevices.has(iotId)) return;
    forkedDevices.add(iotId);
    const source = base.timelines.get(iotId);
    if (!source) return;
    pendingDevices--;
    timelines.adopt(iotId, new ForkedTimeline(source, isBase, adoptOrder));
  };
  const forkAll = (): void => {
    if (pendingDevices > 0) for (const iotId of base.timelines.keys()) forkDevice(iotId);
  };

  /** Base orders copied outside any forked timeline (the fork replaced or dropped the device's timeline). */
  const loose = new Set<string>();
  /** Copies a base order into the fork, once: into its timeline's slot and the orders map. */
  const copyIn = (order: Order): void => {
    forkDevice(order.iotId);
    const timeline = timelines.get(order.iotId);
    const index = positionsOf(base).get(order);
    if (timeline instanceof ForkedTimeline && index !== undefined) {
      // A slot no longer holding the base order holds its copy already.
      if (timeline.orders[index] === order) timeline.own(index);
    } else if (!loose.has(order.orderId)) {
      loose.add(order.orderId);
      adoptOrder(copyOrder(order));
    }
  };

  const orders = new LazyMap<string, Order>({
    load: (orderId) => {
      if (pendingOrders === 0) return;
      const order = base.orders.get(orderId);
      if (order) copyIn(order);
    },
    loadAll: () => {
      if (pendingOrders === 0) return;
      for (const order of base.orders.values()) copyIn(order);
    },
    pending: () => pendingOrders,
  });
  const timelines = new LazyMap<string, DeviceTimeline>({ load: forkDevice, loadAll: forkAll, pending: () => pendingDevices });

  const fork: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(base)) {
    if (SHARED.has(key) || LAZY.has(key)) continue;
    // A field this module does not know (added to the store later): a private deep copy is always safe.
    fork[key] = typeof value === 'object' && value !== null ? structuredClone(value) : value;
  }
  return {
    ...(fork as object),
    packages: base.packages,
    projects: base.projects,
    apps: base.apps,
    devices: lazyRecords(base.devices),
    identities: lazyRecords(base.identities),
    orders,
    timelines,
    outOrderNos: lazyMembers(base.outOrderNos),
  } as StreamingStore;
}
