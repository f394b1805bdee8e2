/**
 * The admin API's view of a world's devices and orders, and its run-time changes to them.
 * Plain functions over the world: no Fastify. Reads never create anything (not even an empty timeline).
 */
import type { DeviceFixture, OrderFixture } from '../fixtures/schema.js';
import { outOfRangeReason } from '../core/zone-time.js';
import { FixtureError, resolveOrderTimes } from '../fixtures/validate.js';
import { editOrder, type StreamingChange } from '../families/streaming/changes.js';
import { orderFields, periodsOf, renderOrder, type Order, type PaymentStatus } from '../families/streaming/order.js';
import { findOrderAnywhere, ordersInCreationOrder, placeFixtureOrder, readOrdersOf } from '../families/streaming/store.js';
import { API_FAMILIES } from '../families/table.js';
import type { DeviceOrdersQuery } from './schemas.js';
import type { World } from '../world.js';
import type { AdminDevice, AdminOrder } from './contract.js';

/** An admin answer: a value, or an HTTP status and a message saying what was wrong. */
export type AdminResult<T> = { ok: true; value: T; change?: StreamingChange } | { ok: false; status: 400 | 404 | 409; error: string };

const iso = (ms: number) => new Date(ms).toISOString();

/** An order as the API renders it (with iotId), plus its periods and frozen flag. */
export function adminOrder(world: World, order: Order): AdminOrder {
  // renderOrder answers the API's wire shape loosely typed; with iotId it is AdminOrder's API part.
  const rendered = renderOrder(order, world.clock.now(), world.zone, true) as Omit<AdminOrder, 'periods' | 'frozen'>;
  return {
    ...rendered,
    periods: periodsOf(order).map((p) => ({ start: iso(p.start), end: iso(p.end) })),
    frozen: order.frozen,
  };
}

/** A device with its administrator identity and its orders in creation order. */
export function adminDevice(world: World, device: DeviceFixture, shown: DeviceOrdersQuery = { ordersLimit: 200, ordersOffset: 0 }): AdminDevice {
  const { store } = world;
  // The newest orders only: the read costs the same with 10 orders on the device as with 100 000.
  const total = readOrdersOf(store, device.iotId)?.count ?? 0;
  const to = Math.max(0, total - shown.ordersOffset);
  const orders = ordersInCreationOrder(store, device.iotId, Math.max(0, to - shown.ordersLimit), to);
  return {
    iotId: device.iotId,
    nickName: device.nickName ?? null,
    productKey: device.productKey ?? null,
    deviceName: device.deviceName ?? null,
    projectId: device.projectId,
    identityId: device.identityId,
    identity: store.identities.get(device.identityId) ?? null,
    forbidden: device.forbidden,
    orderCount: total,
    orders: orders.map((o) => adminOrder(world, o)),
    // The other families' orders: one lane each on the admin page.
    lanes: API_FAMILIES.flatMap((f) => (f.adminLane ? [{ family: f.name, orders: f.adminLane(world, device.iotId) }] : [])),
  };
}

/** Every device of the world. */
export function listDevices(world: World, shown?: DeviceOrdersQuery): AdminDevice[] {
  return [...world.store.devices.values()].map((d) => adminDevice(world, d, shown));
}

/** One device, or 404. */
export function getDevice(world: World, iotId: string, shown?: DeviceOrdersQuery): AdminResult<AdminDevice> {
  const device = world.store.devices.get(iotId);
  if (!device) return { ok: false, status: 404, error: `no device "${iotId}"; GET /__admin/devices lists them` };
  return { ok: true, value: adminDevice(world, device, shown) };
}

/** Adds or replaces a device; its orders stay. An unknown identityId becomes a new identity. */
export function putDevice(world: World, device: DeviceFixture): AdminResult<AdminDevice> {
  const { store } = world;
  if (!store.projects.has(device.projectId)) {
    return { ok: false, status: 400, error: `projectId: unknown project "${device.projectId}"; known: ${[...store.projects.keys()].join(', ')}` };
  }
  if (!store.identities.has(device.identityId)) store.identities.set(device.identityId, { identityId: device.identityId });
  store.devices.set(device.iotId, device);
  return { ok: true, value: adminDevice(world, device) };
}

/**
 * Why an order's times would leave the range dates can show (a given time, or the end its
 * package's months would reach), before anything is placed; undefined when they all fit.
 */
function orderTimeProblem(world: World, iotId: string, order: OrderFixture, now: number): string | undefined {
  const { zone, store } = world;
  const resolved = resolveOrderTimes(order, now, zone);
  if (!resolved.ok) return `${resolved.field}: ${resolved.problem}`;
  const pkg = store.packages.get(order.commodityCode);
  if (resolved.times.endTime !== undefined || !pkg) return undefined;
  // Where it would queue: after the device's latest end (an expired one ends before now anyway), or now.
  const start = resolved.times.startTime ?? Math.max(readOrdersOf(store, iotId)?.tailEnd() ?? now, now);
  const end = zone.addMonths(start, pkg.months * order.copies);
  const outside = outOfRangeReason(zone, end);
  return outside ? `endTime: ${order.copies} × ${pkg.months} months from ${new Date(start).toISOString()} end out of range: ${outside}` : undefined;
}

/** Places an order (fixture shape, times relative to the clock) on a device's timeline; refused unchanged when a time is out of range. */
export function addOrder(world: World, iotId: string, order: OrderFixture): AdminResult<AdminOrder> {
  if (!world.store.devices.has(iotId)) return { ok: false, status: 404, error: `no device "${iotId}"; PUT /__admin/devices/${iotId} creates it` };
  const now = world.clock.now();
  const problem = orderTimeProblem(world, iotId, order, now);
  if (problem) return { ok: false, status: 400, error: problem };
  try {
    const placed = placeFixtureOrder(world.store, { ...order, iotId }, { now, ids: world.ids }, 'order');
    const { orderId, outOrderNo, periods, frozen, paymentStatus, createdAt } = orderFields(placed);
    const change: StreamingChange = { kind: 'place', now, iotId, orderId, outOrderNo, terms: placed.terms, periods, frozen, paymentStatus, createdAt };
    return { ok: true, value: adminOrder(world, placed), change };
  } catch (err) {
    if (!(err instanceof FixtureError)) throw err;
    const message = err.message.replace(/^order: field /, '');
    return { ok: false, status: message.includes('duplicate') ? 409 : 400, error: message };
  }
}

/** Freezes or unfreezes an order, or sets its payment status, for demos. */
export function patchOrder(world: World, orderId: string, patch: { frozen?: boolean; paymentStatus?: PaymentStatus }): AdminResult<AdminOrder> {
  const change: StreamingChange = { kind: 'edit', now: world.clock.now(), orderId, ...patch };
  if (!editOrder(world.store, change)) return { ok: false, status: 404, error: `no order "${orderId}"; GET /__admin/devices lists orders by device` };
  return { ok: true, value: adminOrder(world, findOrderAnywhere(world.store, orderId)!), change };
}
