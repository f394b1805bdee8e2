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

/** The admin API's order routes over one family's orders. Reads never create anything. */
export interface AdminOrders {
  /** How many orders the device has. */
  count(world: CallWorld, iotId: string): number;
  /** The device's orders [from, to) in creation order. */
  list(world: CallWorld, iotId: string, from: number, to: number): AdminOrderView[];
  /** How many orders the world holds (a session's summary). */
  total(world: CallWorld): number;
  /** Places an order given in the fixture shape, times relative to the clock; 400 (a time out of range) or 409 (a taken id), unchanged. */
  add(world: CallWorld, iotId: string, order: OrderFixture): AdminResult<AdminOrderView>;
  /** Edits an order; 404 when there is none. */
  edit(world: CallWorld, orderId: string, edit: OrderEdit): AdminResult<AdminOrderView>;
}
