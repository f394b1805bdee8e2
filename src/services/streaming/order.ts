import type { ZoneTime } from '../../core/zone-time.js';

/** A stretch of time an order holds on its device's timeline, [start, end) in epoch ms. */
export interface Period {
  start: number;
  end: number;
}

/**
 * An order's periods as plain data: flat, `[start0, end0, start1, end1, …]`. An order keeps its one
 * period inline and only the rare others in a list; read them through the helpers below; the wire,
 * the admin API and the state file show `Period` objects.
 */
export type PeriodList = number[];

/** 0 unpaid, 1 paid, 2 paying (documented values). */
export type PaymentStatus = 0 | 1 | 2;
/** 0 in effect or waiting, 1 expired, 2 frozen (documented values). */
export type OrderStatus = 0 | 1 | 2;

/**
 * What an order was bought as: the fields many orders of one device repeat. Records are shared
 * between orders (see order-terms.ts) and frozen: an order that changes one of them gets a fresh record.
 */
export interface OrderTerms {
  readonly iotId: string;
  readonly identityId: string;
  readonly commodityCode: string;
  readonly commodityName: string;
  readonly copies: number;
  readonly months: number;
  readonly price: string;
  readonly userName: string | null;
  readonly userId: string | null;
}

/** An order as plain data: the shape of the state file rows (with periods as `Period` objects there) and of JSON.stringify(order). */
export interface OrderFields extends OrderTerms {
  orderId: string;
  outOrderNo: string;
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

/** What few orders carry, beside their flags: a settle time, or more (or fewer) periods than one. */
class OrderExtra {
  constructor(
    public flags: number,
    public settlesAt: number | null,
    /** All the order's periods, when it holds other than exactly one; null when `start`/`end` hold its one period. */
    public periods: PeriodList | null,
  ) {}
}

const FROZEN = 4;
const PAYMENT = 3;
/** The own properties of an Order; any other own property came from a state-file row written by a newer build. */
const OWN = new Set(['orderId', 'outOrderNo', 'createdAt', 'terms', 'state', 'start', 'end']);

/**
 * An order as the store keeps it (over 100 000 under load, so every field counts): the fields it
 * shares with other orders in one frozen terms record, its one period inline, the rare parts in
 * an extra record. It reads and writes as `OrderFields` (getters and setters); periods through
 * the helpers below. Status is not stored: it is derived from the clock at read time.
 */
export class Order {
  /** Shared with other orders of equal terms: replaced whole, never written. */
  terms: OrderTerms;
  /**
   * frozen (bit 2) and paymentStatus (bits 0-1) as one small integer or, on the few orders with a
   * settle time or other than one period, a record holding them and those.
   */
  private state: number | OrderExtra;
  /** The order's one period, unless the extra record holds its periods. */
  private start: number;
  private end: number;

  constructor(
    public readonly orderId: string,
    public readonly outOrderNo: string,
    terms: OrderTerms,
    start: number,
    end: number,
    public createdAt: number,
  ) {
    this.terms = terms;
    this.state = 0;
    this.start = start;
    this.end = end;
  }

  get iotId(): string {
    return this.terms.iotId;
  }
  set iotId(value: string) {
    this.terms = withTerm(this.terms, 'iotId', value);
  }
  get identityId(): string {
    return this.terms.identityId;
  }
  set identityId(value: string) {
    this.terms = withTerm(this.terms, 'identityId', value);
  }
  get commodityCode(): string {
    return this.terms.commodityCode;
  }
  set commodityCode(value: string) {
    this.terms = withTerm(this.terms, 'commodityCode', value);
  }
  get commodityName(): string {
    return this.terms.commodityName;
  }
  set commodityName(value: string) {
    this.terms = withTerm(this.terms, 'commodityName', value);
  }
  get copies(): number {
    return this.terms.copies;
  }
  set copies(value: number) {
    this.terms = withTerm(this.terms, 'copies', value);
  }
  get months(): number {
    return this.terms.months;
  }
  set months(value: number) {
    this.terms = withTerm(this.terms, 'months', value);
  }
  get price(): string {
    return this.terms.price;
  }
  set price(value: string) {
    this.terms = withTerm(this.terms, 'price', value);
  }
  get userName(): string | null {
    return this.terms.userName;
  }
  set userName(value: string | null) {
    this.terms = withTerm(this.terms, 'userName', value);
  }
  get userId(): string | null {
    return this.terms.userId;
  }
  set userId(value: string | null) {
    this.terms = withTerm(this.terms, 'userId', value);
  }

  get frozen(): boolean {
    return (this.flags() & FROZEN) !== 0;
  }
  set frozen(value: boolean) {
    this.setFlags(value ? this.flags() | FROZEN : this.flags() & ~FROZEN);
  }
  get paymentStatus(): PaymentStatus {
    return (this.flags() & PAYMENT) as PaymentStatus;
  }
  set paymentStatus(value: PaymentStatus) {
    this.setFlags((this.flags() & ~PAYMENT) | value);
  }
  get settlesAt(): number | null {
    return this.extra()?.settlesAt ?? null;
  }
  set settlesAt(value: number | null) {
    if (value !== null) this.ownExtra().settlesAt = value;
    else if (typeof this.state !== 'number') this.state.settlesAt = null;
    this.dropEmptyExtra();
  }

  /** The order's periods as a new flat list. */
  get periods(): PeriodList {
    const list = this.extra()?.periods;
    return list ? list.slice() : [this.start, this.end];
  }
  /** Replaces the order's periods with (a copy of) `list`. */
  set periods(list: PeriodList) {
    if (list.length === 2) {
      this.start = list[0]!;
      this.end = list[1]!;
      if (typeof this.state !== 'number') this.state.periods = null;
      this.dropEmptyExtra();
    } else {
      // Zeroed so that equal orders are equal field by field (fork tests compare them so).
      this.start = 0;
      this.end = 0;
      this.ownExtra().periods = list.slice();
    }
  }

  /** How many periods the order holds. */
  periodCount(): number {
    const list = this.extra()?.periods;
    return list ? list.length / 2 : 1;
  }
  /** Where period `index` starts. */
  periodStart(index: number): number {
    const list = this.extra()?.periods;
    return list ? list[2 * index]! : this.start;
  }
  /** Where period `index` ends. */
  periodEnd(index: number): number {
    const list = this.extra()?.periods;
    return list ? list[2 * index + 1]! : this.end;
  }

  /** A private copy: its own flags and periods; the terms (never written) and strings shared. */
  clone(): Order {
    const copy = new Order(this.orderId, this.outOrderNo, this.terms, this.start, this.end, this.createdAt);
    const extra = this.extra();
    copy.state = extra === null ? this.state : new OrderExtra(extra.flags, extra.settlesAt, extra.periods && extra.periods.slice());
    for (const key of Object.keys(this)) if (!OWN.has(key)) (copy as unknown as Record<string, unknown>)[key] = (this as unknown as Record<string, unknown>)[key];
    return copy;
  }

  /** JSON.stringify(order) writes the plain fields, as it did when an order was a plain object. */
  toJSON(): OrderFields {
    return orderFields(this);
  }

  private extra(): OrderExtra | null {
    return typeof this.state === 'number' ? null : this.state;
  }

  private ownExtra(): OrderExtra {
    if (typeof this.state === 'number') this.state = new OrderExtra(this.state, null, null);
    return this.state;
  }

  private flags(): number {
    return typeof this.state === 'number' ? this.state : this.state.flags;
  }

  private setFlags(flags: number): void {
    if (typeof this.state === 'number') this.state = flags;
    else this.state.flags = flags;
  }

  // One canonical form for equal orders: no extra record holding only the flags.
  private dropEmptyExtra(): void {
    const extra = this.extra();
    if (extra !== null && extra.settlesAt === null && extra.periods === null) this.state = extra.flags;
  }
}

/** A fresh frozen terms record like `terms` with one field changed: other orders sharing `terms` keep theirs. */
function withTerm<K extends keyof OrderTerms>(terms: OrderTerms, key: K, value: OrderTerms[K]): OrderTerms {
  return Object.freeze({ ...terms, [key]: value });
}

/** A frozen terms record of the given fields (not shared: order-terms.ts shares them within a store). */
export function termsOf(fields: OrderTerms): OrderTerms {
  const { iotId, identityId, commodityCode, commodityName, copies, months, price, userName, userId } = fields;
  return Object.freeze({ iotId, identityId, commodityCode, commodityName, copies, months, price, userName, userId });
}

/**
 * An order holding `fields` (terms given, or a fresh record of the fields). Fields an Order does
 * not know (from a state-file row written by a newer build) are kept and written back.
 */
export function orderFrom(fields: OrderFields, terms: OrderTerms = termsOf(fields)): Order {
  const order = new Order(fields.orderId, fields.outOrderNo, terms, 0, 0, fields.createdAt);
  order.periods = fields.periods;
  order.frozen = fields.frozen;
  order.paymentStatus = fields.paymentStatus;
  order.settlesAt = fields.settlesAt;
  for (const key of Object.keys(fields)) if (!FIELD_KEYS.has(key)) (order as unknown as Record<string, unknown>)[key] = (fields as unknown as Record<string, unknown>)[key];
  return order;
}

/** The order as plain data, keys in the order the store has always written them. */
export function orderFields(order: Order): OrderFields {
  const fields: OrderFields = {
    orderId: order.orderId,
    outOrderNo: order.outOrderNo,
    iotId: order.iotId,
    identityId: order.identityId,
    commodityCode: order.commodityCode,
    commodityName: order.commodityName,
    copies: order.copies,
    months: order.months,
    price: order.price,
    userName: order.userName,
    userId: order.userId,
    periods: order.periods,
    frozen: order.frozen,
    paymentStatus: order.paymentStatus,
    settlesAt: order.settlesAt,
    createdAt: order.createdAt,
  };
  for (const key of Object.keys(order)) if (!OWN.has(key)) (fields as unknown as Record<string, unknown>)[key] = (order as unknown as Record<string, unknown>)[key];
  return fields;
}

const FIELD_KEYS = new Set<string>([
  'orderId', 'outOrderNo', 'iotId', 'identityId', 'commodityCode', 'commodityName', 'copies', 'months', 'price',
  'userName', 'userId', 'periods', 'frozen', 'paymentStatus', 'settlesAt', 'createdAt',
]);

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
  return order.periodCount();
}

/** Where the order's period `index` starts. */
export function periodStart(order: Order, index: number): number {
  return order.periodStart(index);
}

/** Where the order's period `index` ends. */
export function periodEnd(order: Order, index: number): number {
  return order.periodEnd(index);
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
