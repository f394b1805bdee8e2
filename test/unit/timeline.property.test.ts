/**
 * The store against a plain reference implementation of docs/streaming.md's rules (test/support/reference-timeline.ts),
 * over random sequences of create (both modes, any copies), enable, pay, freeze and clock moves:
 * every order's periods, flags and status must agree after every step. The same sequence replayed
 * from the changes the rules reported (what a state file stores) must give the same store.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createIdSource } from '../../src/core/ids.js';
import { createZoneTime } from '../../src/core/zone-time.js';
import { loadFixtures } from '../../src/fixtures/load.js';
import { replayChange, editOrder, type StreamingChange } from '../../src/families/streaming/changes.js';
import { StreamingChange as StreamingChangeRecord } from '../../src/families/streaming/change-record.js';
import { orderFields, orderLength, orderStatus, paymentStatusAt, isInEffect, periodsOf } from '../../src/families/streaming/order.js';
import { createOrder, enableOwnOrder, payOrder, type StreamingContext } from '../../src/families/streaming/rules.js';
import { allOrders, createStore, findOrderAnywhere, type StreamingStore } from '../../src/families/streaming/store.js';
import { createDirectory } from '../../src/platform/directory.js';
import { ReferenceTimeline } from '../support/reference-timeline.js';
import { DEVICES, T0 } from '../support/api.js';

const fixtures = loadFixtures();
const zone = createZoneTime('Asia/Shanghai');
const PACKAGES = fixtures.packages;
const TARGETS = [DEVICES.empty, DEVICES.queue, DEVICES.inEffect] as const;
const DAY = 86_400_000;

type Step =
  | { kind: 'create'; device: number; pkg: number; copies: number; immediate: boolean }
  | { kind: 'enable'; pick: number }
  | { kind: 'pay'; pick: number; settleMs: number }
  | { kind: 'freeze'; pick: number }
  | { kind: 'advance'; ms: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('create' as const), device: fc.nat(TARGETS.length - 1), pkg: fc.nat(PACKAGES.length - 1), copies: fc.integer({ min: 1, max: 60 }), immediate: fc.boolean() }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('enable' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('pay' as const), pick: fc.nat(), settleMs: fc.constantFrom(0, 0, 60_000) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('freeze' as const), pick: fc.nat() }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('advance' as const),
      // From a millisecond to two years: lands inside periods, on their edges and past whole queues.
      ms: fc.oneof(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 1, max: 60 * DAY }), fc.integer({ min: 1, max: 730 * DAY })),
    }),
  },
);

/** Every order of the store as comparable data at `now`. */
function stateOf(store: StreamingStore, now: number) {
  return [...allOrders(store)]
    .map((o) => ({ ...orderFields(o), status: orderStatus(o, now), paid: paymentStatusAt(o, now) }))
    .sort((a, b) => a.orderId.localeCompare(b.orderId));
}

/** The checks the model promises whatever the reference says. */
function checkInvariants(store: StreamingStore, now: number, lengths: Map<string, number>): void {
  for (const iotId of TARGETS) {
    const holding = [...allOrders(store)].filter((o) => o.iotId === iotId && orderStatus(o, now) === 0);
    const periods = holding.flatMap((o) => periodsOf(o)).sort((a, b) => a.start - b.start);
    for (let i = 1; i < periods.length; i++) expect(periods[i]!.start).toBeGreaterThanOrEqual(periods[i - 1]!.end);
    expect(holding.filter((o) => isInEffect(o, now)).length).toBeLessThanOrEqual(1);
  }
  // Once placed, an order keeps its exact length.
  for (const [orderId, length] of lengths) expect(orderLength(findOrderAnywhere(store, orderId)!)).toBe(length);
}

/** Runs a sequence through the store and the reference, comparing after each step. */
function run(steps: Step[], seed: number): { refused: number } {
  let refused = 0;
  let now = Date.parse(T0);
  const directory = createDirectory(fixtures);
  const store = createStore({ fixtures, now, zone, ids: createIdSource(seed), directory });
  const reference = new ReferenceTimeline(zone);
  for (const o of allOrders(store)) reference.load({ ...orderFields(o), iotId: o.iotId });
  const lengths = new Map<string, number>();
  for (const o of allOrders(store)) lengths.set(o.orderId, orderLength(o));
  const changes: StreamingChange[] = [];
  const ctx = (): StreamingContext => ({ directory, store, now, zone, ids: createIdSource(seed + now) });
  const pick = (n: number) => {
    const all = [...reference.orders.values()].filter((o) => (TARGETS as readonly string[]).includes(o.iotId));
    return all.length === 0 ? undefined : all[n % all.length]!;
  };
  for (const s of steps) {
    switch (s.kind) {
      case 'create': {
        const pkg = PACKAGES[s.pkg]!;
        const iotId = TARGETS[s.device]!;
        const out = createOrder(ctx(), { iotId, commodityCode: pkg.commodityCode, copies: s.copies, userName: null, userId: null, immediateUse: s.immediate });
        const expected = out.ok ? reference.create(iotId, out.value.orderId, pkg.months * s.copies, s.immediate, now) : reference.create(iotId, '-', pkg.months * s.copies, s.immediate, now);
        expect(out.ok ? 'ok' : 'range').toBe(expected);
        if (out.ok) {
          lengths.set(out.value.orderId, orderLength(out.value));
          changes.push(out.change!);
        } else refused++;
        break;
      }
      case 'enable': {
        const o = pick(s.pick);
        if (!o) break;
        const out = enableOwnOrder(ctx(), o.iotId, o.orderId);
        expect(out.ok ? 'ok' : 'refused').toBe(reference.enable(o.orderId, now));
        if (out.ok && out.change) changes.push(out.change);
        break;
      }
      case 'pay': {
        const o = pick(s.pick);
        if (!o) break;
        const out = payOrder(ctx(), o.iotId, o.orderId, s.settleMs);
        expect(out.ok ? 'ok' : 'refused').toBe(reference.pay(o.orderId, now, s.settleMs));
        if (out.ok && out.change) changes.push(out.change);
        break;
      }
      case 'freeze': {
        const o = pick(s.pick);
        if (!o) break;
        const change: StreamingChange = { kind: 'edit', now, orderId: o.orderId, frozen: true };
        expect(editOrder(store, change)).toBe(true);
        reference.setFrozen(o.orderId, true);
        changes.push(change);
        break;
      }
      case 'advance':
        now += s.ms;
        break;
    }
    // One comparison of every order per step (an expect per field of each order costs more than the store).
    const refs = [...reference.orders.values()];
    const real = refs.map((ref) => {
      const o = findOrderAnywhere(store, ref.orderId)!;
      return { orderId: ref.orderId, periods: periodsOf(o), frozen: o.frozen, paymentStatus: o.paymentStatus, settlesAt: o.settlesAt };
    });
    expect(real, `after ${s.kind}`).toEqual(refs.map(({ orderId, periods, frozen, paymentStatus, settlesAt }) => ({ orderId, periods, frozen, paymentStatus, settlesAt })));
    checkInvariants(store, now, lengths);
  }
  // What a state file would hold: the fixtures' store and the reported changes, replayed.
  const replayed = createStore({ fixtures, now: Date.parse(T0), zone, ids: createIdSource(seed), directory });
  // Each change as the file reads it back: the one schema the rules state their changes in.
  for (const change of changes) replayChange(replayed, directory, StreamingChangeRecord.parse(JSON.parse(JSON.stringify(change))));
  expect(stateOf(replayed, now)).toEqual(stateOf(store, now));
  return { refused };
}

describe('timeline rules against the reference (property-based)', () => {
  it('agree on every order after every step of random sequences', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 60 }), fc.integer({ min: 0, max: 0xffff }), (steps, seed) => {
        run(steps, seed);
      }),
      { numRuns: 150 },
    );
  });

  it('agree when many immediate purchases and enables cut the same order in effect', () => {
    const immediateHeavy = fc.oneof(
      fc.record({ kind: fc.constant('create' as const), device: fc.constant(0), pkg: fc.constant(1), copies: fc.integer({ min: 1, max: 3 }), immediate: fc.boolean() }),
      fc.record({ kind: fc.constant('enable' as const), pick: fc.nat() }),
      fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 1, max: 20 * DAY }) }),
    );
    fc.assert(fc.property(fc.array(immediateHeavy, { minLength: 1, maxLength: 80 }), (steps) => {
      run(steps, 7);
    }), { numRuns: 100 });
  });

  it('agree on long queues that cross block boundaries (hundreds of orders on one device)', () => {
    const long = fc.array(
      fc.oneof(
        { weight: 6, arbitrary: fc.record({ kind: fc.constant('create' as const), device: fc.constant(0), pkg: fc.constant(1), copies: fc.constant(1), immediate: fc.boolean() }) },
        { weight: 2, arbitrary: fc.record({ kind: fc.constant('enable' as const), pick: fc.nat() }) },
        { weight: 1, arbitrary: fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 1, max: 90 * DAY }) }) },
      ),
      { minLength: 280, maxLength: 420 },
    );
    fc.assert(fc.property(long, (steps) => {
      run(steps, 11);
    }), { numRuns: 3 });
  }, 120_000);

  it('refuses with a 460 the purchase that would run past 9999-12-31, in both modes, and changes nothing', () => {
    const steps: Step[] = Array.from({ length: 300 }, (_, i) => ({ kind: 'create', device: 0, pkg: PACKAGES.findIndex((p) => p.months === Math.max(...PACKAGES.map((q) => q.months))), copies: 60, immediate: i % 2 === 0 }));
    // About 133 orders of 60 years fit before 9999 from 2024: the rest are refused.
    expect(run(steps, 3).refused).toBeGreaterThan(100);
  });
});
