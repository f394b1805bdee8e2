/**
 * The 直播分享 state of one world: the packages, each device's orders, and what keeps generated
 * ids unique. It lives in `world.families` under STREAMING_KEY, built when the world starts (its
 * fixture orders draw ids); its devices are the platform's directory. A session's
 * store is a fork of a shared base built once from the fixtures: it copies a device's orders the
 * first time it writes them.
 */
import type { IdSource } from '../../core/ids.js';
import { parseInstant, type ZoneTime } from '../../core/zone-time.js';
import type { Fixtures, OrderFixture, PackageFixture } from '../../fixtures/schema.js';
import { FixtureError } from '../../fixtures/validate.js';
import { multiplyPrice } from '../../core/money.js';
import type { Directory } from '../../platform/directory.js';
import type { InitialFamilyState, StateSeed } from '../../platform/family-state.js';
import type { FamilyStates } from '../../platform/family-world.js';
import { DeviceOrders, type OrderTerms, type RowFields } from './device-orders.js';
import { Order } from './order.js';
import { outOrderNoOf, sequenceOf } from './out-order-numbers.js';
import { orderIdCreatedAt } from '../../platform/order-ids.js';

/** The family's key in `world.families` and in a state file. */
export const STREAMING_KEY = 'streaming';

/** Which orderId suffixes are taken under the creation second `head` (ids are head + 7 digits). */
interface IdHead {
  head: string;
  suffixes: Set<number>;
}

/** The 直播分享 state of one world. */
export interface StreamingStore {
  readonly zone: ZoneTime;
  readonly packages: ReadonlyMap<string, PackageFixture>;
  /** Orders by device: this store's own (written) tables. */
  readonly orders: Map<string, DeviceOrders>;
  /** The store this one was forked from, read but never written; its tables are copied on first write. */
  readonly base: StreamingStore | null;
  /** The sequence number of the next generated outOrderNo (out-order-numbers.ts): above every one in use. */
  outOrderSeq: number;
  /** outOrderNos in use that the generator never draws (fixtures', the admin's): few. */
  readonly givenOutOrderNos: Set<string>;
  /** The ids of the latest creation second an id was made for, and the latest such second overall. */
  idHead: IdHead | null;
  maxHead: string;
  /** Ids of orders created after the clock (fixtures and admin may say so), by creation second. */
  readonly futureIds: Map<string, Set<number>>;
  /** Prices of `copies` of a package, by "code×copies": a cache of an exact decimal product. */
  readonly prices: Map<string, string>;
}

/** The world's 直播分享 store (built when the world starts). */
export function streamingStoreOf(world: { readonly families: FamilyStates }): StreamingStore {
  return world.families[STREAMING_KEY] as StreamingStore;
}

/** An empty store selling the fixtures' packages. */
function emptyStore(fixtures: Fixtures, zone: ZoneTime): StreamingStore {
  return {
    zone,
    // Shared by every fork of the store: frozen, so that a write in place throws instead of reaching other sessions.
    packages: new Map(fixtures.packages.map((p) => [p.commodityCode, Object.freeze({ ...p })])),
    orders: new Map(),
    base: null,
    outOrderSeq: 0,
    givenOutOrderNos: new Set(),
    idHead: null,
    maxHead: '',
    futureIds: new Map(),
    prices: new Map(),
  };
}

/** A device's orders for reading (possibly the base's, shared): undefined when it has none. */
export function readOrdersOf(store: StreamingStore, iotId: string): DeviceOrders | undefined {
  return store.orders.get(iotId) ?? store.base?.orders.get(iotId);
}

/** A device's orders for writing: this store's own table, copied from the base or created on first use. */
export function ordersOf(store: StreamingStore, iotId: string): DeviceOrders {
  let own = store.orders.get(iotId);
  if (own === undefined) {
    const shared = store.base?.orders.get(iotId);
    own = shared ? shared.clone() : new DeviceOrders(iotId);
    store.orders.set(iotId, own);
  }
  return own;
}

/** Every device that has orders, with its orders for reading. */
export function* allDeviceOrders(store: StreamingStore): Generator<DeviceOrders> {
  for (const d of store.orders.values()) yield d;
  if (store.base) for (const [iotId, d] of store.base.orders) if (!store.orders.has(iotId)) yield d;
}

/** Every order of the store, device by device, each device's in table order. */
export function* allOrders(store: StreamingStore): Generator<Order> {
  for (const d of allDeviceOrders(store)) for (let row = 0; row < d.count; row++) yield new Order(d, row, store.zone);
}

/** How many orders the store holds. */
export function orderCount(store: StreamingStore): number {
  let total = 0;
  for (const d of allDeviceOrders(store)) total += d.count;
  return total;
}

/** The order `orderId` of any device (admin: the id alone), or undefined. */
export function findOrderAnywhere(store: StreamingStore, orderId: string): Order | undefined {
  for (const d of allDeviceOrders(store)) {
    const row = d.find(orderId, store.zone.compact);
    if (row >= 0) return new Order(d, row, store.zone);
  }
  return undefined;
}

/** The order `orderId` of device `iotId` for reading, or undefined. */
export function findOrder(store: StreamingStore, iotId: string, orderId: string): Order | undefined {
  const d = readOrdersOf(store, iotId);
  const row = d?.find(orderId, store.zone.compact) ?? -1;
  return row >= 0 ? new Order(d!, row, store.zone) : undefined;
}

/** The same order, on this store's own (writable) copy of its device's table. */
export function writable(store: StreamingStore, order: Order): Order {
  const own = ordersOf(store, order.iotId);
  return own === order.device ? order : new Order(own, order.row, store.zone);
}

/** The orders of a device in table order, rows [from, to) (views; empty for a device without orders). */
export function ordersInCreationOrder(store: StreamingStore, iotId: string, from = 0, to = Number.POSITIVE_INFINITY): Order[] {
  const d = readOrdersOf(store, iotId);
  const list: Order[] = [];
  if (d) for (let row = from; row < Math.min(to, d.count); row++) list.push(new Order(d, row, store.zone));
  return list;
}

// ---- ids ----

function suffixesAt(store: StreamingStore, head: string, now: number): Set<number> {
  if (store.idHead?.head === head) return store.idHead.suffixes;
  const suffixes = new Set<number>(store.futureIds.get(head));
  store.futureIds.delete(head);
  // A second before the latest one an id was made for (the clock moved back): look at every order once.
  if (head <= store.maxHead) {
    for (const d of allDeviceOrders(store)) {
      for (let row = 0; row < d.count; row++) {
        const id = d.orderId(row, store.zone.compact);
        if (id.startsWith(head) && id.length === 21) suffixes.add(Number(id.slice(14)));
      }
    }
  }
  if (head > store.maxHead && head <= store.zone.compact(now)) store.maxHead = head;
  store.idHead = { head, suffixes };
  return suffixes;
}

/** Records an id given by fixtures, a state file or the admin API, so that no generated id repeats it. */
function registerOrderId(store: StreamingStore, orderId: string, now: number): void {
  if (!/^\d{21}$/.test(orderId)) return;
  const head = orderId.slice(0, 14);
  const suffix = Number(orderId.slice(14));
  if (store.idHead?.head === head) store.idHead.suffixes.add(suffix);
  else if (head > store.zone.compact(now)) {
    let later = store.futureIds.get(head);
    if (!later) store.futureIds.set(head, (later = new Set()));
    later.add(suffix);
  } else if (head > store.maxHead) store.maxHead = head;
}

/** True when an orderId is in use anywhere in the store. */
function orderIdTaken(store: StreamingStore, orderId: string): boolean {
  return findOrderAnywhere(store, orderId) !== undefined;
}

/** A fresh orderId: the creation time (yyyyMMddHHmmss in the zone) and 7 digits, unused so far. */
export function newOrderId(store: StreamingStore, ids: IdSource, at: number): string {
  const head = store.zone.compact(at);
  const taken = suffixesAt(store, head, at);
  for (;;) {
    const digits = ids.digits(7, false);
    const suffix = Number(digits);
    if (!taken.has(suffix)) {
      taken.add(suffix);
      return head + digits;
    }
  }
}

function outOrderNoTaken(store: StreamingStore, no: string): boolean {
  const seq = sequenceOf(no);
  if (seq >= 0) return seq < store.outOrderSeq;
  return store.givenOutOrderNos.has(no) || store.base?.givenOutOrderNos.has(no) === true;
}

/** A fresh 15-digit outOrderNo, unused so far. */
export function newOutOrderNo(store: StreamingStore): string {
  return outOrderNoOf(store.outOrderSeq++);
}

// ---- rows ----

/** The price of `copies` of `pkg`, exact (money.ts), remembered by the store. */
function priceOf(store: StreamingStore, pkg: PackageFixture, copies: number): string {
  const key = `${pkg.commodityCode}×${copies}`;
  let price = store.prices.get(key);
  if (price === undefined) store.prices.set(key, (price = multiplyPrice(pkg.price, copies)));
  return price;
}

/** The terms of an order of `copies` of `pkg` on `device` for the given user. */
export function termsFor(
  store: StreamingStore,
  device: { identityId: string },
  pkg: PackageFixture,
  copies: number,
  userName: string | null,
  userId: string | null,
): OrderTerms {
  return {
    identityId: device.identityId,
    commodityCode: pkg.commodityCode,
    commodityName: pkg.commodityName,
    copies,
    months: pkg.months * copies,
    price: priceOf(store, pkg, copies),
    userName,
    userId,
  };
}

/** Adds an order row to a device's table (not queued) and records its ids. */
export function insertRow(store: StreamingStore, iotId: string, fields: RowFields, now: number): Order {
  const device = ordersOf(store, iotId);
  const row = device.add(fields, store.zone.compact);
  registerOrderId(store, fields.orderId, now);
  // A number the generator would draw later (a state file's, replayed) moves the generator past it.
  const seq = sequenceOf(fields.outOrderNo);
  if (seq < 0) store.givenOutOrderNos.add(fields.outOrderNo);
  else if (seq >= store.outOrderSeq) store.outOrderSeq = seq + 1;
  return new Order(device, row, store.zone);
}

// ---- fixtures ----

/** Where a fixture order comes from: a label, or an entry of a file. */
export type FixturePlace = string | { file: string; index: number };

function label(where: FixturePlace): string {
  return typeof where === 'string' ? where : `${where.file}: entry ${where.index}`;
}

/** A fixture time resolved against `now` and checked against the zone's range; throws a FixtureError naming the field. */
function fixtureTime(value: string | number | undefined, field: string, now: number, zone: ZoneTime, where: FixturePlace): number | undefined {
  if (value === undefined) return undefined;
  const ms = parseInstant(value, now, zone);
  if (ms === null) throw new FixtureError(`${label(where)}: field ${field}: "${value}" is neither an ISO instant nor now±N<unit>`);
  if (!Number.isFinite(ms) || ms < zone.minInstant || ms > zone.maxInstant) {
    throw new FixtureError(`${label(where)}: field ${field}: "${value}" lies outside 1970-01-01 00:00:00 .. 9999-12-31 23:59:59 in ${zone.zone}`);
  }
  return ms;
}

/**
 * Places an order given in the fixture shape (relative times resolved against `now`) on its
 * device's timeline; throws a FixtureError naming `where` and the field when it cannot.
 */
export function placeFixtureOrder(
  store: StreamingStore,
  directory: Directory,
  f: OrderFixture,
  { now, ids }: { now: number; ids: IdSource },
  where: FixturePlace,
): Order {
  const { zone } = store;
  const pkg = store.packages.get(f.commodityCode);
  if (!pkg) throw new FixtureError(`${label(where)}: field commodityCode: unknown package "${f.commodityCode}"; known: ${[...store.packages.keys()].join(', ')}`);
  const device = directory.devices.get(f.iotId);
  if (!device) throw new FixtureError(`${label(where)}: field iotId: unknown device "${f.iotId}"`);
  const orders = ordersOf(store, f.iotId);
  orders.settle(now);
  const start = fixtureTime(f.startTime, 'startTime', now, zone, where) ?? Math.max(orders.tailEnd(), now);
  const end = fixtureTime(f.endTime, 'endTime', now, zone, where) ?? zone.addMonths(start, pkg.months * f.copies);
  if (end > zone.maxInstant) throw new FixtureError(`${label(where)}: field endTime: the order would end after 9999-12-31 23:59:59 in ${zone.zone} or after 9999-12-31T23:59:59Z in UTC`);
  if (end <= start) throw new FixtureError(`${label(where)}: field endTime: must be after startTime`);
  const createdAt = fixtureTime(f.createdAt, 'createdAt', now, zone, where) ?? Math.min(start, now);
  const givenId = f.orderId === undefined || f.createdAt === undefined ? f.orderId : orderIdCreatedAt(f.orderId, createdAt, zone);
  if (givenId !== undefined && orderIdTaken(store, givenId)) throw new FixtureError(`${label(where)}: field orderId: duplicate "${givenId}"`);
  if (f.outOrderNo !== undefined && outOrderNoTaken(store, f.outOrderNo)) throw new FixtureError(`${label(where)}: field outOrderNo: duplicate "${f.outOrderNo}"`);
  const orderId = givenId ?? newOrderId(store, ids, createdAt);
  const outOrderNo = f.outOrderNo ?? newOutOrderNo(store);
  const order = insertRow(
    store,
    f.iotId,
    {
      orderId,
      outOrderNo,
      terms: termsFor(store, device, pkg, f.copies, f.userName, f.userId),
      periods: [{ start, end }],
      frozen: f.frozen,
      paymentStatus: f.paymentStatus,
      settlesAt: null,
      createdAt,
    },
    now,
  );
  if (!f.frozen && end > now) orders.enqueue(order.row);
  return order;
}

/** Builds a store from fixtures, resolving relative times against `now`; its orders are on the directory's devices. */
export function createStore({ fixtures, now, zone, ids, directory }: StateSeed): StreamingStore {
  const store = emptyStore(fixtures, zone);
  const place = { file: 'orders.json', index: 0 };
  for (const f of fixtures.orders) {
    placeFixtureOrder(store, directory, f, { now, ids }, place);
    place.index++;
  }
  return store;
}

/** An empty store selling the fixtures' packages (a state file then brings the orders). */
export function createEmptyStore(fixtures: Fixtures, zone: ZoneTime): StreamingStore {
  return emptyStore(fixtures, zone);
}

/**
 * A store that reads as `base` and writes only to itself: the packages are shared, a device's
 * orders are copied on first write. `base` must never be written afterwards.
 */
export function forkStore(base: StreamingStore): StreamingStore {
  return {
    zone: base.zone,
    packages: base.packages,
    orders: new Map(),
    base,
    outOrderSeq: base.outOrderSeq,
    givenOutOrderNos: new Set(),
    idHead: base.idHead && { head: base.idHead.head, suffixes: new Set(base.idHead.suffixes) },
    maxHead: base.maxHead,
    futureIds: new Map([...base.futureIds].map(([head, s]) => [head, new Set(s)])),
    prices: new Map(),
  };
}

/** The store a world starts with: built from the fixtures once per template, forked for each world. */
export const streamingInitialState: InitialFamilyState<StreamingStore> = { key: STREAMING_KEY, build: createStore, fork: forkStore };
