/**
 * The admin API's view of a world's devices and orders, and its run-time changes to them.
 * Plain functions over the world: no Fastify. Reads never create anything (not even an empty timeline).
 */
import type { DeviceFixture, OrderFixture } from '../fixtures/schema.js';
import { FixtureError } from '../fixtures/validate.js';
import { editOrder, type StreamingChange } from '../services/streaming/changes.js';
import { orderFields, periodsOf, renderOrder, type Order, type PaymentStatus } from '../services/streaming/order.js';
import { findOrderAnywhere, ordersInCreationOrder, placeFixtureOrder } from '../services/streaming/store.js';
import type { World } from '../world.js';

/** An admin answer: a value, or an HTTP status and a message saying what was wrong. */
export type AdminResult<T> = { ok: true; value: T; change?: StreamingChange } | { ok: false; status: 400 | 404 | 409; error: string };

const iso = (ms: number) => new Date(ms).toISOString();

/** An order as the API renders it (with iotId), plus its periods and frozen flag. */
export function adminOrder(world: World, order: Order): Record<string, unknown> {
  return {
    ...renderOrder(order, world.clock.now(), world.zone, true),
    periods: periodsOf(order).map((p) => ({ start: iso(p.start), end: iso(p.end) })),
    frozen: order.frozen,
  };
}

/** A device with its administrator identity and its orders in creation order. */
export function adminDevice(world: World, device: DeviceFixture): Record<string, unknown> {
  const { store } = world;
  const orders = ordersInCreationOrder(store, device.iotId);
  return {
    iotId: device.iotId,
    nickName: device.nickName ?? null,
    productKey: device.productKey ?? null,
    deviceName: device.deviceName ?? null,
    projectId: device.projectId,
    identityId: device.identityId,
    identity: store.identities.get(device.identityId) ?? null,
    forbidden: device.forbidden,
    orders: orders.map((o) => adminOrder(world, o)),
  };
}

/** Every device of the world. */
export function listDevices(world: World): Record<string, unknown>[] {
  return [...world.store.devices.values()].map((d) => adminDevice(world, d));
}

/** One device, or 404. */
export function getDevice(world: World, iotId: string): AdminResult<Record<string, unknown>> {
  const device = world.store.devices.get(iotId);
  if (!device) return { ok: false, status: 404, error: `no device "${iotId}"; GET /__admin/devices lists them` };
  return { ok: true, value: adminDevice(world, device) };
}

/** Adds or replaces a device; its orders stay. An unknown identityId becomes a new identity. */
export function putDevice(world: World, device: DeviceFixture): AdminResult<Record<string, unknown>> {
  const { store } = world;
  if (!store.projects.has(device.projectId)) {
    return { ok: false, status: 400, error: `projectId: unknown project "${device.projectId}"; known: ${[...store.projects.keys()].join(', ')}` };
  }
  if (!store.identities.has(device.identityId)) store.identities.set(device.identityId, { identityId: device.identityId });
  store.devices.set(device.iotId, device);
  return { ok: true, value: adminDevice(world, device) };
}

/** Places an order (fixture shape, times relative to the clock) on a device's timeline. */
export function addOrder(world: World, iotId: string, order: OrderFixture): AdminResult<Record<string, unknown>> {
  if (!world.store.devices.has(iotId)) return { ok: false, status: 404, error: `no device "${iotId}"; PUT /__admin/devices/${iotId} creates it` };
  try {
    const now = world.clock.now();
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
export function patchOrder(world: World, orderId: string, patch: { frozen?: boolean; paymentStatus?: PaymentStatus }): AdminResult<Record<string, unknown>> {
  const change: StreamingChange = { kind: 'edit', now: world.clock.now(), orderId, ...patch };
  if (!editOrder(world.store, change)) return { ok: false, status: 404, error: `no order "${orderId}"; GET /__admin/devices lists orders by device` };
  return { ok: true, value: adminOrder(world, findOrderAnywhere(world.store, orderId)!), change };
}
