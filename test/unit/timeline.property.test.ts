/**
 * Property-based tests of the §7 timeline rules: random sequences of create (immediate or not),
 * enable, pay, clock advances and freezes, run through the real model over the built-in fixtures,
 * must keep the invariants after every step.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createIdSource } from '../../src/core/ids.js';
import { createZoneTime } from '../../src/core/zone-time.js';
import { loadFixtures } from '../../src/fixtures/load.js';
import { createOrder, type StreamingContext } from '../../src/services/streaming/model.js';
import { isInEffect, orderEnd, orderLength, orderStart, orderStatus, periodsOf, type Order } from '../../src/services/streaming/order.js';
import { createStore, timelineOf } from '../../src/services/streaming/store.js';
import { enableOwnOrder, payOrder } from '../../src/services/streaming/lifecycle.js';
import { holdsPeriod, refreshLatestEnd } from '../../src/services/streaming/timeline.js';
import { DEVICES, T0 } from '../support/api.js';

const fixtures = loadFixtures();
const zone = createZoneTime('Asia/Shanghai');
const PACKAGES = fixtures.packages.map((p) => p.commodityCode);
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

/** The checks that must hold after every step. */
function checkInvariants(ctx: StreamingContext, lengths: Map<Order, number>, created: Order[], frozenSeen: Set<string>): void {
  const { store, now } = ctx;
  // No order lost: every created order is in the store and on its device's timeline.
  for (const order of created) {
    expect(store.orders.get(order.orderId)).toBe(order);
    expect(timelineOf(store, order.iotId).orders).toContain(order);
  }
  for (const [order, length] of lengths) {
    // Once placed, an order keeps its exact length; its periods stay ascending and disjoint.
    expect(orderLength(order)).toBe(length);
    const periods = periodsOf(order);
    periods.forEach((p, i) => {
      expect(p.end).toBeGreaterThan(p.start);
      if (i > 0) expect(p.start).toBeGreaterThanOrEqual(periods[i - 1]!.end);
    });
    // Status is derived from the clock: frozen wins, then expiry.
    expect(orderStatus(order, now)).toBe(order.frozen ? 2 : orderEnd(order) <= now ? 1 : 0);
  }
  for (const iotId of TARGETS) {
    const timeline = timelineOf(store, iotId);
    const holding = timeline.orders.filter((o) => holdsPeriod(o, now));
    // No overlap among the periods of unfrozen, unexpired orders.
    const periods = holding.flatMap((o) => periodsOf(o).map((p) => ({ ...p, id: o.orderId }))).sort((a, b) => a.start - b.start);
    for (let i = 1; i < periods.length; i++) {
      if (periods[i]!.start < periods[i - 1]!.end) {
        throw new Error(`overlap on ${iotId}: ${JSON.stringify(periods[i - 1])} and ${JSON.stringify(periods[i])}`);
      }
    }
    // At most one order in effect at any instant.
    expect(holding.filter((o) => isInEffect(o, now)).length).toBeLessThanOrEqual(1);
    // The cached latest end is the true one, so new orders queue after everything.
    const latest = Math.max(Number.NEGATIVE_INFINITY, ...timeline.orders.filter((o) => !o.frozen).map(orderEnd));
    expect(timeline.latestEnd).toBe(latest);
    // Without freezes no paid time is wasted: the future of the holding orders tiles [now, latestEnd).
    if (!frozenSeen.has(iotId) && holding.length > 0) {
      const future = holding.reduce((sum, o) => sum + periodsOf(o).reduce((s, p) => s + Math.max(0, p.end - Math.max(p.start, now)), 0), 0);
      expect(future).toBe(timeline.latestEnd - now);
    }
  }
}

/** Runs a sequence of steps through the model, checking the invariants after each. */
function run(steps: Step[], seed: number): void {
  const ids = createIdSource(seed);
  let now = Date.parse(T0);
  const store = createStore({ fixtures, now, zone, ids });
  const lengths = new Map<Order, number>();
  for (const order of store.orders.values()) lengths.set(order, orderLength(order));
  const created: Order[] = [];
  const frozenSeen = new Set<string>([DEVICES.frozen]);
  const ctx = (): StreamingContext => ({ store, now, zone, ids });
  const pick = (n: number): Order | undefined => {
    const all = [...lengths.keys()].filter((o) => (TARGETS as readonly string[]).includes(o.iotId));
    return all.length === 0 ? undefined : all[n % all.length];
  };
  // Every order's state as JSON, to find what a step really changed.
  const snapshot = () => new Map([...lengths.keys()].map((o) => [o, JSON.stringify(o)]));
  for (const s of steps) {
    const before = snapshot();
    let reported: Order[] | undefined;
    switch (s.kind) {
      case 'create': {
        const out = createOrder(ctx(), {
          iotId: TARGETS[s.device]!,
          commodityCode: PACKAGES[s.pkg]!,
          copies: s.copies,
          userName: null,
          userId: null,
          immediateUse: s.immediate,
        });
        if (!out.ok) throw new Error(`create refused: ${out.detail}`);
        const order = out.value;
        reported = out.changed;
        expect(orderStart(order)).toBe(s.immediate ? now : Math.max(now, orderStart(order)));
        lengths.set(order, orderLength(order));
        created.push(order);
        break;
      }
      case 'enable': {
        const order = pick(s.pick);
        if (!order) break;
        const status = orderStatus(order, now);
        const out = enableOwnOrder(ctx(), order.iotId, order.orderId);
        // Expired and frozen orders are refused; anything else is in effect afterwards.
        expect(out.ok).toBe(status === 0);
        if (out.ok) {
          expect(isInEffect(order, now)).toBe(true);
          reported = out.changed;
        }
        break;
      }
      case 'pay': {
        const order = pick(s.pick);
        if (!order) break;
        // Paying changes no period: the timeline holds unpaid orders too.
        const out = payOrder(ctx(), order.iotId, order.orderId, s.settleMs);
        expect(out.ok).toBe(!order.frozen);
        if (out.ok) reported = out.changed;
        break;
      }
      case 'freeze': {
        const order = pick(s.pick);
        if (!order) break;
        order.frozen = true;
        refreshLatestEnd(timelineOf(store, order.iotId));
        frozenSeen.add(order.iotId);
        break;
      }
      case 'advance':
        now += s.ms;
        break;
    }
    // What the state file would persist covers everything the step changed.
    if (s.kind !== 'freeze') {
      for (const [order, json] of before) {
        if (JSON.stringify(order) !== json) expect(reported ?? [], `${s.kind} changed ${order.orderId} without reporting it`).toContain(order);
      }
      for (const order of reported ?? []) if (!before.has(order)) expect(s.kind).toBe('create');
    }
    checkInvariants(ctx(), lengths, created, frozenSeen);
  }
}

describe('timeline rules (property-based)', () => {
  it('keep no overlap, lengths, every order and a clock-derived status over random sequences', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 60 }), fc.integer({ min: 0, max: 0xffff }), (steps, seed) => run(steps, seed)),
      { numRuns: 150 },
    );
  });

  it('keep them when many immediate purchases and enables cut the same order in effect', () => {
    const immediateHeavy = fc.oneof(
      fc.record({ kind: fc.constant('create' as const), device: fc.constant(0), pkg: fc.constant(1), copies: fc.integer({ min: 1, max: 3 }), immediate: fc.boolean() }),
      fc.record({ kind: fc.constant('enable' as const), pick: fc.nat() }),
      fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 1, max: 20 * DAY }) }),
    );
    fc.assert(fc.property(fc.array(immediateHeavy, { minLength: 1, maxLength: 80 }), (steps) => run(steps, 7)), { numRuns: 100 });
  });
});
