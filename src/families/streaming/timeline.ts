/**
 * The per-device timeline rules ([model] on help.aliyun.com 190252's immediateUse), over a device's queue (device-orders.ts). The docs
 * say only that immediateUse starts a package now and that otherwise it starts when the previous
 * ones end; these rules fill the gaps so that no paid time is ever lost. Every rule reaches the
 * waiting orders only through the queue's shifts: none rewrites each waiting order.
 */
import type { DeviceOrders } from './device-orders.js';

/** Where an order bought without immediateUse starts: after every unexpired, unfrozen order, or now. */
export function queueEnd(orders: DeviceOrders, now: number): number {
  orders.settle(now);
  return Math.max(orders.tailEnd(), now);
}

/** How far a purchase of `length` ms placed at `now` pushes the end of the queue. */
export function tailAfterGap(orders: DeviceOrders, now: number, length: number): number {
  orders.settle(now);
  return Math.max(orders.tailEnd() + length, now + length);
}

/** Queues `row` (not queued, holding plain instants after the queue's end) at the end of the queue. */
export function placeAtEnd(orders: DeviceOrders, row: number): void {
  orders.pushBack(row);
}

/**
 * Places `row` at `now` for `length` ms: the order in effect is cut at now, and its remainder and
 * every waiting order move later by `length`, keeping their order.
 */
export function placeAtNow(orders: DeviceOrders, row: number, now: number, length: number): void {
  orders.settle(now);
  orders.insertAtNow(row, now, length);
}

/** Why enable() refused. */
export type EnableRefusal = 'expired' | 'frozen';

/** True when some period of the row contains `now`. */
export function inEffect(orders: DeviceOrders, row: number, now: number): boolean {
  if (orders.frozen(row)) return false;
  for (let i = 0; i < orders.periodCount(row); i++) {
    if (orders.periodStart(row, i) <= now && now < orders.periodEnd(row, i)) return true;
  }
  return false;
}

/**
 * Makes a waiting order take effect now: it leaves the queue and is placed as with immediateUse,
 * holding the same length; the orders that were ahead of it move later by that length, those after
 * it stay. An order in effect is left as it is (`moved` false).
 */
export function enableOrder(orders: DeviceOrders, row: number, now: number): { ok: true; moved: boolean } | { ok: false; reason: EnableRefusal } {
  if (orders.frozen(row)) return { ok: false, reason: 'frozen' };
  if (orders.lastEnd(row) <= now) return { ok: false, reason: 'expired' };
  if (inEffect(orders, row, now)) return { ok: true, moved: false };
  orders.settle(now);
  orders.moveToNow(row, now);
  return { ok: true, moved: true };
}

/** Freezes or unfreezes an order: a frozen order holds no time, and where the next purchase queues follows. */
export function setFrozen(orders: DeviceOrders, row: number, frozen: boolean, now: number): void {
  if (orders.frozen(row) === frozen) return;
  orders.setFrozen(row, frozen);
  if (frozen) {
    orders.dequeue(row);
    return;
  }
  orders.settle(now);
  if (orders.lastEnd(row) > now) orders.enqueue(row);
}
