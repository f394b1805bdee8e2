import type { IdSource } from '../../core/ids.js';
import { parseInstant, type ZoneTime } from '../../core/zone-time.js';
import type {
  AppFixture,
  DeviceFixture,
  Fixtures,
  IdentityFixture,
  OrderFixture,
  PackageFixture,
  ProjectFixture,
} from '../../fixtures/schema.js';
import { FixtureError } from '../../fixtures/validate.js';
import { Order } from './order.js';
import { termsFor } from './order-terms.js';
import { addOrder, emptyTimeline, queueEnd, type DeviceTimeline } from './timeline.js';

/** The 直播分享 state of one world: reference data from the fixtures plus the orders. */
export interface StreamingStore {
  readonly packages: ReadonlyMap<string, PackageFixture>;
  readonly identities: Map<string, IdentityFixture>;
  readonly projects: ReadonlyMap<string, ProjectFixture>;
  readonly apps: ReadonlyMap<string, AppFixture>;
  readonly devices: Map<string, DeviceFixture>;
  readonly orders: Map<string, Order>;
  readonly timelines: Map<string, DeviceTimeline>;
  readonly outOrderNos: Set<string>;
}

/** What the store needs to turn fixtures into state. */
export interface StoreSeed {
  fixtures: Fixtures;
  now: number;
  zone: ZoneTime;
  ids: IdSource;
}

const byKey = <T, K extends keyof T>(items: readonly T[], key: K): Map<T[K], T> => new Map(items.map((i) => [i[key], i]));

/** The timeline of a device, created empty on first use. */
export function timelineOf(store: StreamingStore, iotId: string): DeviceTimeline {
  let timeline = store.timelines.get(iotId);
  if (!timeline) {
    timeline = emptyTimeline();
    store.timelines.set(iotId, timeline);
  }
  return timeline;
}

/** A fresh orderId: the creation time (yyyyMMddHHmmss in the zone) and 7 digits, unused so far. */
export function newOrderId(store: StreamingStore, ids: IdSource, zone: ZoneTime, at: number): string {
  const head = zone.compact(at);
  for (;;) {
    // join() writes one flat string; `+` would keep a 32-byte cons cell and both parts per order.
    const id = [head, ids.digits(7, false)].join('');
    if (!store.orders.has(id)) return id;
  }
}

/** A fresh 15-digit outOrderNo, unused so far. */
export function newOutOrderNo(store: StreamingStore, ids: IdSource): string {
  for (;;) {
    const no = ids.digits(15);
    if (!store.outOrderNos.has(no)) return no;
  }
}

/** Records a placed order in the store and on its device's timeline. */
export function insertOrder(store: StreamingStore, order: Order): void {
  store.orders.set(order.orderId, order);
  store.outOrderNos.add(order.outOrderNo);
  addOrder(timelineOf(store, order.iotId), order);
}

/** Where a fixture order comes from: a label, or an entry of a file (built into text only for an error). */
export type FixturePlace = string | { file: string; index: number };

function label(where: FixturePlace): string {
  return typeof where === 'string' ? where : `${where.file}: entry ${where.index}`;
}

/** A fixture time resolved against `now`; throws a FixtureError naming `where` and the field when it cannot. */
function fixtureTime(value: string | number | undefined, field: string, now: number, zone: ZoneTime, where: FixturePlace): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  const ms = parseInstant(value, now, zone);
  if (ms === null) throw new FixtureError(`${label(where)}: field ${field}: "${value}" is neither an ISO instant nor now±N<unit>`);
  return ms;
}

/**
 * Places an order given in the fixture shape (relative times resolved against `now`) on its
 * device's timeline; throws a FixtureError naming `where` and the field when it cannot.
 */
export function placeFixtureOrder(store: StreamingStore, f: OrderFixture, { now, zone, ids }: Omit<StoreSeed, 'fixtures'>, where: FixturePlace): Order {
  const pkg = store.packages.get(f.commodityCode);
  if (!pkg) throw new FixtureError(`${label(where)}: field commodityCode: unknown package "${f.commodityCode}"; known: ${[...store.packages.keys()].join(', ')}`);
  const device = store.devices.get(f.iotId);
  if (!device) throw new FixtureError(`${label(where)}: field iotId: unknown device "${f.iotId}"`);
  const months = pkg.months * f.copies;
  const start = fixtureTime(f.startTime, 'startTime', now, zone, where) ?? queueEnd(timelineOf(store, f.iotId), now);
  const end = fixtureTime(f.endTime, 'endTime', now, zone, where) ?? zone.addMonths(start, months);
  if (end <= start) throw new FixtureError(`${label(where)}: field endTime: must be after startTime`);
  const createdAt = fixtureTime(f.createdAt, 'createdAt', now, zone, where) ?? Math.min(start, now);
  const orderId = f.orderId ?? newOrderId(store, ids, zone, createdAt);
  if (store.orders.has(orderId)) throw new FixtureError(`${label(where)}: field orderId: duplicate "${orderId}"`);
  if (f.outOrderNo !== undefined && store.outOrderNos.has(f.outOrderNo)) throw new FixtureError(`${label(where)}: field outOrderNo: duplicate "${f.outOrderNo}"`);
  const terms = termsFor(store, device, pkg, f.copies, f.userName, f.userId);
  const order = new Order(orderId, f.outOrderNo ?? newOutOrderNo(store, ids), terms, start, end, createdAt);
  order.frozen = f.frozen;
  order.paymentStatus = f.paymentStatus;
  insertOrder(store, order);
  return order;
}

/** Builds a store from fixtures, resolving relative times against `now`. */
export function createStore({ fixtures, now, zone, ids }: StoreSeed): StreamingStore {
  const store: StreamingStore = {
    packages: byKey(fixtures.packages, 'commodityCode'),
    identities: byKey(fixtures.identities, 'identityId'),
    projects: byKey(fixtures.projects, 'projectId'),
    apps: byKey(fixtures.apps, 'appKey'),
    devices: byKey(fixtures.devices, 'iotId'),
    orders: new Map(),
    timelines: new Map(),
    outOrderNos: new Set(),
  };
  // One place and one seed for all entries: no string or object per fixture order.
  const seed = { now, zone, ids };
  const place = { file: 'orders.json', index: 0 };
  for (const f of fixtures.orders) {
    placeFixtureOrder(store, f, seed, place);
    place.index++;
  }
  return store;
}
