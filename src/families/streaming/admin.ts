/**
 * The admin API's order routes over this family's orders (platform/family-admin.ts): a device's
 * `orders`, POST /__admin/devices/:iotId/orders, PUT /__admin/orders/:orderId, a session's count.
 */
import { outOfRangeReason } from '../../core/zone-time.js';
import type { OrderFixture } from '../../fixtures/schema.js';
import { FixtureError, resolveOrderTimes } from '../../fixtures/validate.js';
import type { AdminOrders, AdminOrderView, AdminResult, OrderEdit } from '../../platform/family-admin.js';
import type { CallWorld } from '../../platform/family-world.js';
import type { StreamingChange } from './change-record.js';
import { editOrder } from './changes.js';
import { orderFields, periodsOf, renderOrder, type Order } from './order.js';
import { findOrderAnywhere, orderCount, ordersInCreationOrder, placeFixtureOrder, readOrdersOf, STREAMING_KEY, streamingStoreOf } from './store.js';

const iso = (ms: number) => new Date(ms).toISOString();

/** An order as the API renders it (with iotId), plus its periods and frozen flag. */
function adminOrder(world: CallWorld, order: Order): AdminOrderView {
  return {
    ...renderOrder(order, world.clock.now(), world.zone, true),
    periods: periodsOf(order).map((p) => ({ start: iso(p.start), end: iso(p.end) })),
    frozen: order.frozen,
  };
}

/** The admin answer of a change made: the order, and the change for the state file. */
function changed(world: CallWorld, order: Order, change: StreamingChange): AdminResult<AdminOrderView> {
  return { ok: true, value: adminOrder(world, order), effects: { family: STREAMING_KEY, changes: [change] } };
}

/**
 * Why an order's times would leave the range dates can show (a given time, or the end its
 * package's months would reach), before anything is placed; undefined when they all fit.
 */
function orderTimeProblem(world: CallWorld, iotId: string, order: OrderFixture, now: number): string | undefined {
  const { zone } = world;
  const store = streamingStoreOf(world);
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
function addOrder(world: CallWorld, iotId: string, order: OrderFixture): AdminResult<AdminOrderView> {
  const now = world.clock.now();
  const problem = orderTimeProblem(world, iotId, order, now);
  if (problem) return { ok: false, status: 400, error: problem };
  try {
    const placed = placeFixtureOrder(streamingStoreOf(world), world.directory, { ...order, iotId }, { now, ids: world.ids }, 'order');
    const { orderId, outOrderNo, periods, frozen, paymentStatus, createdAt } = orderFields(placed);
    return changed(world, placed, { kind: 'place', now, iotId, orderId, outOrderNo, terms: placed.terms, periods, frozen, paymentStatus, createdAt });
  } catch (err) {
    if (!(err instanceof FixtureError)) throw err;
    const message = err.message.replace(/^order: field /, '');
    return { ok: false, status: message.includes('duplicate') ? 409 : 400, error: message };
  }
}

/** Freezes or unfreezes an order, or sets its payment status, for demos. */
function patchOrder(world: CallWorld, orderId: string, edit: OrderEdit): AdminResult<AdminOrderView> {
  const store = streamingStoreOf(world);
  const change: StreamingChange = { kind: 'edit', now: world.clock.now(), orderId, ...edit };
  if (!editOrder(store, change)) return { ok: false, status: 404, error: `no order "${orderId}"; GET /__admin/devices lists orders by device` };
  return changed(world, findOrderAnywhere(store, orderId)!, change);
}

/** The family's admin order routes, as families/table.ts declares them. */
export const streamingAdminOrders: AdminOrders = {
  count: (world, iotId) => readOrdersOf(streamingStoreOf(world), iotId)?.count ?? 0,
  list: (world, iotId, from, to) => ordersInCreationOrder(streamingStoreOf(world), iotId, from, to).map((o) => adminOrder(world, o)),
  total: (world) => orderCount(streamingStoreOf(world)),
  add: addOrder,
  edit: patchOrder,
};
