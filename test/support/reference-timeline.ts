/**
 * A plain reference implementation of the timeline rules in docs/streaming.md: every order an object with
 * its periods, every rule a loop that rewrites each order it moves. Slow and obvious on purpose:
 * the store (src/families/streaming) must agree with it after every step.
 */
import type { ZoneTime } from '../../src/core/zone-time.js';

export interface RefPeriod {
  start: number;
  end: number;
}

export interface RefOrder {
  orderId: string;
  iotId: string;
  periods: RefPeriod[];
  frozen: boolean;
  paymentStatus: 0 | 1 | 2;
  settlesAt: number | null;
}

const endOf = (o: RefOrder) => o.periods[o.periods.length - 1]!.end;

export class ReferenceTimeline {
  readonly orders = new Map<string, RefOrder>();

  constructor(private readonly zone: ZoneTime) {}

  /** Adds an order as it stands (fixtures). */
  load(order: RefOrder): void {
    this.orders.set(order.orderId, { ...order, periods: order.periods.map((p) => ({ ...p })) });
  }

  private holding(iotId: string, now: number): RefOrder[] {
    return [...this.orders.values()].filter((o) => o.iotId === iotId && !o.frozen && endOf(o) > now);
  }

  /** order/create: 'range' when a period would end after the zone's last showable instant. */
  create(iotId: string, orderId: string, months: number, immediate: boolean, now: number): 'ok' | 'range' {
    const holding = this.holding(iotId, now);
    const latest = Math.max(now, ...holding.map(endOf));
    const start = immediate ? now : latest;
    const end = this.zone.addMonths(start, months);
    if (end > this.zone.maxInstant) return 'range';
    if (immediate && latest + (end - now) > this.zone.maxInstant) return 'range';
    if (immediate) this.openGap(iotId, now, end - now);
    this.orders.set(orderId, { orderId, iotId, periods: [{ start, end }], frozen: false, paymentStatus: 0, settlesAt: null });
    return 'ok';
  }

  /** Every period from now on moves later by `length`; one containing now is cut there. */
  private openGap(iotId: string, now: number, length: number, except?: RefOrder): void {
    const holding = [...this.orders.values()].filter((o) => o.iotId === iotId && o !== except && !o.frozen && endOf(o) > now);
    for (const o of holding) {
      const next: RefPeriod[] = [];
      for (const p of o.periods) {
        if (p.end <= now) next.push(p);
        else if (p.start >= now) next.push({ start: p.start + length, end: p.end + length });
        else next.push({ start: p.start, end: now }, { start: now + length, end: p.end + length });
      }
      o.periods = next;
    }
  }

  /** order/enable: 'refused' for expired and frozen orders. */
  enable(orderId: string, now: number): 'ok' | 'refused' {
    const o = this.orders.get(orderId)!;
    if (o.frozen || endOf(o) <= now) return 'refused';
    if (o.periods.some((p) => p.start <= now && now < p.end)) return 'ok';
    const others = this.holding(o.iotId, now).filter((other) => other !== o);
    const removed = o.periods.filter((p) => p.start >= now);
    const length = removed.reduce((sum, p) => sum + p.end - p.start, 0);
    o.periods = o.periods.filter((p) => p.start < now);
    // The time it held closes up: later periods of the others move earlier by what was removed before them.
    for (const other of others) {
      other.periods = other.periods.map((p) => {
        if (p.start < now) return p;
        let shift = 0;
        for (const r of removed) if (r.end <= p.start) shift += r.end - r.start;
        return { start: p.start - shift, end: p.end - shift };
      });
    }
    this.openGap(o.iotId, now, length, o);
    o.periods.push({ start: now, end: now + length });
    return 'ok';
  }

  /** order/pay: 'refused' for a frozen order. */
  pay(orderId: string, now: number, settleMs: number): 'ok' | 'refused' {
    const o = this.orders.get(orderId)!;
    if (o.frozen) return 'refused';
    const status = o.paymentStatus === 2 && o.settlesAt !== null && now >= o.settlesAt ? 1 : o.paymentStatus;
    if (status !== 0) return 'ok';
    if (settleMs > 0) {
      o.paymentStatus = 2;
      o.settlesAt = now + settleMs;
    } else o.paymentStatus = 1;
    return 'ok';
  }

  /** An admin freeze or unfreeze: the periods stay where they are. */
  setFrozen(orderId: string, frozen: boolean): void {
    this.orders.get(orderId)!.frozen = frozen;
  }
}
