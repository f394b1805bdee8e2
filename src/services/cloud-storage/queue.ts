/**
 * The per-device queue of cloud-storage orders, behind the small interface the rules use. The
 * platform's shared queue (being rewritten for 直播分享) offers the same rules (spec §7); switching
 * to it means implementing these verbs over it. Until then this one is simple: each order's
 * segments of time, and each verb a pass over the device's few orders.
 */

/** A stretch of time, [start, end) in epoch ms. */
export interface Period {
  start: number;
  end: number;
}

/** Where an order stands on its queue at an instant. */
export type Standing = 'waiting' | 'in-effect' | 'over';

/** What the cloud-storage rules need of a device's queue. */
export interface OrderQueue {
  /** Where an order placed after the queue starts: the latest end of the periods not yet over, or `now`. */
  endAfter(now: number): number;
  /** Adds `id`, holding `period`. */
  place(id: string, period: Period): void;
  /** Puts `id` back with the segments a state file saved (what segmentsOf gave). */
  restore(id: string, segments: readonly Period[]): void;
  /**
   * Makes room for `length` ms at `now`: an order in effect is cut at `now` and its remainder
   * moves `length` later, as does every waiting order, keeping their order. Returns the ids moved.
   */
  openGapAt(now: number, length: number): string[];
  /**
   * Takes `id` off the queue (freeze, enable, transfer). The time it held after `now` is given
   * back: the orders behind it move earlier, leaving no gap. Returns the ids moved.
   */
  remove(id: string, now: number): string[];
  /**
   * Makes a waiting `id` take effect at `now`: the time it still holds moves to `now` as with
   * openGapAt, and what it already used (before an immediate purchase cut it) stays where it was.
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
}

/** An empty queue. */
export function createQueue(): OrderQueue {
  // Per order, ascending disjoint segments. Segments of different orders never overlap after `now`.
  const segments = new Map<string, Period[]>();

  const heldAfter = (id: string, now: number): number => {
    let held = 0;
    for (const s of segments.get(id) ?? []) if (s.end > now) held += s.end - Math.max(s.start, now);
    return held;
  };

  const queue: OrderQueue = {
    endAfter(now) {
      let end = now;
      for (const list of segments.values()) {
        const last = list[list.length - 1];
        if (last && last.end > end) end = last.end;
      }
      return end;
    },
    place(id, period) {
      segments.set(id, [{ start: period.start, end: period.end }]);
    },
    restore(id, saved) {
      segments.set(id, saved.map((s) => ({ start: s.start, end: s.end })));
    },
    openGapAt(now, length) {
      const moved: string[] = [];
      for (const [id, list] of segments) {
        const next: Period[] = [];
        let changed = false;
        for (const s of list) {
          if (s.end <= now) next.push(s);
          else if (s.start >= now) {
            next.push({ start: s.start + length, end: s.end + length });
            changed = true;
          } else {
            next.push({ start: s.start, end: now }, { start: now + length, end: s.end + length });
            changed = true;
          }
        }
        if (changed) {
          segments.set(id, next);
          moved.push(id);
        }
      }
      return moved;
    },
    remove(id, now) {
      const gone = (segments.get(id) ?? []).filter((s) => s.end > now).map((s) => ({ start: Math.max(s.start, now), end: s.end }));
      segments.delete(id);
      if (gone.length === 0) return [];
      // An instant after `now` moves earlier by the removed time that lay between `now` and it.
      const shift = (t: number): number => {
        let removed = 0;
        for (const g of gone) if (g.start < t) removed += Math.min(g.end, t) - g.start;
        return t - removed;
      };
      const moved: string[] = [];
      for (const [other, list] of segments) {
        let changed = false;
        const next: Period[] = [];
        for (const s of list) {
          const start = s.start >= now ? shift(s.start) : s.start;
          const end = s.end > now ? shift(s.end) : s.end;
          if (start !== s.start || end !== s.end) changed = true;
          const prev = next[next.length - 1];
          // The two parts of a cut order meet again once the order that cut it is gone.
          if (prev && prev.end === start) prev.end = end;
          else next.push({ start, end });
        }
        if (changed) {
          segments.set(other, next);
          moved.push(other);
        }
      }
      return moved;
    },
    enable(id, now) {
      const held = heldAfter(id, now);
      const used = (segments.get(id) ?? []).filter((s) => s.start < now).map((s) => ({ start: s.start, end: Math.min(s.end, now) }));
      queue.remove(id, now);
      queue.openGapAt(now, held);
      const last = used[used.length - 1];
      if (last && last.end === now) last.end = now + held;
      else used.push({ start: now, end: now + held });
      segments.set(id, used);
    },
    periodOf(id) {
      const list = segments.get(id);
      if (!list || list.length === 0) return undefined;
      return { start: list[0]!.start, end: list[list.length - 1]!.end };
    },
    segmentsOf: (id) => (segments.get(id) ?? []).map((s) => ({ ...s })),
    heldAfter,
    standingOf(id, now) {
      const list = segments.get(id);
      if (!list || list.length === 0) return undefined;
      if (list[list.length - 1]!.end <= now) return 'over';
      return list.some((s) => s.start <= now && now < s.end) ? 'in-effect' : 'waiting';
    },
  };
  return queue;
}
