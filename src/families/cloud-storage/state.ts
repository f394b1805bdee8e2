/**
 * The cloud-storage state of one world: packages, orders, per-device queues and free-plan claims.
 * It is built from this family's fixtures when the world is built (initial-state.ts) and held in
 * `world.families`, which every world (and session) has its own of and which reset() builds afresh:
 * so sessions and reset cover this family without the platform knowing it exists. A state file
 * keeps it through saved-state.ts.
 */
import { wholeSecond } from '../../core/clock.js';
import { multiplyPrice } from '../../core/money.js';
import { parseInstant, type ZoneTime } from '../../core/zone-time.js';
import type { Directory } from '../../platform/directory.js';
import type { FamilyWorld } from '../../platform/family-world.js';
import { orderIdCreatedAt } from '../../platform/order-ids.js';
import type { Fixtures } from '../../fixtures/schema.js';
import { cloudStorageData, FAMILY_KEY, type CloudStorageData } from './fixture-file.js';
import { FREE_CODE, specificationOf, type CloudPackage, type FreePlan } from './fixtures.js';
import type { CloudOrder } from './order.js';
import { createQueue, type OrderQueue } from './queue.js';

/** A free plan claimed on a device by one user. */
export interface FreeClaim {
  identityId: string;
  orderId: string;
  /** Months of the allowance used. */
  quota: number;
}

/** A device's free plan and who claimed it. */
export interface FreeTrial {
  plan: FreePlan;
  claims: FreeClaim[];
}

/** Everything the cloud-storage family keeps for one world. */
export interface CloudStorageState {
  /** By `${commodityCode}/${specification}`. */
  readonly packages: ReadonlyMap<string, CloudPackage>;
  readonly orders: Map<string, CloudOrder>;
  /** Each device's orders in the order they came to it: a query or a purchase reads its device's, not every order. */
  readonly byDevice: Map<string, CloudOrder[]>;
  readonly queues: Map<string, OrderQueue>;
  readonly outOrderNos: Set<string>;
  readonly freeTrials: Map<string, FreeTrial>;
  /** The plan every device's free trial offers. */
  readonly freePlan: FreePlan;
}

/** The key of a package. */
export const packageKey = (commodityCode: string, specification: string): string => `${commodityCode}/${specification}`;

/** The package a device's free plan makes orders of. */
export function freePackage(plan: FreePlan): CloudPackage {
  return {
    commodityName: '免费云存储套餐',
    commodityCode: FREE_CODE,
    specification: specificationOf(plan.type, plan.lifecycle),
    recordType: plan.type,
    price: '0',
    lifecycle: plan.lifecycle,
    months: 1,
  };
}

/** The queue of a device, created empty on first use. */
export function queueOf(state: CloudStorageState, iotId: string): OrderQueue {
  let queue = state.queues.get(iotId);
  if (!queue) {
    queue = createQueue();
    state.queues.set(iotId, queue);
  }
  return queue;
}

/** Records a new order: by id, by device, and its outOrderNo as taken. */
export function addOrder(state: CloudStorageState, order: CloudOrder): void {
  state.orders.set(order.orderId, order);
  state.outOrderNos.add(order.outOrderNo);
  ordersListOf(state, order.iotId).push(order);
}

/** A device's orders, in the order they came to it. */
export function ordersOfDevice(state: CloudStorageState, iotId: string): readonly CloudOrder[] {
  return state.byDevice.get(iotId) ?? [];
}

/** Moves an order to another device's list (transfer). */
export function moveOrder(state: CloudStorageState, order: CloudOrder, dstIotId: string): void {
  const from = ordersListOf(state, order.iotId);
  from.splice(from.indexOf(order), 1);
  order.iotId = dstIotId;
  ordersListOf(state, dstIotId).push(order);
}

function ordersListOf(state: CloudStorageState, iotId: string): CloudOrder[] {
  let list = state.byDevice.get(iotId);
  if (!list) state.byDevice.set(iotId, (list = []));
  return list;
}

/** A device's free plan and claims, created on first use. */
export function freeTrialOf(state: CloudStorageState, iotId: string): FreeTrial {
  let trial = state.freeTrials.get(iotId);
  if (!trial) {
    trial = { plan: state.freePlan, claims: [] };
    state.freeTrials.set(iotId, trial);
  }
  return trial;
}

/**
 * The world's cloud-storage state (held by the world, so a reset or a new session starts afresh). A
 * world has it from its start; a FamilyWorld built without it (a state file read by a tool) builds it
 * from the fixtures on first use.
 */
export function cloudStorageOf(world: FamilyWorld, now: number): CloudStorageState {
  const held = world.families[FAMILY_KEY] as CloudStorageState | PendingFork | undefined;
  if (held !== undefined && 'forkOf' in held) return (world.families[FAMILY_KEY] = copyCloudStorageState(held.forkOf));
  let state = held;
  if (!state) {
    // Relative fixture times count from the start instant, or failing one from now.
    state = createCloudStorageState(world, wholeSecond(world.settings.startMs ?? now));
    world.families[FAMILY_KEY] = state;
  }
  return state;
}

/**
 * A world's state still to be copied from its template's base (initial-state.ts): copied on first
 * use, so a session or a reset that never calls cloud storage costs nothing of it (a world's start
 * on the built-in fixtures, measured in process: 97 µs when copied at every start, 10 µs so).
 */
export interface PendingFork {
  readonly forkOf: CloudStorageState;
}

/** A copy of `base` that shares nothing a rule writes to (orders, queues, claims are its own); packages and the free plan are never written, so they are shared. */
export function copyCloudStorageState(base: CloudStorageState): CloudStorageState {
  const state: CloudStorageState = { ...emptyCloudStorageState({ packages: [], freePlan: base.freePlan, orders: [], freeClaims: [] }), packages: base.packages };
  for (const o of base.orders.values()) {
    const order: CloudOrder = { ...o, settings: { ...o.settings }, frozenSpan: o.frozenSpan && { ...o.frozenSpan } };
    addOrder(state, order);
    if (!order.frozen) queueOf(state, order.iotId).restore(order.orderId, base.queues.get(o.iotId)?.segmentsOf(o.orderId) ?? []);
  }
  for (const [iotId, trial] of base.freeTrials) state.freeTrials.set(iotId, { plan: trial.plan, claims: trial.claims.map((c) => ({ ...c })) });
  return state;
}

/** The state with the fixtures' packages and free plan and nothing else: what a state file's rows are put into. */
export function emptyCloudStorageState(data: CloudStorageData): CloudStorageState {
  return {
    packages: new Map(data.packages.map((p) => [packageKey(p.commodityCode, p.specification), p])),
    orders: new Map(),
    byDevice: new Map(),
    queues: new Map(),
    outOrderNos: new Set(),
    freeTrials: new Map(),
    freePlan: data.freePlan,
  };
}

function at(text: string, now: number, zone: ZoneTime): number {
  const ms = parseInstant(text, now, zone);
  if (ms === null) throw new Error(`cloud-storage fixtures: "${text}" is not an instant`);
  return ms;
}

/** Builds the state from the family's fixtures; entries of devices the world's directory lacks are skipped. */
export function createCloudStorageState(world: { directory: Directory; zone: ZoneTime; fixtures?: Fixtures }, now: number): CloudStorageState {
  const { zone } = world;
  const devices = world.directory.devices;
  const data = cloudStorageData(world.fixtures);
  const state = emptyCloudStorageState(data);
  const add = (order: CloudOrder, start: number, months: number) => {
    addOrder(state, order);
    const queue = queueOf(state, order.iotId);
    const from = Number.isNaN(start) ? queue.endAfter(now) : start;
    const span = { start: from, end: zone.addMonths(from, months) };
    if (order.frozen) order.frozenSpan = span;
    else queue.place(order.orderId, span);
  };
  for (const c of data.freeClaims) {
    if (!devices.has(c.iotId)) continue;
    const trial = freeTrialOf(state, c.iotId);
    const createdAt = at(c.createdAt, now, zone);
    const orderId = orderIdCreatedAt(c.orderId, createdAt, zone);
    trial.claims.push({ identityId: c.identityId, orderId, quota: c.quota });
    const pkg = freePackage(trial.plan);
    add(
      {
        orderId, outOrderNo: c.outOrderNo, iotId: c.iotId, identityId: c.identityId, pkg, copies: c.quota, price: '0',
        userName: null, userId: null, orderType: 1, paymentStatus: 1, settlesAt: null, frozen: false, frozenSpan: null,
        createdAt, settings: {},
      },
      at(c.startTime, now, zone),
      c.quota,
    );
  }
  for (const o of data.orders) {
    const device = devices.get(o.iotId);
    const pkg = state.packages.get(packageKey(o.commodityCode, o.specification));
    if (!device || !pkg) continue;
    const createdAt = at(o.createdAt, now, zone);
    add(
      {
        orderId: orderIdCreatedAt(o.orderId, createdAt, zone), outOrderNo: o.outOrderNo, iotId: o.iotId, identityId: o.identityId ?? device.identityId, pkg, copies: o.copies,
        price: multiplyPrice(pkg.price, o.copies), userName: o.userName, userId: o.userId, orderType: 0, paymentStatus: o.paymentStatus,
        settlesAt: null, frozen: o.frozen ?? false, frozenSpan: null, createdAt, settings: {},
      },
      o.startTime === undefined ? NaN : at(o.startTime, now, zone),
      pkg.months * o.copies,
    );
  }
  return state;
}
