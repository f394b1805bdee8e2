/**
 * The cloud-storage queue on the shared PeriodQueue against the simple one it replaced
 * (test/support/reference-cloud-queue.ts): random fixture-like layouts (orders over, in effect,
 * waiting, with gaps, some cut in two), then random placements at the end and at now, enables,
 * removals and clock advances. After every step both must answer every verb the same for every
 * order. The clock only moves forward here: moved back after a cut, the old queue moved the part
 * an order had used, the shared one (as 直播分享's) keeps used time where it was.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createQueue, type OrderQueue, type Period } from '../../src/families/cloud-storage/queue.js';
import { createReferenceQueue } from '../support/reference-cloud-queue.js';

const DAY = 86_400_000;
const T0 = Date.parse('2024-11-15T02:00:00Z');

type Step =
  | { kind: 'end'; days: number }
  | { kind: 'now'; days: number }
  | { kind: 'enable'; pick: number }
  | { kind: 'remove'; pick: number }
  | { kind: 'advance'; ms: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('end' as const), days: fc.integer({ min: 1, max: 400 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('now' as const), days: fc.integer({ min: 1, max: 400 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('enable' as const), pick: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('remove' as const), pick: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('advance' as const), ms: fc.oneof(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 1, max: 60 * DAY }), fc.integer({ min: 1, max: 500 * DAY })) }) },
);

/** A fixture-like layout: back-to-back or gapped stretches from before now to after it; some cut in two by another (restored). */
const layout = fc.array(fc.record({ gap: fc.constantFrom(0, 0, 0, DAY, 5 * DAY), days: fc.integer({ min: 1, max: 90 }), cut: fc.constantFrom(0, 0, 0, 3 * DAY) }), { maxLength: 8 });

function answers(queue: OrderQueue, ids: readonly string[], now: number) {
  return {
    endAfter: queue.endAfter(now),
    lastHolding: queue.lastHolding(now),
    orders: ids.map((id) => ({ id, segments: queue.segmentsOf(id), period: queue.periodOf(id), held: queue.heldAfter(id, now), standing: queue.standingOf(id, now) })),
  };
}

function run(start: readonly { gap: number; days: number; cut: number }[], from: number, steps: readonly Step[]): void {
  const queues = [createQueue(), createReferenceQueue()] as const;
  const ids: string[] = [];
  let now = T0;
  // Fixture orders, placed in a shuffled order (their ends give their places).
  const placed: { id: string; segments: Period[] }[] = [];
  let at = T0 - from * DAY;
  start.forEach((s, i) => {
    at += s.gap;
    // An order cut by an immediate purchase: its used part ended by now, the purchase fills the cut.
    if (s.cut > 0 && at + s.cut <= now) {
      placed.push({ id: `f${i}cut`, segments: [{ start: at + s.cut, end: at + s.cut + DAY }] });
      placed.push({ id: `f${i}`, segments: [{ start: at, end: at + s.cut }, { start: at + s.cut + DAY, end: at + s.cut + DAY + s.days * DAY }] });
      at += s.cut + DAY + s.days * DAY;
      return;
    }
    placed.push({ id: `f${i}`, segments: [{ start: at, end: at + s.days * DAY }] });
    at += s.days * DAY;
  });
  for (const p of placed.reverse()) {
    for (const q of queues) {
      if (p.segments.length === 1) q.place(p.id, p.segments[0]!);
      else q.restore(p.id, p.segments);
    }
    ids.push(p.id);
  }
  expect(answers(queues[0], ids, now)).toEqual(answers(queues[1], ids, now));
  let n = 0;
  for (const s of steps) {
    const pick = (k: number) => (ids.length === 0 ? undefined : ids[k % ids.length]);
    switch (s.kind) {
      case 'end': {
        const id = `o${n++}`;
        const startAt = queues[1].endAfter(now);
        for (const q of queues) q.place(id, { start: q.endAfter(now), end: startAt + s.days * DAY });
        ids.push(id);
        break;
      }
      case 'now': {
        const id = `o${n++}`;
        for (const q of queues) q.placeAtNow(id, now, s.days * DAY);
        ids.push(id);
        break;
      }
      case 'enable': {
        const id = pick(s.pick);
        if (id !== undefined && queues[1].standingOf(id, now) === 'waiting') for (const q of queues) q.enable(id, now);
        break;
      }
      case 'remove': {
        const id = pick(s.pick);
        if (id !== undefined) for (const q of queues) q.remove(id, now);
        break;
      }
      case 'advance':
        now += s.ms;
        break;
    }
    expect(answers(queues[0], ids, now), JSON.stringify(s)).toEqual(answers(queues[1], ids, now));
  }
}

describe('cloud-storage queue on the shared PeriodQueue, against the simple one it replaced', () => {
  it('answers every verb the same for every order, after every step', () => {
    fc.assert(fc.property(layout, fc.integer({ min: 0, max: 200 }), fc.array(step, { minLength: 1, maxLength: 60 }), run), { numRuns: 400 });
  });

  it('does so when immediate purchases, enables and removals hit one long queue again and again', () => {
    const heavy: fc.Arbitrary<Step> = fc.oneof(
      { weight: 3, arbitrary: fc.record({ kind: fc.constant('end' as const), days: fc.integer({ min: 1, max: 60 }) }) },
      { weight: 3, arbitrary: fc.record({ kind: fc.constant('now' as const), days: fc.integer({ min: 1, max: 60 }) }) },
      { weight: 2, arbitrary: fc.record({ kind: fc.constant('enable' as const), pick: fc.nat() }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('remove' as const), pick: fc.nat() }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 10 * DAY }) }) },
    );
    // About 300 orders queued at the end: the queue spans more than one block of 256.
    fc.assert(fc.property(fc.array(heavy, { minLength: 600, maxLength: 800 }), (steps) => run([], 0, steps)), { numRuns: 6 });
  });
});
