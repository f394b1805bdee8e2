/**
 * The 直播分享 business rules over a store: create, pay, enable, read and list orders. No
 * Fastify, no Node built-ins: the clock reading, zone and id source come in through the context.
 * Every rule that changes state returns the change as data (change-record.ts), which a state file
 * stores and replays (changes.ts).
 */
import { BusinessErrors } from '../../errors/catalogue.js';
import { fail, findDevice, type Failure, type Outcome as PlatformOutcome } from '../../platform/outcome.js';
import type { RuleContext } from '../../platform/rule-context.js';
import { pastTheRange, showable } from '../../platform/shown-instant.js';
import type { StreamingChange } from './change-record.js';
import { Order, paymentStatusAt } from './order.js';
import {
  findOrder,
  insertRow,
  newOrderId,
  newOutOrderNo,
  ordersOf,
  readOrdersOf,
  termsFor,
  writable,
  type StreamingStore,
} from './store.js';
import { enableOrder, placeAtEnd, placeAtNow, queueEnd, tailAfterGap } from './timeline.js';

/** What an operation sees of its world for one call: the platform's context and the world's store. */
export interface StreamingContext extends RuleContext {
  store: StreamingStore;
}

/** A result with the change it made (a state file logs it), or a business error with the precise reason. */
export type Outcome<T> = PlatformOutcome<T, StreamingChange>;

/** The parameters of order/create, already type-checked. */
export interface CreateOrderInput {
  iotId: string;
  commodityCode: string;
  copies: number;
  userName: string | null;
  userId: string | null;
  immediateUse: boolean;
  /** The ids to give the order (a state file replaying a create); absent: fresh ones from the id source. */
  ids?: { orderId: string; outOrderNo: string };
}

/**
 * Creates an unpaid order. Without immediateUse it queues after the device's unexpired,
 * unfrozen orders; with it, it starts now and pushes the order in effect and the queue later.
 */
export function createOrder(ctx: StreamingContext, input: CreateOrderInput): Outcome<Order> {
  const device = findDevice(ctx, input.iotId);
  if (!device.ok) return device;
  const pkg = ctx.store.packages.get(input.commodityCode);
  if (!pkg) {
    const known = [...ctx.store.packages.keys()].join(', ');
    return fail(BusinessErrors.REQUEST_PARAMETER_ERROR, `params.commodityCode: unknown package "${input.commodityCode}"; known: ${known}`);
  }
  const { now, zone, store } = ctx;
  const orders = ordersOf(store, input.iotId);
  const start = input.immediateUse ? now : queueEnd(orders, now);
  const end = zone.addMonths(start, pkg.months * input.copies);
  const lastEnd = input.immediateUse ? tailAfterGap(orders, now, end - now) : end;
  if (!showable(zone, end, lastEnd)) return pastTheRange(zone, input.iotId);
  const orderId = input.ids?.orderId ?? newOrderId(store, ctx.ids, now);
  const outOrderNo = input.ids?.outOrderNo ?? newOutOrderNo(store);
  const order = insertRow(
    store,
    input.iotId,
    {
      orderId,
      outOrderNo,
      terms: termsFor(store, device.value, pkg, input.copies, input.userName, input.userId),
      periods: [{ start, end }],
      frozen: false,
      paymentStatus: 0,
      settlesAt: null,
      createdAt: now,
    },
    now,
  );
  if (input.immediateUse) placeAtNow(orders, order.row, now, end - now);
  else placeAtEnd(orders, order.row);
  const { ids: _given, ...params } = input;
  return { ok: true, value: order, change: { kind: 'create', now, ...params, orderId, outOrderNo } };
}

/** The order `orderId` of device `iotId`; another device's order reads as unknown (460), as a stranger's id would. */
export function findOwnOrder(ctx: StreamingContext, iotId: string, orderId: string): Outcome<Order> {
  const device = findDevice(ctx, iotId);
  if (!device.ok) return device;
  const order = findOrder(ctx.store, iotId, orderId);
  if (order) return { ok: true, value: order };
  for (const other of ctx.directory.devices.keys()) {
    if (other !== iotId && findOrder(ctx.store, other, orderId)) {
      return fail(BusinessErrors.REQUEST_PARAMETER_ERROR, `params.orderId: order "${orderId}" belongs to another device, not to "${iotId}"`);
    }
  }
  return fail(BusinessErrors.REQUEST_PARAMETER_ERROR, `params.orderId: no order "${orderId}"`);
}

/**
 * Pays an order. Paying a paid (or paying) order changes nothing; a frozen one is a 460.
 * With `settleMs` > 0 the order is paying (2) until now + settleMs, then reads as paid (1).
 */
export function payOrder(ctx: StreamingContext, iotId: string, orderId: string, settleMs: number): Outcome<Order> {
  const found = findOwnOrder(ctx, iotId, orderId);
  if (!found.ok) return found;
  if (found.value.frozen) return fail(BusinessErrors.REQUEST_PARAMETER_ERROR, `order "${orderId}" is frozen (status 2) and cannot be paid`);
  if (paymentStatusAt(found.value, ctx.now) !== 0) return { ok: true, value: found.value };
  const order = writable(ctx.store, found.value);
  if (settleMs > 0) order.device.setPayment(order.row, 2, ctx.now + settleMs);
  else order.device.setPayment(order.row, 1, null);
  return { ok: true, value: order, change: { kind: 'pay', now: ctx.now, iotId, orderId, settleMs } };
}

/** Makes a waiting order take effect now ([model] on 190252's immediateUse); one in effect comes back unchanged; expired or frozen is a 460. */
export function enableOwnOrder(ctx: StreamingContext, iotId: string, orderId: string): Outcome<Order> {
  const found = findOwnOrder(ctx, iotId, orderId);
  if (!found.ok) return found;
  const order = writable(ctx.store, found.value);
  const placed = enableOrder(order.device, order.row, ctx.now);
  if (!placed.ok) {
    const why = placed.reason === 'frozen' ? 'is frozen (status 2)' : `expired at ${ctx.zone.formatLocal(order.device.lastEnd(order.row))} (status 1)`;
    return fail(BusinessErrors.REQUEST_PARAMETER_ERROR, `order "${orderId}" ${why} and cannot be enabled`);
  }
  return placed.moved ? { ok: true, value: order, change: { kind: 'enable', now: ctx.now, iotId, orderId } } : { ok: true, value: order };
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
  const table = readOrdersOf(ctx.store, iotId);
  const total = table?.count ?? 0;
  const from = (pageNo - 1) * pageSize;
  const page: Order[] = [];
  // Newest first by creation time; the table keeps that order (or a sorted copy of it), so a page costs its size.
  if (table) for (let k = from; k < Math.min(from + pageSize, total); k++) page.push(new Order(table, table.newest(k), ctx.zone));
  return { ok: true, value: { pageNo, pageSize, pageCount: Math.ceil(total / pageSize), total, orders: page } };
}
