/**
 * The per-device timeline rules (spec §7), as plain functions over plain data.
 * The docs say only that immediateUse starts a package now and that otherwise it starts when
 * the previous ones end; these rules fill the gaps so that no paid time is ever lost.
 * Functions mutate the orders they are given and return the ones whose periods changed,
 * so a caller can persist exactly those.
 */
import { isInEffect, orderEnd, periodsOf, toPeriodList, type Order, type Period } from './order.js';

/** A device's orders (in creation order) and the latest end among its unfrozen ones. */
export interface DeviceTimeline {
  orders: Order[];
  /** Cached so that queueing a new order costs the same with 10 or 100 000 orders. */
  latestEnd: number;
  /** True while no order was created before the one added ahead of it: newest first is then the reverse. */
  createdInOrder: boolean;
  /**
   * Present on a timeline that shares its orders with a read-only base (a session's fork):
   * makes the order at `index` private to this timeline, and returns it, before a rule writes it.
   */
  own?(index: number): Order;
}

/** The order at `index`, safe to write. */
function writable(timeline: DeviceTimeline, index: number): Order {
  return timeline.own ? timeline.own(index) : timeline.orders[index]!;
}

/** An empty timeline. */
export function emptyTimeline(): DeviceTimeline {
  return { orders: [], latestEnd: Number.NEGATIVE_INFINITY, createdInOrder: true };
}

/** True when the order occupies time from `now` on: not frozen, not expired. */
export function holdsPeriod(order: Order, now: number): boolean {
  return !order.frozen && orderEnd(order) > now;
}

/** Where an order bought without immediateUse starts: after every unexpired, unfrozen order, or now. */
export function queueEnd(timeline: DeviceTimeline, now: number): number {
  return Math.max(timeline.latestEnd, now);
}

/** Adds a placed order to the timeline. */
export function addOrder(timeline: DeviceTimeline, order: Order): void {
  const last = timeline.orders[timeline.orders.length - 1];
  if (last !== undefined && order.createdAt < last.createdAt) timeline.createdInOrder = false;
  timeline.orders.push(order);
  if (!order.frozen) timeline.latestEnd = Math.max(timeline.latestEnd, orderEnd(order));
}

/** Recomputes the cached latest end, after a freeze or a bulk change. */
export function refreshLatestEnd(timeline: DeviceTimeline): void {
  let latest = Number.NEGATIVE_INFINITY;
  for (const o of timeline.orders) if (!o.frozen) latest = Math.max(latest, orderEnd(o));
  timeline.latestEnd = latest;
}

/**
 * Opens a gap of `length` ms at `now`: every period from now on moves later by `length`,
 * and a period that contains now is cut there, its remainder moved. Expired and frozen orders
 * do not move. Returns the orders that changed.
 */
export function openGapAt(timeline: DeviceTimeline, now: number, length: number, except?: Order): Order[] {
  const moved: Order[] = [];
  if (length <= 0) return moved;
  const { orders } = timeline;
  for (let i = 0; i < orders.length; i++) {
    if (orders[i] === except || !holdsPeriod(orders[i]!, now)) continue;
    const order = writable(timeline, i);
    const next: Period[] = [];
    for (const p of periodsOf(order)) {
      if (p.end <= now) next.push(p);
      else if (p.start >= now) next.push({ start: p.start + length, end: p.end + length });
      else next.push({ start: p.start, end: now }, { start: now + length, end: p.end + length });
    }
    order.periods = toPeriodList(next);
    moved.push(order);
  }
  if (moved.length > 0) timeline.latestEnd += length;
  return moved;
}

/**
 * Closes the time an order held from `now` on, pulling every later period of the other
 * holding orders earlier by the length removed, so the queue keeps no gap. Returns the
 * removed length and the orders that changed.
 */
function withdrawFuture(timeline: DeviceTimeline, order: Order, now: number): { length: number; moved: Order[] } {
  const periods = periodsOf(order);
  const removed = periods.filter((p) => p.start >= now);
  const length = removed.reduce((sum, p) => sum + (p.end - p.start), 0);
  order.periods = toPeriodList(periods.filter((p) => p.start < now));
  const moved = new Set<Order>();
  const { orders } = timeline;
  for (let i = 0; i < orders.length; i++) {
    if (orders[i] === order || !holdsPeriod(orders[i]!, now)) continue;
    const other = orders[i]!;
    let changed = false;
    const next = periodsOf(other).map((p) => {
      if (p.start < now) return p;
      let shift = 0;
      for (const r of removed) if (r.end <= p.start) shift += r.end - r.start;
      if (shift === 0) return p;
      changed = true;
      return { start: p.start - shift, end: p.end - shift };
    });
    if (changed) {
      const own = writable(timeline, i);
      own.periods = toPeriodList(next);
      moved.add(own);
    }
  }
  return { length, moved: [...moved] };
}

/** Why enable() refused. */
export type EnableRefusal = 'expired' | 'frozen';

/**
 * Makes a waiting order take effect now (spec §7): it leaves the queue and is placed as with
 * immediateUse. An order in effect comes back unchanged. Returns the orders that changed.
 */
export function enableOrder(
  timeline: DeviceTimeline,
  order: Order,
  now: number,
): { ok: true; moved: Order[] } | { ok: false; reason: EnableRefusal } {
  if (order.frozen) return { ok: false, reason: 'frozen' };
  if (orderEnd(order) <= now) return { ok: false, reason: 'expired' };
  if (isInEffect(order, now)) return { ok: true, moved: [] };
  const withdrawn = withdrawFuture(timeline, order, now);
  const opened = openGapAt(timeline, now, withdrawn.length, order);
  order.periods = toPeriodList([...periodsOf(order), { start: now, end: now + withdrawn.length }]);
  refreshLatestEnd(timeline);
  const moved = new Set<Order>([...withdrawn.moved, ...opened, order]);
  return { ok: true, moved: [...moved] };
}
