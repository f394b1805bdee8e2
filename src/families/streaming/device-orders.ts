/**
 * One device's orders: a table of rows in creation order, and the queue of the rows that still
 * hold time, in time order. The periods and the queue (blocks with shifts, so an immediate
 * purchase costs the same however long the queue is) are the shared PeriodQueue's
 * (platform/period-queue.ts); this class adds what a 直播分享 order is.
 *
 * The table keeps numbers in typed-array columns (about 60 bytes an order in all, where an object
 * per order took 280), so a long load test keeps its memory bounded (see docs/speed.md).
 */
import { float64Column, uint32Column, uint8Column } from '../../core/columns.js';
import { RowIndex } from '../../core/row-index.js';
import { PeriodQueue, type Period } from '../../platform/period-queue.js';

export type { Period };

/** 0 unpaid, 1 paid, 2 paying (documented values). */
export type PaymentStatus = 0 | 1 | 2;

/** What an order was bought as: the fields many orders of one device repeat, one record for each combination. */
export interface OrderTerms {
  readonly identityId: string;
  readonly commodityCode: string;
  readonly commodityName: string;
  readonly copies: number;
  readonly months: number;
  readonly price: string;
  readonly userName: string | null;
  readonly userId: string | null;
}

/** The parts few rows have: a settle time, ids the generator did not make. */
interface RowExtra {
  settlesAt: number | null;
  orderId: string | null;
  outOrderNo: string | null;
}

/** A row of the table as plain values, periods as plain instants (what fixtures and state files hold). */
export interface RowFields {
  orderId: string;
  outOrderNo: string;
  terms: OrderTerms;
  periods: readonly Period[];
  frozen: boolean;
  paymentStatus: PaymentStatus;
  settlesAt: number | null;
  createdAt: number;
}

const FROZEN = 4;
const PAYMENT = 3;
const CANONICAL_ID = /^\d{21}$/;
const CANONICAL_OUT = /^\d{15}$/;

const termsKey = (t: OrderTerms): string =>
  `${t.identityId}\u0001${t.commodityCode}\u0001${t.commodityName}\u0001${t.copies}\u0001${t.months}\u0001${t.price}\u0001${t.userName ?? '\u0002'}\u0001${t.userId ?? '\u0002'}`;

/** The orders of one device. Rows are numbered from 0 in the order they were added. */
export class DeviceOrders extends PeriodQueue {
  readonly iotId: string;
  // Columns, one value per row (the periods are PeriodQueue's).
  #createdAt = float64Column();
  #idSuffix = uint32Column();
  #outOrderNo = float64Column();
  #terms = uint32Column();
  #flags = uint8Column();
  #extras = new Map<number, RowExtra>();
  #termsList: OrderTerms[] = [];
  #termsIndex = new Map<string, number>();
  /** Rows by the last 7 digits of their orderId (and ids the generator did not make, by text). */
  #bySuffix = new RowIndex((row) => this.#idSuffix.get(row));
  #byCustomId = new Map<string, number>();
  /** False once a row was added with an earlier creation time than the row before it. */
  #createdInOrder = true;
  /**
   * Once rows are out of creation order: the rows sorted by creation time (ties in table order),
   * kept while later rows come in order (they go at the end) and rebuilt after one that does not.
   */
  #byCreation: number[] | null = null;

  constructor(iotId: string) {
    super();
    this.iotId = iotId;
  }

  /** True while rows were added in creation order (then newest first is the table read backwards). */
  get createdInOrder(): boolean {
    return this.#createdInOrder;
  }

  /** The row that is `k`-th newest by creation time (the later row first on ties), for k from 0. */
  newest(k: number): number {
    if (this.#createdInOrder) return this.count - 1 - k;
    if (this.#byCreation === null) {
      const rows = Array.from({ length: this.count }, (_, i) => i);
      rows.sort((a, b) => this.#createdAt.get(a) - this.#createdAt.get(b) || a - b);
      this.#byCreation = rows;
    }
    return this.#byCreation[this.count - 1 - k]!;
  }

  // ---- rows ----

  /** Adds a row holding plain instants; it is not queued (see enqueue). Returns the row number. */
  add(fields: RowFields, zoneCompact: (ms: number) => string): number {
    const row = this.newRow(fields.periods);
    const latest = row === 0 ? Number.NEGATIVE_INFINITY : this.#createdAt.get(this.#byCreation?.at(-1) ?? row - 1);
    if (fields.createdAt < latest) {
      this.#createdInOrder = false;
      this.#byCreation = null;
    } else if (!this.#createdInOrder) this.#byCreation?.push(row);
    this.#createdAt.set(row, fields.createdAt);
    this.#terms.set(row, this.#termsIndexOf(fields.terms));
    this.#flags.set(row, (fields.frozen ? FROZEN : 0) | fields.paymentStatus);
    if (fields.settlesAt !== null) this.#extra(row).settlesAt = fields.settlesAt;
    const id = fields.orderId;
    const suffix = CANONICAL_ID.test(id) && id.slice(0, 14) === zoneCompact(fields.createdAt) ? Number(id.slice(14)) : -1;
    if (suffix >= 0) {
      this.#idSuffix.set(row, suffix);
      this.#bySuffix.add(suffix, row);
    } else {
      this.#extra(row).orderId = id;
      this.#byCustomId.set(id, row);
    }
    if (CANONICAL_OUT.test(fields.outOrderNo)) this.#outOrderNo.set(row, Number(fields.outOrderNo));
    else this.#extra(row).outOrderNo = fields.outOrderNo;
    return row;
  }

  /** The row of `orderId`, or -1. */
  find(orderId: string, zoneCompact: (ms: number) => string): number {
    const custom = this.#byCustomId.get(orderId);
    if (custom !== undefined) return custom;
    if (!CANONICAL_ID.test(orderId)) return -1;
    const head = orderId.slice(0, 14);
    return this.#bySuffix.find(Number(orderId.slice(14)), (row) => zoneCompact(this.#createdAt.get(row)) === head);
  }

  orderId(row: number, zoneCompact: (ms: number) => string): string {
    return this.#extras.get(row)?.orderId ?? zoneCompact(this.#createdAt.get(row)) + String(this.#idSuffix.get(row)).padStart(7, '0');
  }

  outOrderNo(row: number): string {
    return this.#extras.get(row)?.outOrderNo ?? String(this.#outOrderNo.get(row)).padStart(15, '0');
  }

  /** The generated outOrderNo of a row as a number, or -1 for one given as text (fixtures). */
  outOrderNumber(row: number): number {
    return this.#extras.get(row)?.outOrderNo != null ? -1 : this.#outOrderNo.get(row);
  }

  createdAt(row: number): number {
    return this.#createdAt.get(row);
  }

  terms(row: number): OrderTerms {
    return this.#termsList[this.#terms.get(row)]!;
  }

  frozen(row: number): boolean {
    return (this.#flags.get(row) & FROZEN) !== 0;
  }

  paymentStatus(row: number): PaymentStatus {
    return (this.#flags.get(row) & PAYMENT) as PaymentStatus;
  }

  settlesAt(row: number): number | null {
    return this.#extras.get(row)?.settlesAt ?? null;
  }

  /** Sets the payment status and settle time (null unless paying). */
  setPayment(row: number, status: PaymentStatus, settlesAt: number | null): void {
    this.#flags.set(row, (this.#flags.get(row) & ~PAYMENT) | status);
    if (settlesAt !== null || this.#extras.has(row)) this.#extra(row).settlesAt = settlesAt;
  }

  /** A copy that shares nothing mutable with this one (terms records are immutable and shared). */
  clone(): DeviceOrders {
    const copy = new DeviceOrders(this.iotId);
    this.copyQueueTo(copy);
    copy.#createdAt = this.#createdAt.clone();
    copy.#idSuffix = this.#idSuffix.clone();
    copy.#outOrderNo = this.#outOrderNo.clone();
    copy.#terms = this.#terms.clone();
    copy.#flags = this.#flags.clone();
    for (const [row, e] of this.#extras) copy.#extras.set(row, { ...e });
    copy.#termsList = this.#termsList.slice();
    copy.#termsIndex = new Map(this.#termsIndex);
    copy.#bySuffix = this.#bySuffix.clone((row) => copy.#idSuffix.get(row));
    copy.#byCustomId = new Map(this.#byCustomId);
    copy.#createdInOrder = this.#createdInOrder;
    copy.#byCreation = this.#byCreation && this.#byCreation.slice();
    return copy;
  }

  #extra(row: number): RowExtra {
    let extra = this.#extras.get(row);
    if (extra === undefined) {
      extra = { settlesAt: null, orderId: null, outOrderNo: null };
      this.#extras.set(row, extra);
    }
    return extra;
  }

  #termsIndexOf(terms: OrderTerms): number {
    const key = termsKey(terms);
    let index = this.#termsIndex.get(key);
    if (index === undefined) {
      index = this.#termsList.length;
      this.#termsList.push(Object.freeze({ ...terms }));
      this.#termsIndex.set(key, index);
    }
    return index;
  }

  /** A frozen order holds no time: a rebuilt queue leaves it out. */
  protected override holdsTime(row: number): boolean {
    return !this.frozen(row);
  }

  /** Sets the frozen flag. The caller moves the row out of or into the queue. */
  setFrozen(row: number, frozen: boolean): void {
    this.#flags.set(row, frozen ? this.#flags.get(row) | FROZEN : this.#flags.get(row) & ~FROZEN);
  }
}
