/**
 * The per-device queue of cloud-storage orders, behind the small interface the rules use, over
 * the queue 直播分享 uses too (platform/period-queue.ts, [model] on 177885's immediateUse): an immediate purchase, an
 * enable and a removal cost the same however long the device's history is, instead of a pass
 * over its orders. The family's own rule is removal (freeze, transfer): the time the order held
 * from now on is given back, and the orders behind it move up (直播分享's freeze only dequeues).
 */
import { PeriodQueue, type Period } from '../../platform/period-queue.js';

export type { Period };

/** Where an order stands on its queue at an instant. */
export type Standing = 'waiting' | 'in-effect' | 'over';

/** What the cloud-storage rules need of a device's queue. */
export interface OrderQueue {
  /** Where an order placed after the queue starts: the latest end of the periods not yet over, or `now`. */
  endAfter(now: number): number;
  /** Adds `id`, holding `period` (after the queue's end, or anywhere for fixtures: its end gives its place). */
  place(id: string, period: Period): void;
  /**
   * Adds `id` holding [now, now + length): an order in effect is cut at `now` and its remainder
   * moves `length` later, as does every waiting order, keeping their order.
   */
  placeAtNow(id: string, now: number, length: number): void;
  /** Puts `id` back with the segments a state file saved (what segmentsOf gave). */
  restore(id: string, segments: readonly Period[]): void;
  /**
   * Takes `id` off the queue (freeze, transfer). The time it held after `now` is given back: the
   * orders behind it move earlier, leaving no gap.
   */
  remove(id: string, now: number): void;
  /**
   * Makes a waiting `id` take effect at `now`: the time it still holds moves to `now` as with
   * placeAtNow, and what it already used (before an immediate purchase cut it) stays where it was.
   */
  enable(id: string, now: number): void;
  /** `id`'s span, first start to last end (an order cut by an immediate purchase spans the cut). */
  periodOf(id: string): Period | undefined;
  /** `id`'s segments of time, ascending and disjoint (two once an immediate purchase cut it). */
  segmentsOf(id: string): readonly Period[];
  /** Milliseconds `id` holds after `now`. */
  heldAfter(id: string, now: number): number;
  /** Whether `id` waits, is in effect, or is over at `now`. */
  standingOf(id: string, now: number): Standing | undefined;
  /** The order that holds time last (the latest end after `now`), or undefined when none holds time after `now`. */
  lastHolding(now: number): string | undefined;
}

/** A device's cloud-storage orders on the shared queue: a row per order placed on it, found by orderId. */
class CloudQueue extends PeriodQueue implements OrderQueue {
  #rowOf = new Map<string, number>();
  /** The orderId of each row. */
  #idOf: string[] = [];
  /** Rows taken off (frozen, transferred away): a rebuilt queue leaves them out. */
  #removed = new Set<number>();

  protected override holdsTime(row: number): boolean {
    return !this.#removed.has(row);
  }

  #add(id: string, periods: readonly Period[]): number {
    const old = this.#rowOf.get(id);
    if (old !== undefined) this.#takeOff(old, id);
    const row = this.newRow(periods);
    this.#rowOf.set(id, row);
    this.#idOf[row] = id;
    return row;
  }

  #takeOff(row: number, id: string): void {
    this.dequeue(row);
    this.#removed.add(row);
    this.#rowOf.delete(id);
  }

  endAfter(now: number): number {
    this.settle(now);
    return Math.max(this.tailEnd(), now);
  }

  place(id: string, period: Period): void {
    this.enqueue(this.#add(id, [period]));
  }

  placeAtNow(id: string, now: number, length: number): void {
    this.settle(now);
    this.insertAtNow(this.#add(id, [{ start: now, end: now + length }]), now, length);
  }

  restore(id: string, segments: readonly Period[]): void {
    this.enqueue(this.#add(id, segments));
  }

  remove(id: string, now: number): void {
    const row = this.#rowOf.get(id);
    if (row === undefined) return;
    this.settle(now);
    this.closeGapAt(row, now);
    this.#takeOff(row, id);
  }

  enable(id: string, now: number): void {
    const row = this.#rowOf.get(id);
    if (row === undefined) return;
    this.settle(now);
    this.moveToNow(row, now);
  }

  periodOf(id: string): Period | undefined {
    const row = this.#rowOf.get(id);
    return row === undefined ? undefined : { start: this.periodStart(row, 0), end: this.lastEnd(row) };
  }

  segmentsOf(id: string): readonly Period[] {
    const row = this.#rowOf.get(id);
    if (row === undefined) return [];
    const out: Period[] = [];
    for (let i = 0; i < this.periodCount(row); i++) {
      const start = this.periodStart(row, i);
      const end = this.periodEnd(row, i);
      const prev = out[out.length - 1];
      // The parts of a cut order meet again when the order that cut it leaves (or it is enabled right after the cut).
      if (prev !== undefined && prev.end === start) prev.end = end;
      else out.push({ start, end });
    }
    return out;
  }

  heldAfter(id: string, now: number): number {
    const row = this.#rowOf.get(id);
    if (row === undefined) return 0;
    let held = 0;
    for (let i = 0; i < this.periodCount(row); i++) {
      const end = this.periodEnd(row, i);
      if (end > now) held += end - Math.max(this.periodStart(row, i), now);
    }
    return held;
  }

  standingOf(id: string, now: number): Standing | undefined {
    const row = this.#rowOf.get(id);
    if (row === undefined) return undefined;
    if (this.lastEnd(row) <= now) return 'over';
    for (let i = 0; i < this.periodCount(row); i++) if (this.periodStart(row, i) <= now && now < this.periodEnd(row, i)) return 'in-effect';
    return 'waiting';
  }

  lastHolding(now: number): string | undefined {
    this.settle(now);
    const row = this.tailRow();
    return row < 0 ? undefined : this.#idOf[row];
  }
}

/** An empty queue. */
export function createQueue(): OrderQueue {
  return new CloudQueue();
}
