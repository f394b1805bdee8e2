/**
 * The rows of one device's orders that hold time, as a queue in time order, shared by the
 * families (直播分享's DeviceOrders and cloud storage's queue extend it).
 *
 * Why a queue of blocks with shifts: every purchase that takes effect at once pushes the order in
 * effect and every waiting order later by the same length ([model] on 190252's immediateUse: now, or when the previous packages end). Rewriting each waiting order
 * made that cost grow with the queue; here the whole queue carries one shift, and each block of
 * up to BLOCK rows one more (enable moves the rows ahead of the enabled one, a prefix of the
 * queue; closing a gap moves the rows behind one, a suffix). A queued row stores its last period
 * relative to those shifts; a row that left the queue (expired, frozen, removed) stores it as
 * plain instants and never moves again. Periods before the last one (an order cut by an immediate
 * purchase) are plain instants.
 *
 * Rows are numbered from 0 in the order they were added; the numbers are in typed-array columns
 * (see core/columns.ts) so a long load keeps its memory bounded.
 */
import { float64Column, int32Column } from '../core/columns.js';

/** A stretch of time an order holds, [start, end) in epoch ms. */
export interface Period {
  start: number;
  end: number;
}

interface Block {
  readonly id: number;
  rows: number[];
  shift: number;
}

/** Rows per block: enable touches the blocks ahead of a row and the rows ahead of it in its block. */
const BLOCK = 256;

/** Rows with their periods, and the queue of those that hold time. A family extends it with its own columns. */
export class PeriodQueue {
  #count = 0;
  /** The last period: relative to the row's block and the queue shift while queued, plain instants otherwise. */
  #start = float64Column();
  #end = float64Column();
  /** The id of the block holding the row plus one; 0 when the row is not queued. */
  #block = int32Column();
  /** Periods before the last one, as plain instants, flat: [start0, end0, start1, end1, …]; few rows have any. */
  #past = new Map<number, number[]>();

  // The queue: rows holding time from now on, ordered by the end of their last period.
  #blocks: Block[] = [];
  #blockById = new Map<number, Block>();
  #nextBlockId = 1;
  #shift = 0;
  /** The latest instant the queue was settled at: a clock moved back before it rebuilds the queue. */
  #settledAt = Number.NEGATIVE_INFINITY;

  /** How many rows there are. */
  get count(): number {
    return this.#count;
  }

  /** Adds a row holding `periods` (ascending, at least one) as plain instants; it is not queued (see enqueue). Returns its number. */
  protected newRow(periods: readonly Period[]): number {
    const row = this.#count++;
    const last = periods[periods.length - 1]!;
    this.#start.set(row, last.start);
    this.#end.set(row, last.end);
    if (periods.length > 1) {
      const past: number[] = [];
      for (let i = 0; i < periods.length - 1; i++) past.push(periods[i]!.start, periods[i]!.end);
      this.#past.set(row, past);
    }
    return row;
  }

  /** Whether a row may join the queue when it is rebuilt (a frozen or removed one may not). */
  protected holdsTime(_row: number): boolean {
    return true;
  }

  /** Copies the rows' periods and the queue into `copy`, a new, empty instance, sharing nothing mutable. */
  protected copyQueueTo(copy: PeriodQueue): void {
    copy.#count = this.#count;
    copy.#start = this.#start.clone();
    copy.#end = this.#end.clone();
    copy.#block = this.#block.clone();
    for (const [row, past] of this.#past) copy.#past.set(row, past.slice());
    for (const b of this.#blocks) {
      const block: Block = { id: b.id, rows: b.rows.slice(), shift: b.shift };
      copy.#blocks.push(block);
      copy.#blockById.set(block.id, block);
    }
    copy.#nextBlockId = this.#nextBlockId;
    copy.#shift = this.#shift;
    copy.#settledAt = this.#settledAt;
  }

  // ---- periods ----

  /** How many periods the row holds. */
  periodCount(row: number): number {
    const past = this.#past.get(row);
    return (past === undefined ? 0 : past.length / 2) + 1;
  }

  /** Where period `index` of the row starts, as an instant. */
  periodStart(row: number, index: number): number {
    const past = this.#past.get(row);
    if (past !== undefined && index < past.length / 2) return past[2 * index]!;
    return this.#start.get(row) + this.#offset(row);
  }

  /** Where period `index` of the row ends, as an instant. */
  periodEnd(row: number, index: number): number {
    const past = this.#past.get(row);
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

  /** The last row of the queue (the one that ends last), or -1 when it is empty. */
  tailRow(): number {
    const last = this.#blocks[this.#blocks.length - 1];
    return last === undefined ? -1 : last.rows[last.rows.length - 1]!;
  }

  /** The end of the queue: the latest end among the queued rows, or -Infinity. */
  tailEnd(): number {
    const row = this.tailRow();
    return row < 0 ? Number.NEGATIVE_INFINITY : this.lastEnd(row);
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
    this.#moveRows(block, 0, at, length);
    this.#dequeue(row);
    this.#pushFront(row, now, now + length);
  }

  /**
   * Takes a queued row out of the queue at `now` and gives back the time it held from now on: the
   * rows behind it move earlier by that length, leaving no gap; those ahead of it stay. Its periods
   * stay as they were, as plain instants. The queue must be settled at `now`.
   */
  closeGapAt(row: number, now: number): void {
    if (!this.queued(row)) return;
    const length = this.lastEnd(row) - Math.max(this.lastStart(row), now);
    const block = this.#blockById.get(this.#block.get(row) - 1)!;
    // The rows behind it: the rest of its own block one by one, whole blocks through their shift.
    this.#moveRows(block, block.rows.indexOf(row) + 1, block.rows.length, -length);
    for (let b = this.#blocks.indexOf(block) + 1; b < this.#blocks.length; b++) this.#blocks[b]!.shift -= length;
    this.#dequeue(row);
  }

  /** Rebuilds the queue from every row that holds time and ends after `now` (a state file's load uses -Infinity). */
  rebuildQueue(now: number): void {
    this.#rebuild(now);
  }

  /** Moves rows `from` to `to` (exclusive) of a block by `by` ms, one by one. */
  #moveRows(block: Block, from: number, to: number, by: number): void {
    for (let i = from; i < to; i++) {
      const r = block.rows[i]!;
      this.#start.set(r, this.#start.get(r) + by);
      this.#end.set(r, this.#end.get(r) + by);
    }
  }

  /** Cuts the head row at `now` when it is in effect: its used part becomes a past period. */
  #cutHeadAt(now: number): void {
    const head = this.head();
    if (head < 0) return;
    const start = this.lastStart(head);
    if (start >= now) return;
    // The part already used stays where it is; the rest is the row's last period from now on.
    let past = this.#past.get(head);
    if (past === undefined) {
      past = [];
      this.#past.set(head, past);
    }
    past.push(start, now);
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

  #rebuild(now: number): void {
    for (const b of [...this.#blocks]) for (const r of [...b.rows]) this.#dequeue(r);
    this.#shift = 0;
    this.#settledAt = now;
    const holding: number[] = [];
    for (let row = 0; row < this.#count; row++) if (this.holdsTime(row) && this.#end.get(row) > now) holding.push(row);
    holding.sort((a, b) => this.#end.get(a) - this.#end.get(b));
    for (const row of holding) this.pushBack(row);
  }
}
