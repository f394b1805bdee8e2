/** A cloud-storage order: what it holds, its status at an instant, and its wire forms. */
import { withOneDecimal } from '../../core/money.js';
import type { ZoneTime } from '../../core/zone-time.js';
import type { CloudPackage } from './fixtures.js';
import type { Period } from './queue.js';

/** Recording settings sent with buy, consume, transfer and bind/order: stored, not acted on. */
export interface RecordSettings {
  enableDefaultPlan?: boolean;
  preRecordDuration?: number;
  recordDuration?: number;
  eventRecordProlong?: boolean;
  maxRecordFileDuration?: number;
}

/** 0 paid, 1 free (documented values). */
export type OrderType = 0 | 1;

/** One cloud-storage order of one device. */
export interface CloudOrder {
  readonly orderId: string;
  readonly outOrderNo: string;
  iotId: string;
  /** The buyer's identity; null while bought for a device with no administrator (deviceNoOwner). */
  identityId: string | null;
  readonly pkg: CloudPackage;
  readonly copies: number;
  /** Package price × copies, in yuan. */
  readonly price: string;
  userName: string | null;
  userId: string | null;
  readonly orderType: OrderType;
  /** 0 created, not paid; 1 paid. */
  paymentStatus: 0 | 1;
  /** With --payment-settle-ms: when a new order reads as paid; before that it is paying (2). */
  settlesAt: number | null;
  frozen: boolean;
  /** The span it held when frozen (a frozen order is off the queue). */
  frozenSpan: Period | null;
  readonly createdAt: number;
  settings: RecordSettings;
}

/**
 * A cloud-storage price as the pages' examples show one: with one decimal at least ("1.0" in
 * help.aliyun.com 177882's example, "35.0" in a white-label copy of commodity/enable). 直播分享 shows
 * "140" (190251) and keeps its own form.
 */
export const wirePrice = withOneDecimal;

/** 0 in use or waiting, 1 expired, 2 frozen, 3 created and not paid (documented values). */
export type CloudOrderStatus = 0 | 1 | 2 | 3;

/** paymentStatus on the wire at `now`: 0 unpaid, 1 paid, 2 paying. */
export function paymentStatusAt(order: CloudOrder, now: number): 0 | 1 | 2 {
  if (order.paymentStatus === 0) return 0;
  return order.settlesAt !== null && now < order.settlesAt ? 2 : 1;
}

/** The order's status at `now`, derived from the clock. */
export function statusAt(order: CloudOrder, span: Period, now: number): CloudOrderStatus {
  if (order.frozen) return 2;
  if (paymentStatusAt(order, now) !== 1) return 3;
  return span.end <= now ? 1 : 0;
}

/** Seconds of the order already used at `now` (preConsume). */
export function secondsUsed(span: Period, now: number): number {
  if (now <= span.start) return 0;
  return Math.floor((Math.min(now, span.end) - span.start) / 1000);
}

/** The four documented time fields of a span. */
export function timeFields(span: Period, zone: ZoneTime) {
  return {
    startTime: zone.formatLocal(span.start),
    endTime: zone.formatLocal(span.end),
    startTimeUTC: zone.formatUtc(span.start),
    endTimeUTC: zone.formatUtc(span.end),
  };
}

/** order/get, order/query and bind/order: the documented fields in the documented order. */
export function renderOrder(order: CloudOrder, span: Period, now: number, zone: ZoneTime): Record<string, unknown> {
  return {
    iotId: order.iotId,
    identityId: order.identityId,
    commodityCode: order.pkg.commodityCode,
    specification: order.pkg.specification,
    copies: order.copies,
    price: wirePrice(order.price),
    userName: order.userName,
    userId: order.userId,
    orderId: order.orderId,
    outOrderNo: order.outOrderNo,
    status: statusAt(order, span, now),
    paymentStatus: paymentStatusAt(order, now),
    recordType: order.pkg.recordType,
    orderType: order.orderType,
    ...timeFields(span, zone),
    preConsume: secondsUsed(span, now),
  };
}

/** expired as status/set and transfer show it: 0 not expired, 1 expired, 2 frozen. */
function expiredAt(order: CloudOrder, span: Period, now: number): 0 | 1 | 2 {
  if (order.frozen) return 2;
  return span.end <= now ? 1 : 0;
}

/** status/set and transfer: the order with expired and commodityType (177894, 177893). */
export function renderOrderState(order: CloudOrder, span: Period, now: number, zone: ZoneTime): Record<string, unknown> {
  return {
    orderId: order.orderId,
    commodityCode: order.pkg.commodityCode,
    specification: order.pkg.specification,
    copies: order.copies,
    ...timeFields(span, zone),
    expired: expiredAt(order, span, now),
    paymentStatus: paymentStatusAt(order, now),
    price: wirePrice(order.price),
    commodityType: order.pkg.recordType,
    iotId: order.iotId,
    identityId: order.identityId,
    status: statusAt(order, span, now),
    preConsume: secondsUsed(span, now),
    outOrderNo: order.outOrderNo,
    orderType: order.orderType,
    userName: order.userName,
    userId: order.userId,
  };
}

/**
 * commodity/enable, as its example answers (177891): startTime / endTime in epoch ms beside
 * their text forms (…Str) and the UTC ones. The page's table says text; the example wins.
 */
export function renderEnabled(order: CloudOrder, span: Period, now: number, zone: ZoneTime): Record<string, unknown> {
  return {
    orderId: order.orderId,
    commodityCode: order.pkg.commodityCode,
    specification: order.pkg.specification,
    copies: order.copies,
    startTime: span.start,
    startTimeStr: zone.formatLocal(span.start),
    startTimeUTC: zone.formatUtc(span.start),
    endTime: span.end,
    endTimeStr: zone.formatLocal(span.end),
    endTimeUTC: zone.formatUtc(span.end),
    expired: expiredAt(order, span, now) === 1 ? 1 : 0,
    paymentStatus: paymentStatusAt(order, now),
    price: wirePrice(order.price),
    commodityType: order.pkg.recordType,
  };
}
