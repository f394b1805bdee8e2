/**
 * The admin API's view of a world's devices and orders, and its run-time changes to them.
 * Plain functions over the world: no Fastify. Reads never create anything (not even an empty timeline).
 * Devices are the platform's directory; their orders are the family's that serves the admin's
 * order routes, and each other family adds a lane (the world's families table, families/table.ts by default).
 */
import type { DeviceFixture, OrderFixture } from '../fixtures/schema.js';
import type { AdminResult, OrderEdit } from '../platform/family-admin.js';
import type { DeviceOrdersQuery } from './schemas.js';
import type { World } from '../world.js';
import type { AdminDevice, AdminOrder } from './contract.js';

export type { AdminResult } from '../platform/family-admin.js';

/** A device with its administrator identity and its orders in creation order. */
export function adminDevice(world: World, device: DeviceFixture, shown: DeviceOrdersQuery = { ordersLimit: 200, ordersOffset: 0 }): AdminDevice {
  // The newest orders only: the read costs the same with 10 orders on the device as with 100 000.
  const { adminOrders, families } = world.apiFamilies;
  const total = adminOrders.count(world, device.iotId);
  const to = Math.max(0, total - shown.ordersOffset);
  return {
    iotId: device.iotId,
    nickName: device.nickName ?? null,
    productKey: device.productKey ?? null,
    deviceName: device.deviceName ?? null,
    projectId: device.projectId,
    identityId: device.identityId,
    identity: world.directory.identities.get(device.identityId) ?? null,
    forbidden: device.forbidden,
    orderCount: total,
    // The family renders its orders in the contract's AdminOrder shape.
    orders: adminOrders.list(world, device.iotId, Math.max(0, to - shown.ordersLimit), to) as AdminOrder[],
    // The other families' orders: one lane each on the admin page.
    lanes: families.flatMap((f) => (f.adminLane ? [{ family: f.name, orders: f.adminLane(world, device.iotId) }] : [])),
  };
}

/** Every device of the world. */
export function listDevices(world: World, shown?: DeviceOrdersQuery): AdminDevice[] {
  return [...world.directory.devices.values()].map((d) => adminDevice(world, d, shown));
}

/** One device, or 404. */
export function getDevice(world: World, iotId: string, shown?: DeviceOrdersQuery): AdminResult<AdminDevice> {
  const device = world.directory.devices.get(iotId);
  if (!device) return { ok: false, status: 404, error: `no device "${iotId}"; GET /__admin/devices lists them` };
  return { ok: true, value: adminDevice(world, device, shown) };
}

/** Adds or replaces a device; its orders stay. An unknown identityId becomes a new identity. */
export function putDevice(world: World, device: DeviceFixture): AdminResult<AdminDevice> {
  const { directory } = world;
  if (!directory.projects.has(device.projectId)) {
    return { ok: false, status: 400, error: `projectId: unknown project "${device.projectId}"; known: ${[...directory.projects.keys()].join(', ')}` };
  }
  if (!directory.identities.has(device.identityId)) directory.identities.set(device.identityId, { identityId: device.identityId });
  directory.devices.set(device.iotId, device);
  return { ok: true, value: adminDevice(world, device) };
}

/** Places an order (fixture shape, times relative to the clock) on a device's timeline; refused unchanged when a time is out of range. */
export function addOrder(world: World, iotId: string, order: OrderFixture): AdminResult<AdminOrder> {
  if (!world.directory.devices.has(iotId)) return { ok: false, status: 404, error: `no device "${iotId}"; PUT /__admin/devices/${iotId} creates it` };
  return world.apiFamilies.adminOrders.add(world, iotId, order) as AdminResult<AdminOrder>;
}

/** Freezes or unfreezes an order, or sets its payment status, for demos. */
export function patchOrder(world: World, orderId: string, patch: OrderEdit): AdminResult<AdminOrder> {
  return world.apiFamilies.adminOrders.edit(world, orderId, patch) as AdminResult<AdminOrder>;
}
