/**
 * What happens to an order after create: read it, pay it, list a device's orders, make a
 * waiting one take effect. Plain functions over the store; the instant comes in the context.
 */
import { BusinessErrors } from '../../errors/catalogue.js';
import { fail, findDevice, type Outcome, type StreamingContext } from './model.js';
import { orderEnd, paymentStatusAt, type Order } from './order.js';
import { timelineOf } from './store.js';
import { enableOrder as placeNow } from './timeline.js';

/** The order `orderId` of device `iotId`; another device's order reads as unknown (460), as a stranger's id would. */
export function findOwnOrder(ctx: StreamingContext, iotId: string, orderId: string): Outcome<Order> {
  const device = findDevice(ctx, iotId);
  if (!device.ok) return device;
  const order = ctx.store.orders.get(orderId);
  if (!order) return fail(BusinessErrors.REQUEST_PARAMETER_ERROR, `params.orderId: no order "${orderId}"`);
  if (order.iotId !== iotId) {
    return fail(BusinessErrors.REQUEST_PARAMETER_ERROR, `params.orderId: order "${orderId}" belongs to another device, not to "${iotId}"`);
  }
  return { ok: true, value: order };
}

/**
 * Pays an order. Paying a paid (or paying) order changes nothing; a frozen one is a 460.
 * With `settleMs` > 0 the order is paying (2) until now + settleMs, then reads as paid (1).
 */
export function payOrder(ctx: StreamingContext, iotId: string, orderId: string, settleMs: number): Outcome<Order> {
  const found = findOwnOrder(ctx, iotId, orderId);
  if (!found.ok) return found;
  const order = found.value;
  if (order.frozen) return fail(BusinessErrors.REQUEST_PARAMETER_ERROR, `order "${orderId}" is frozen (status 2) and cannot be paid`);
  if (paymentStatusAt(order, ctx.now) !== 0) return { ok: true, value: order };
  if (settleMs > 0) {
    order.paymentStatus = 2;
    order.settlesAt = ctx.now + settleMs;
  } else {
    order.paymentStatus = 1;
  }
  return { ok: true, value: order, changed: [order] };
}

/** Makes a waiting order take effect now (spec §7); one in effect comes back unchanged; expired or frozen is a 460. */
export function enableOwnOrder(ctx: StreamingContext, iotId: string, orderId: string): Outcome<Order> {
  const found = findOwnOrder(ctx, iotId, orderId);
  if (!found.ok) return found;
  const order = found.value;
  const placed = placeNow(timelineOf(ctx.store, iotId), order, ctx.now);
  if (!placed.ok) {
    const why = placed.reason === 'frozen' ? 'is frozen (status 2)' : `expired at ${ctx.zone.formatLocal(orderEnd(order))} (status 1)`;
    return fail(BusinessErrors.REQUEST_PARAMETER_ERROR, `order "${orderId}" ${why} and cannot be enabled`);
  }
  return { ok: true, value: order, changed: placed.moved };
}

/** One page of a device's orders, newest first, and the totals. */
export interface OrderPage {
  pageNo: number;
  pageSize: number;
  pageCount: number;
  total: number;
  orders: Order[];
}

/**
 * A device's orders newest first (creation time, then the later-created first), one page of them.
 * `pageNo` is 1-based here; a page past the end is empty with the right totals.
 */
export function listOrders(ctx: StreamingContext, iotId: string, pageNo: number, pageSize: number): Outcome<OrderPage> {
  const device = findDevice(ctx, iotId);
  if (!device.ok) return device;
  const timeline = timelineOf(ctx.store, iotId);
  const all = timeline.orders;
  const total = all.length;
  const from = (pageNo - 1) * pageSize;
  let page: Order[];
  if (timeline.createdInOrder) {
    // Creation order is already the sort order: newest first is the array read backwards, so a page costs its size.
    page = [];
    for (let k = from; k < Math.min(from + pageSize, total); k++) page.push(all[total - 1 - k]!);
  } else {
    // Reversing first makes the stable sort put the later-created first on ties.
    page = [...all].reverse().sort((a, b) => b.createdAt - a.createdAt).slice(from, from + pageSize);
  }
  return {
    ok: true,
    value: { pageNo, pageSize, pageCount: Math.ceil(total / pageSize), total, orders: page },
  };
}
