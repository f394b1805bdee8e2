/**
 * One device's orders: a table of rows in creation order, and the queue of the rows that still
 * hold time, in time order.
 *
 * Why a queue of blocks with shifts: every purchase that takes effect at once pushes the order in
 * effect and every waiting order later by the same length (spec §7). Rewriting each waiting order
 * made that cost grow with the queue; here the whole queue carries one shift, and each block of
 * up to BLOCK rows one more (enable moves the rows ahead of the enabled one, a prefix of the
 * queue). A queued row stores its last period relative to those shifts; a row that left the
 * queue (expired, frozen) stores it as plain instants and never moves again.
 *
 * The table keeps numbers in typed-array columns (about 60 bytes an order in all, where an object
 * per order took 280), so a long load test keeps its memory bounded (see README, Speed).
 */
import { float64Column, int32Column, uint32Column, uint8Column } from '../../core/columns.js';
import { RowIndex } from '../../core/row-index.js';

/** A stretch of time an order holds, [start, end) in epoch ms. */
export interface Period {
  start: number;
  end: number;
}

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

/** The parts few rows have: earlier periods (after a cut), a settle time, ids the generator did not make. */
interface RowExtra {
  /** Periods before the last one, as plain instants, flat: [start0, end0, start1, end1, …]. */
  past: number[];
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

interface Block {
  readonly id: number;
  rows: number[];
  shift: number;
}

/** Rows per block: enable touches the blocks ahead of a row and the rows ahead of it in its block. */
const BLOCK = 256;
const FROZEN = 4;
const PAYMENT = 3;
const CANONICAL_ID = /^\d{21}$/;
const CANONICAL_OUT = /^\d{15}$/;

const termsKey = (t: OrderTerms): string =>
  `${t.identityId}\u0001${t.commodityCode}\u0001${t.commodityName}\u0001${t.copies}\u0001${t.months}\u0001${t.price}\u0001${t.userName ?? '\u0002'}\u0001${t.userId ?? '\u0002'}`;

/** The orders of one device. Rows are numbered from 0 in the order they were added. */
export class DeviceOrders {
  readonly iotId: string;
  #count = 0;
  // Columns, one value per row.
  #createdAt = float64Column();
  #idSuffix = uint32Column();
  #outOrderNo = float64Column();
  /** The last period: relative to the row's block and the queue shift while queued, plain instants otherwise. */
  #start = float64Column();
  #end = float64Column();
  #terms = uint32Column();
  #flags = uint8Column();
  /** The id of the block holding the row plus one; 0 when the row is not queued. */
  #block = int32Column();
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

  // The queue: rows holding time from now on, ordered by the end of their last period.
  #blocks: Block[] = [];
  #blockById = new Map<number, Block>();
  #nextBlockId = 1;
  #shift = 0;
  /** The latest instant the queue was settled at: a clock moved back before it rebuilds the queue. */
  #settledAt = Number.NEGATIVE_INFINITY;

  constructor(iotId: string) {
    this.iotId = iotId;
  }

  /** How many orders the device has. */
  get count(): number {
    return this.#count;
  }

  /** True while rows were added in creation order (then newest first is the table read backwards). */
  get createdInOrder(): boolean {
    return this.#createdInOrder;
  }

  /** The row that is `k`-th newest by creation time (the later row first on ties), for k from 0. */
  newest(k: number): number {
    if (this.#createdInOrder) return this.#count - 1 - k;
    if (this.#byCreation === null) {
      const rows = Array.from({ length: this.#count }, (_, i) => i);
      rows.sort((a, b) => this.#createdAt.get(a) - this.#createdAt.get(b) || a - b);
      this.#byCreation = rows;
    }
    return this.#byCreation[this.#count - 1 - k]!;
  }

  // ---- rows ----

  /** Adds a row holding plain instants; it is not queued (see enqueue). Returns the row number. */
  add(fields: RowFields, zoneCompact: (ms: number) => string): number {
    const row = this.#count++;
    const latest = row === 0 ? Number.NEGATIVE_INFINITY : this.#createdAt.get(this.#byCreation?.at(-1) ?? row - 1);
    if (fields.createdAt < latest) {
      this.#createdInOrder = false;
      this.#byCreation = null;
    } else if (!this.#createdInOrder) this.#byCreation?.push(row);
    this.#createdAt.set(row, fields.createdAt);
    this.#terms.set(row, this.#termsIndexOf(fields.terms));
    this.#flags.set(row, (fields.frozen ? FROZEN : 0) | fields.paymentStatus);
    const periods = fields.periods;
    const last = periods[periods.length - 1]!;
    this.#start.set(row, last.start);
    this.#end.set(row, last.end);
    for (let i = 0; i < periods.length - 1; i++) this.#extra(row).past.push(periods[i]!.start, periods[i]!.end);
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

  /** How many periods the row holds. */
  periodCount(row: number): number {
    const past = this.#extras.get(row)?.past;
    return (past === undefined ? 0 : past.length / 2) + 1;
  }

  /** Where period `index` of the row starts, as an instant. */
  periodStart(row: number, index: number): number {
    const past = this.#extras.get(row)?.past;
    if (past !== undefined && index < past.length / 2) return past[2 * index]!;
    return this.#start.get(row) + this.#offset(row);
  }

  /** Where period `index` of the row ends, as an instant. */
  periodEnd(row: number, index: number): number {
    const past = this.#extras.get(row)?.past;
    if (past !== undefined && index < past.length / 2) return past[2 * index + 1]!;
    return this.#end.get(row) + this.#offset(row);
  }

  /** Where the row's last period starts. */
  lastStart(row: number): number {
    return this.#start.get(row) + this.#offset(row);
  }

  /** Where the row's last period ends: the end of the order. */
  lastEnd(row: number): number {
    return this.#end.get(row) + this.#offset(row);
  }

  /** A copy that shares nothing mutable with this one (terms records are immutable and shared). */
  clone(): DeviceOrders {
    const copy = new DeviceOrders(this.iotId);
    copy.#count = this.#count;
    copy.#createdAt = this.#createdAt.clone();
    copy.#idSuffix = this.#idSuffix.clone();
    copy.#outOrderNo = this.#outOrderNo.clone();
    copy.#start = this.#start.clone();
    copy.#end = this.#end.clone();
    copy.#terms = this.#terms.clone();
    copy.#flags = this.#flags.clone();
    copy.#block = this.#block.clone();
    for (const [row, e] of this.#extras) copy.#extras.set(row, { ...e, past: e.past.slice() });
    copy.#termsList = this.#termsList.slice();
    copy.#termsIndex = new Map(this.#termsIndex);
    copy.#bySuffix = this.#bySuffix.clone((row) => copy.#idSuffix.get(row));
    copy.#byCustomId = new Map(this.#byCustomId);
    copy.#createdInOrder = this.#createdInOrder;
    copy.#byCreation = this.#byCreation && this.#byCreation.slice();
    for (const b of this.#blocks) {
      const block: Block = { id: b.id, rows: b.rows.slice(), shift: b.shift };
      copy.#blocks.push(block);
      copy.#blockById.set(block.id, block);
    }
    copy.#nextBlockId = this.#nextBlockId;
    copy.#shift = this.#shift;
    copy.#settledAt = this.#settledAt;
    return copy;
  }

  // ---- the queue ----

  /** True when the row is in the queue (it held time from the last settle on and is not frozen). */
  queued(row: number): boolean {
    return this.#block.get(row) !== 0;
  }

  /**
   * Takes out of the queue, from its head, every row whose time ended by `now`: they never move
   * again. A clock moved back before an earlier settle rebuilds the queue from every row instead.
   */
  settle(now: number): void {
    if (now < this.#settledAt) {
      this.#rebuild(now);
      return;
    }
    this.#settledAt = now;
    for (;;) {
      const head = this.head();
      if (head < 0 || this.lastEnd(head) > now) return;
      this.#dequeue(head);
    }
  }

  /** The first row of the queue (the one that ends first), or -1 when it is empty. */
  head(): number {
    return this.#blocks[0]?.rows[0] ?? -1;
  }

  /** The end of the queue: the latest end among the queued rows, or -Infinity. */
  tailEnd(): number {
    const last = this.#blocks[this.#blocks.length - 1];
    return last === undefined ? Number.NEGATIVE_INFINITY : this.lastEnd(last.rows[last.rows.length - 1]!);
  }

  /** Puts a row that is not queued into the queue at the place its end gives it. */
  enqueue(row: number): void {
    const start = this.lastStart(row);
    const end = this.lastEnd(row);
    let b = this.#blocks.length - 1;
    while (b >= 0 && this.lastEnd(this.#blocks[b]!.rows[0]!) > end) b--;
    if (b < 0) {
      this.#pushFront(row, start, end);
      return;
    }
    const block = this.#blocks[b]!;
    let i = block.rows.length;
    while (i > 0 && this.lastEnd(block.rows[i - 1]!) > end) i--;
    if (i === block.rows.length && b === this.#blocks.length - 1) {
      this.#pushBack(row, start, end);
      return;
    }
    block.rows.splice(i, 0, row);
    this.#place(row, block, start, end);
    if (block.rows.length > 2 * BLOCK) this.#split(b);
  }

  /** Takes a queued row out of the queue; its periods stay where they are, as plain instants. */
  dequeue(row: number): void {
    if (this.queued(row)) this.#dequeue(row);
  }

  /** Adds a row that is not queued at the end of the queue (it ends after every queued row). */
  pushBack(row: number): void {
    this.#pushBack(row, this.lastStart(row), this.lastEnd(row));
  }

  /**
   * Opens a gap of `length` ms at `now` for `row`, which then holds [now, now + length) at the head
   * of the queue: the row in effect is cut at now and every queued row moves later by `length`.
   * The queue must be settled at `now`.
   */
  insertAtNow(row: number, now: number, length: number): void {
    this.#cutHeadAt(now);
    this.#shift += length;
    this.#pushFront(row, now, now + length);
  }

  /**
   * Moves a queued row to the head of the queue at `now`, holding the same length from now on:
   * the rows ahead of it move later by that length, the rows after it stay. The queue must be
   * settled at `now` and the row must not be in effect.
   */
  moveToNow(row: number, now: number): void {
    const length = this.lastEnd(row) - this.lastStart(row);
    this.#cutHeadAt(now);
    const block = this.#blockById.get(this.#block.get(row) - 1)!;
    const at = block.rows.indexOf(row);
    // The rows ahead of it: whole blocks through their shift, the rest of its own block one by one.
    for (const b of this.#blocks) {
      if (b === block) break;
      b.shift += length;
    }
    for (let i = 0; i < at; i++) {
      const r = block.rows[i]!;
      this.#start.set(r, this.#start.get(r) + length);
      this.#end.set(r, this.#end.get(r) + length);
    }
    this.#dequeue(row);
    this.#pushFront(row, now, now + length);
  }

  /** Cuts the head row at `now` when it is in effect: its used part becomes a past period. */
  #cutHeadAt(now: number): void {
    const head = this.head();
    if (head < 0) return;
    const start = this.lastStart(head);
    if (start >= now) return;
    // The part already used stays where it is; the rest is the row's last period from now on.
    const extra = this.#extra(head);
    extra.past.push(start, now);
    this.#start.set(head, now - this.#offset(head));
  }

  #offset(row: number): number {
    const id = this.#block.get(row);
    return id === 0 ? 0 : this.#blockById.get(id - 1)!.shift + this.#shift;
  }

  #place(row: number, block: Block, start: number, end: number): void {
    this.#block.set(row, block.id + 1);
    const offset = block.shift + this.#shift;
    this.#start.set(row, start - offset);
    this.#end.set(row, end - offset);
  }

  #newBlock(): Block {
    const block: Block = { id: this.#nextBlockId++, rows: [], shift: 0 };
    this.#blockById.set(block.id, block);
    return block;
  }

  #pushFront(row: number, start: number, end: number): void {
    let block = this.#blocks[0];
    if (block === undefined || block.rows.length >= BLOCK) {
      block = this.#newBlock();
      this.#blocks.unshift(block);
    }
    block.rows.unshift(row);
    this.#place(row, block, start, end);
  }

  #pushBack(row: number, start: number, end: number): void {
    let block = this.#blocks[this.#blocks.length - 1];
    if (block === undefined || block.rows.length >= BLOCK) {
      block = this.#newBlock();
      this.#blocks.push(block);
    }
    block.rows.push(row);
    this.#place(row, block, start, end);
  }

  #dequeue(row: number): void {
    const start = this.lastStart(row);
    const end = this.lastEnd(row);
    const block = this.#blockById.get(this.#block.get(row) - 1)!;
    // The head leaves most often (settle): shift() is the cheap case of splice.
    if (block.rows[0] === row) block.rows.shift();
    else block.rows.splice(block.rows.indexOf(row), 1);
    if (block.rows.length === 0) {
      this.#blocks.splice(this.#blocks.indexOf(block), 1);
      this.#blockById.delete(block.id);
    }
    this.#block.set(row, 0);
    this.#start.set(row, start);
    this.#end.set(row, end);
  }

  #split(index: number): void {
    const block = this.#blocks[index]!;
    const half = this.#newBlock();
    half.shift = block.shift;
    half.rows = block.rows.splice(BLOCK);
    for (const r of half.rows) this.#block.set(r, half.id + 1);
    this.#blocks.splice(index + 1, 0, half);
  }

  /** Rebuilds the queue from every unfrozen row whose time ends after `now` (a state file's load uses -Infinity). */
  rebuildQueue(now: number): void {
    this.#rebuild(now);
  }

  #rebuild(now: number): void {
    for (const b of [...this.#blocks]) for (const r of [...b.rows]) this.#dequeue(r);
    this.#shift = 0;
    this.#settledAt = now;
    const holding: number[] = [];
    for (let row = 0; row < this.#count; row++) if (!this.frozen(row) && this.#end.get(row) > now) holding.push(row);
    holding.sort((a, b) => this.#end.get(a) - this.#end.get(b));
    for (const row of holding) this.pushBack(row);
  }

  #extra(row: number): RowExtra {
    let extra = this.#extras.get(row);
    if (extra === undefined) {
      extra = { past: [], settlesAt: null, orderId: null, outOrderNo: null };
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

  /** Sets the frozen flag. The caller moves the row out of or into the queue. */
  setFrozen(row: number, frozen: boolean): void {
    this.#flags.set(row, frozen ? this.#flags.get(row) | FROZEN : this.#flags.get(row) & ~FROZEN);
  }
}
