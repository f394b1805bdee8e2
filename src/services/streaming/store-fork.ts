/**
 * Copy-on-access forks of a store: a session shares the fixtures' resolved store (the base,
 * never written once built) and copies a device's timeline and orders on its first touch,
 * so a fork costs a few empty collections however large the fixtures are.
 */
import { LazyMap, LazySet, type FaultIn } from '../../sessions/lazy-collections.js';
import type { Order } from './order.js';
import type { StreamingStore } from './store.js';
import type { DeviceTimeline } from './timeline.js';

/** outOrderNo -> iotId of a base, built once per base and shared by its forks. */
const outOrderOwners = new WeakMap<StreamingStore, Map<string, string>>();

function ownersOf(base: StreamingStore): Map<string, string> {
  let owners = outOrderOwners.get(base);
  if (!owners) {
    owners = new Map();
    for (const order of base.orders.values()) owners.set(order.outOrderNo, order.iotId);
    outOrderOwners.set(base, owners);
  }
  return owners;
}

/** Per-key copies of plain fixture records (devices, identities): a fork may replace or edit them. */
function lazyRecords<K, V>(base: ReadonlyMap<K, V>): LazyMap<K, V> {
  const seen = new Set<K>();
  let pending = base.size;
  const load = (key: K) => {
    if (pending === 0 || seen.has(key)) return;
    seen.add(key);
    const value = base.get(key);
    if (value !== undefined || base.has(key)) {
      pending--;
      map.adopt(key, structuredClone(value as V));
    }
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

/** The keys a fork knows how to share or copy lazily; any other field is deep-copied at fork time. */
const SHARED = new Set(['packages', 'projects', 'apps']);
const LAZY = new Set(['orders', 'timelines', 'outOrderNos', 'devices', 'identities']);

/**
 * A store that reads as `base` and writes only to itself. `base` must never be written
 * afterwards (the caller keeps it private); reference data (packages, projects, apps) is shared.
 */
export function forkStore(base: StreamingStore): StreamingStore {
  const owners = ownersOf(base);
  const copiedDevices = new Set<string>();
  let pendingDevices = base.timelines.size;
  let pendingOrders = base.orders.size;

  const copyDevice = (iotId: string): void => {
    if (pendingDevices === 0 || copiedDevices.has(iotId)) return;
    copiedDevices.add(iotId);
    const source = base.timelines.get(iotId);
    if (!source) return;
    // One structuredClone keeps the timeline's orders and the map's orders the same objects.
    const timeline: DeviceTimeline = structuredClone(source);
    pendingDevices--;
    pendingOrders -= timeline.orders.length;
    timelines.adopt(iotId, timeline);
    for (const order of timeline.orders) {
      orders.adopt(order.orderId, order);
      outOrderNos.adopt(order.outOrderNo);
    }
  };
  const copyAll = (): void => {
    if (pendingDevices > 0) for (const iotId of base.timelines.keys()) copyDevice(iotId);
  };

  const orders = new LazyMap<string, Order>({
    load: (orderId) => {
      if (pendingDevices === 0) return;
      const order = base.orders.get(orderId);
      if (order) copyDevice(order.iotId);
    },
    loadAll: copyAll,
    pending: () => pendingOrders,
  });
  const timelines = new LazyMap<string, DeviceTimeline>({ load: copyDevice, loadAll: copyAll, pending: () => pendingDevices });
  const outOrderNos = new LazySet<string>({
    load: (no) => {
      if (pendingDevices === 0) return;
      const iotId = owners.get(no);
      if (iotId !== undefined) copyDevice(iotId);
    },
    loadAll: copyAll,
    pending: () => pendingOrders,
  } satisfies FaultIn<string>);

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
    outOrderNos,
  } as StreamingStore;
}
