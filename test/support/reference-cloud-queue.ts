/**
 * The cloud-storage queue as it was before it moved onto the shared PeriodQueue
 * (src/platform/period-queue.ts): each order's segments of time, and each verb a pass
 * over the device's orders. Kept, unchanged but for the verbs the new interface names
 * (placeAtNow is the old openGapAt then place; restore), as the reference the new queue is checked
 * against (test/unit/cloud-storage-queue.differential.test.ts).
 */
import type { OrderQueue, Period } from '../../src/families/cloud-storage/queue.js';

/** An empty reference queue. */
export function createReferenceQueue(): OrderQueue {
  // Per order, ascending disjoint segments. Segments of different orders never overlap after `now`.
  const segments = new Map<string, Period[]>();

  const heldAfter = (id: string, now: number): number => {
    let held = 0;
    for (const s of segments.get(id) ?? []) if (s.end > now) held += s.end - Math.max(s.start, now);
    return held;
  };

  const queue: OrderQueue & { openGapAt(now: number, length: number): string[] } = {
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
    lastHolding(now) {
      let found: string | undefined;
      let end = now;
      for (const [id, list] of segments) {
        const last = list[list.length - 1];
        if (last && last.end > end) [found, end] = [id, last.end];
      }
      return found;
    },
    restore(id, saved) {
      segments.set(id, saved.map((s) => ({ start: s.start, end: s.end })));
    },
    placeAtNow(id, now, length) {
      queue.openGapAt(now, length);
      queue.place(id, { start: now, end: now + length });
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
