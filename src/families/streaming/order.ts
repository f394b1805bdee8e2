/**
 * An order as the rules and the wire see it: a view of one row of its device's table (see
 * device-orders.ts). Views are made on demand and hold no state of their own, so reading an order
 * after a later purchase moved it shows where it is now.
 */
import type { ZoneTime } from '../../core/zone-time.js';
import type { DeviceOrders, OrderTerms, PaymentStatus, Period } from './device-orders.js';

export type { OrderTerms, PaymentStatus, Period } from './device-orders.js';

/** 0 in effect or waiting, 1 expired, 2 frozen (documented values). */
export type OrderStatus = 0 | 1 | 2;

/** An order as plain data: the shape of state-file rows and of the admin API's periods. */
export interface OrderFields extends OrderTerms {
  orderId: string;
  outOrderNo: string;
  iotId: string;
  /** Ascending and disjoint; more than one after an immediate purchase cut the order while in effect. */
  periods: Period[];
  frozen: boolean;
  paymentStatus: PaymentStatus;
  /** When a paying (2) order reads as paid (1); null unless paying. */
  settlesAt: number | null;
  createdAt: number;
}

/** One order: row `row` of `device`. */
export class Order {
  constructor(
    readonly device: DeviceOrders,
    readonly row: number,
    private readonly zone: ZoneTime,
  ) {}

  get orderId(): string {
    return this.device.orderId(this.row, this.zone.compact);
  }
  get outOrderNo(): string {
    return this.device.outOrderNo(this.row);
  }
  get iotId(): string {
    return this.device.iotId;
  }
  get terms(): OrderTerms {
    return this.device.terms(this.row);
  }
  get identityId(): string {
    return this.terms.identityId;
  }
  get commodityCode(): string {
    return this.terms.commodityCode;
  }
  get commodityName(): string {
    return this.terms.commodityName;
  }
  get copies(): number {
    return this.terms.copies;
  }
  get months(): number {
    return this.terms.months;
  }
  get price(): string {
    return this.terms.price;
  }
  get userName(): string | null {
    return this.terms.userName;
  }
  get userId(): string | null {
    return this.terms.userId;
  }
  get frozen(): boolean {
    return this.device.frozen(this.row);
  }
  get paymentStatus(): PaymentStatus {
    return this.device.paymentStatus(this.row);
  }
  get settlesAt(): number | null {
    return this.device.settlesAt(this.row);
  }
  get createdAt(): number {
    return this.device.createdAt(this.row);
  }
  /** The order's periods as plain objects (a new array). */
  get periods(): Period[] {
    return periodsOf(this);
  }
  /** JSON.stringify(order) writes its plain fields. */
  toJSON(): OrderFields {
    return orderFields(this);
  }
}

/** How many periods the order holds. */
export function periodCount(order: Order): number {
  return order.device.periodCount(order.row);
}

/** Where the order's period `index` starts. */
export function periodStart(order: Order, index: number): number {
  return order.device.periodStart(order.row, index);
}

/** Where the order's period `index` ends. */
export function periodEnd(order: Order, index: number): number {
  return order.device.periodEnd(order.row, index);
}

/** The order's periods as plain objects. */
export function periodsOf(order: Order): Period[] {
  const periods: Period[] = [];
  for (let i = 0; i < periodCount(order); i++) periods.push({ start: periodStart(order, i), end: periodEnd(order, i) });
  return periods;
}

/** The first instant the order holds. */
export function orderStart(order: Order): number {
  return periodStart(order, 0);
}

/** The instant the order's last period ends. */
export function orderEnd(order: Order): number {
  return order.device.lastEnd(order.row);
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
  const status = order.paymentStatus;
  if (status === 2) {
    const settlesAt = order.settlesAt;
    if (settlesAt !== null && now >= settlesAt) return 1;
  }
  return status;
}

/** True when some period of the order contains `now`. */
export function isInEffect(order: Order, now: number): boolean {
  if (order.frozen) return false;
  for (let i = 0; i < periodCount(order); i++) {
    if (periodStart(order, i) <= now && now < periodEnd(order, i)) return true;
  }
  return false;
}

/** The order as plain data, keys in the order state files have always held them. */
export function orderFields(order: Order): OrderFields {
  const t = order.terms;
  return {
    orderId: order.orderId,
    outOrderNo: order.outOrderNo,
    iotId: order.iotId,
    identityId: t.identityId,
    commodityCode: t.commodityCode,
    commodityName: t.commodityName,
    copies: t.copies,
    months: t.months,
    price: t.price,
    userName: t.userName,
    userId: t.userId,
    periods: periodsOf(order),
    frozen: order.frozen,
    paymentStatus: order.paymentStatus,
    settlesAt: order.settlesAt,
    createdAt: order.createdAt,
  };
}

/** The order on the wire, fields in the documented order; get/query/pay/enable add iotId. */
export function renderOrder(order: Order, now: number, zone: ZoneTime, withIotId: boolean): Record<string, unknown> {
  const start = orderStart(order);
  const end = orderEnd(order);
  const t = order.terms;
  const wire: Record<string, unknown> = {
    identityId: t.identityId,
    orderId: order.orderId,
    outOrderNo: order.outOrderNo,
    commodityName: t.commodityName,
    commodityCode: t.commodityCode,
    copies: t.copies,
    startTime: zone.formatLocal(start),
    endTime: zone.formatLocal(end),
    startTimeUTC: zone.formatUtc(start),
    endTimeUTC: zone.formatUtc(end),
    status: orderStatus(order, now),
    paymentStatus: paymentStatusAt(order, now),
    price: t.price,
    userName: t.userName,
    userId: t.userId,
    months: t.months,
  };
  if (withIotId) wire.iotId = order.iotId;
  return wire;
}
