/**
 * The admin API's view of a world's devices and orders, and its run-time changes to them.
 * Plain functions over the world: no Fastify. Reads never create anything (not even an empty timeline).
 * Devices are the platform's directory; their orders are the family's that serves the admin's
 * order routes, and each other family adds a lane (the world's families table, families/table.ts by default).
 */
import type { DeviceFixture, OrderFixture } from '../fixtures/schema.js';
import { laneWindow, type AdminResult, type OrderEdit } from '../platform/family-admin.js';
import type { DeviceOrdersQuery, DevicesQuery } from './schemas.js';
import type { World } from '../world.js';
import type { AdminDevice, AdminDevicesPage, AdminOrder } from './contract.js';

export type { AdminResult } from '../platform/family-admin.js';

/** A device with its administrator identity and its orders in creation order. */
export function adminDevice(world: World, device: DeviceFixture, shown: DeviceOrdersQuery = { ordersLimit: 200, ordersOffset: 0 }): AdminDevice {
  // The newest orders of each lane only: the read costs the same with 10 orders on the device as with 100 000.
  const window = { limit: shown.ordersLimit, offset: shown.ordersOffset };
  const { adminOrders, families } = world.apiFamilies;
  const own = laneWindow(adminOrders, world, device.iotId, window);
  return {
    iotId: device.iotId,
    nickName: device.nickName ?? null,
    productKey: device.productKey ?? null,
    deviceName: device.deviceName ?? null,
    projectId: device.projectId,
    identityId: device.identityId,
    identity: world.directory.identities.get(device.identityId) ?? null,
    forbidden: device.forbidden,
    orderCount: own.orderCount,
    // The family renders its orders in the contract's AdminOrder shape.
    orders: own.orders as AdminOrder[],
    // The other families' orders: one lane each on the admin page, paged alike.
    lanes: families.flatMap((f) => (f.adminLane ? [{ family: f.name, ...laneWindow(f.adminLane, world, device.iotId, window) }] : [])),
  };
}

/** A page of the world's devices (in the directory's order), each with its lanes windowed; `total` counts them all. */
export function listDevices(world: World, page: DevicesQuery): AdminDevicesPage {
  const { offset, limit } = page;
  return { total: world.directory.devices.size, offset, limit, devices: devicesPage(world, page).map((device) => adminDevice(world, device, page)) };
}

/** The devices of a page of the directory (in its order): `limit` of them after the first `offset`. */
export function devicesPage(world: World, { offset, limit }: { offset: number; limit: number }): DeviceFixture[] {
  const devices: DeviceFixture[] = [];
  let index = 0;
  for (const device of world.directory.devices.values()) {
    if (devices.length >= limit) break;
    if (index++ < offset) continue;
    devices.push(device);
  }
  return devices;
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
