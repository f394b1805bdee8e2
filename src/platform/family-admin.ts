/**
 * What the admin API asks of the family whose orders its order routes serve (a device's `orders`
 * and `orderCount`, POST /__admin/devices/:iotId/orders, PUT /__admin/orders/:orderId, a
 * session's order count). The admin API reaches it through the families table.
 */
import type { OrderFixture } from '../fixtures/schema.js';
import type { CallWorld } from './family-world.js';
import type { Effects } from './operation.js';

/** An admin answer: a value (and what it changed, for a state file), or an HTTP status and a message saying what was wrong. */
export type AdminResult<T> = { ok: true; value: T; effects?: Effects } | { ok: false; status: 400 | 404 | 409; error: string };

/** An order as the admin API shows it: the API's rendering (with iotId) plus `periods` (ISO) and `frozen`. */
export type AdminOrderView = Record<string, unknown>;

/** An admin edit of an order: its frozen flag and/or its payment status. */
export interface OrderEdit {
  frozen?: boolean;
  paymentStatus?: 0 | 1 | 2;
}

/**
 * One family's orders of a device as the admin views read them (a timeline lane): how many, and a
 * slice in creation order, so a view pages a device of 100 000 orders as cheaply as one of 10.
 * Reads never create anything.
 */
export interface AdminLane {
  /** How many orders the device has. */
  count(world: CallWorld, iotId: string): number;
  /** The device's orders [from, to) in creation order. */
  list(world: CallWorld, iotId: string, from: number, to: number): AdminOrderView[];
}

/** Which of a lane's orders a view shows: the newest `limit`, skipping the newest `offset`. */
export interface LaneWindow {
  limit: number;
  offset: number;
}

/** A device's lane as a view shows it: its order count and the orders of the window, in creation order. */
export function laneWindow(lane: AdminLane, world: CallWorld, iotId: string, window: LaneWindow): { orderCount: number; orders: AdminOrderView[] } {
  const orderCount = lane.count(world, iotId);
  const to = Math.max(0, orderCount - window.offset);
  return { orderCount, orders: lane.list(world, iotId, Math.max(0, to - window.limit), to) };
}

/** The admin API's order routes over one family's orders. Reads never create anything. */
export interface AdminOrders extends AdminLane {
  /** How many orders the world holds (a session's summary). */
  total(world: CallWorld): number;
  /** Places an order given in the fixture shape, times relative to the clock; 400 (a time out of range) or 409 (a taken id), unchanged. */
  add(world: CallWorld, iotId: string, order: OrderFixture): AdminResult<AdminOrderView>;
  /** Edits an order; 404 when there is none. */
  edit(world: CallWorld, orderId: string, edit: OrderEdit): AdminResult<AdminOrderView>;
}
