import type { ZoneTime } from '../../core/zone-time.js';

/** A stretch of time an order holds on its device's timeline, [start, end) in epoch ms. */
export interface Period {
  start: number;
  end: number;
}

/**
 * An order's periods as the store keeps them: flat, `[start0, end0, start1, end1, …]`. One array of
 * unboxed doubles costs about half of an array of {start, end} objects, and the store holds one per
 * order (over 100 000 under load). Read it through the helpers below; the wire, the admin API and
 * the state file show `Period` objects.
 */
export type PeriodList = number[];

/** 0 unpaid, 1 paid, 2 paying (documented values). */
export type PaymentStatus = 0 | 1 | 2;
/** 0 in effect or waiting, 1 expired, 2 frozen (documented values). */
export type OrderStatus = 0 | 1 | 2;

/** An order as the store keeps it. Status is not stored: it is derived from the clock at read time. */
export interface Order {
  orderId: string;
  outOrderNo: string;
  iotId: string;
  identityId: string;
  commodityCode: string;
  commodityName: string;
  copies: number;
  months: number;
  price: string;
  userName: string | null;
  userId: string | null;
  /**
   * Ascending and disjoint. Usually one; an order in effect that an immediate purchase cut
   * keeps its consumed part and its moved remainder as two, so its length never changes.
   */
  periods: PeriodList;
  frozen: boolean;
  paymentStatus: PaymentStatus;
  /** When a paying (2) order reads as paid (1); null unless paying. */
  settlesAt: number | null;
  createdAt: number;
}

/** A period list holding the given periods, in their order. */
export function toPeriodList(periods: readonly Period[]): PeriodList {
  const list: PeriodList = [];
  for (const p of periods) list.push(p.start, p.end);
  // An exact-size copy: a list grown by push keeps spare room for more.
  return list.slice();
}

/** A period list holding the one period [start, end). */
export function singlePeriod(start: number, end: number): PeriodList {
  return [start, end];
}

/** How many periods the order holds. */
export function periodCount(order: Order): number {
  return order.periods.length / 2;
}

/** Where the order's period `index` starts. */
export function periodStart(order: Order, index: number): number {
  return order.periods[2 * index]!;
}

/** Where the order's period `index` ends. */
export function periodEnd(order: Order, index: number): number {
  return order.periods[2 * index + 1]!;
}

/** The order's period `index` as a plain object. */
export function periodAt(order: Order, index: number): Period {
  return { start: periodStart(order, index), end: periodEnd(order, index) };
}

/** The order's periods as plain objects (a new array: changing it does not change the order). */
export function periodsOf(order: Order): Period[] {
  const periods: Period[] = [];
  for (let i = 0; i < periodCount(order); i++) periods.push(periodAt(order, i));
  return periods;
}

/** The first instant the order holds. */
export function orderStart(order: Order): number {
  return periodStart(order, 0);
}

/** The instant the order's last period ends. */
export function orderEnd(order: Order): number {
  return periodEnd(order, periodCount(order) - 1);
}

/** Total milliseconds the order holds, over all its periods. */
export function orderLength(order: Order): number {
  let total = 0;
  for (let i = 0; i < periodCount(order); i++) total += periodEnd(order, i) - periodStart(order, i);
  return total;
}

/** Status at `now`: frozen wins, then expiry. */
export function orderStatus(order: Order, now: number): OrderStatus {
  if (order.frozen) return 2;
  return orderEnd(order) <= now ? 1 : 0;
}

/** Payment status at `now`: a paying order reads as paid once its settle time has passed. */
export function paymentStatusAt(order: Order, now: number): PaymentStatus {
  if (order.paymentStatus === 2 && order.settlesAt !== null && now >= order.settlesAt) return 1;
  return order.paymentStatus;
}

/** True when some period of the order contains `now`. */
export function isInEffect(order: Order, now: number): boolean {
  if (order.frozen) return false;
  for (let i = 0; i < periodCount(order); i++) {
    if (periodStart(order, i) <= now && now < periodEnd(order, i)) return true;
  }
  return false;
}

/** The order on the wire, fields in the documented order; get/query/pay/enable add iotId. */
export function renderOrder(order: Order, now: number, zone: ZoneTime, withIotId: boolean): Record<string, unknown> {
  const start = orderStart(order);
  const end = orderEnd(order);
  const wire: Record<string, unknown> = {
    identityId: order.identityId,
    orderId: order.orderId,
    outOrderNo: order.outOrderNo,
    commodityName: order.commodityName,
    commodityCode: order.commodityCode,
    copies: order.copies,
    startTime: zone.formatLocal(start),
    endTime: zone.formatLocal(end),
    startTimeUTC: zone.formatUtc(start),
    endTimeUTC: zone.formatUtc(end),
    status: orderStatus(order, now),
    paymentStatus: paymentStatusAt(order, now),
    price: order.price,
    userName: order.userName,
    userId: order.userId,
    months: order.months,
  };
  if (withIotId) wire.iotId = order.iotId;
  return wire;
}
