/**
 * The queue rules (docs/streaming.md, How the timeline works), run for the cloud-storage queue: random sequences of purchases
 * (immediate or not), enables, freezes, transfers and clock advances through the real rules over
 * the built-in fixtures must keep the invariants after every step.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createIdSource } from '../../src/core/ids.js';
import { createZoneTime } from '../../src/core/zone-time.js';
import { loadFixtures } from '../../src/fixtures/load.js';
import { CLOUD_PACKAGES } from '../../src/families/cloud-storage/fixtures.js';
import { buyPackage, enableOrder, setOrderStatus, transferOrder, type CloudContext } from '../../src/families/cloud-storage/rules.js';
import { createCloudStorageState, queueOf } from '../../src/families/cloud-storage/state.js';
import { createDirectory } from '../../src/platform/directory.js';
import { DEVICES, T0 } from '../support/api.js';

const fixtures = loadFixtures();
const zone = createZoneTime('Asia/Shanghai');
// One record type, so every purchase is allowed on every device.
const EVENT_PACKAGES = CLOUD_PACKAGES.filter((p) => p.recordType === 2);
// Both 张伟's: transfers between them need no cross-account flag.
const TARGETS = [DEVICES.empty, DEVICES.inEffect] as const;
const DAY = 86_400_000;

type Step =
  | { kind: 'buy'; device: number; pkg: number; copies: number; immediate: boolean }
  | { kind: 'enable'; pick: number }
  | { kind: 'freeze'; pick: number }
  | { kind: 'transfer'; pick: number; immediate: boolean }
  | { kind: 'advance'; ms: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('buy' as const), device: fc.nat(TARGETS.length - 1), pkg: fc.nat(EVENT_PACKAGES.length - 1), copies: fc.integer({ min: 1, max: 5 }), immediate: fc.boolean() }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('enable' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('freeze' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('transfer' as const), pick: fc.nat(), immediate: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('advance' as const), ms: fc.oneof(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 1, max: 60 * DAY }), fc.integer({ min: 1, max: 400 * DAY })) }) },
);

function run(steps: Step[], seed: number): void {
  const ids = createIdSource(seed);
  let now = Date.parse(T0);
  const directory = createDirectory(fixtures);
  const cloud = createCloudStorageState({ directory, zone }, now);
  const ctx = (): CloudContext => ({ directory, now, zone, ids, cloud, settleMs: 0 });
  const lengths = new Map<string, number>();
  const total = (iotId: string, orderId: string) => queueOf(cloud, iotId).segmentsOf(orderId).reduce((sum, s) => sum + s.end - s.start, 0);
  const pick = (n: number) => {
    const mine = [...cloud.orders.values()].filter((o) => (TARGETS as readonly string[]).includes(o.iotId));
    return mine.length === 0 ? undefined : mine[n % mine.length];
  };
  for (const s of steps) {
    switch (s.kind) {
      case 'buy': {
        const pkg = EVENT_PACKAGES[s.pkg]!;
        const out = buyPackage(ctx(), {
          iotId: TARGETS[s.device]!, commodityCode: pkg.commodityCode, specification: pkg.specification, copies: s.copies,
          userName: 'u', userId: null, immediateUse: s.immediate, deviceNoOwner: false, settings: {},
        });
        if (!out.ok) throw new Error(`buy refused: ${out.detail}`);
        const span = queueOf(cloud, out.value.iotId).periodOf(out.value.orderId)!;
        expect(span.start).toBe(s.immediate ? now : Math.max(now, span.start));
        lengths.set(out.value.orderId, total(out.value.iotId, out.value.orderId));
        break;
      }
      case 'enable': {
        const order = pick(s.pick);
        if (!order) break;
        const standing = order.frozen ? 'frozen' : queueOf(cloud, order.iotId).standingOf(order.orderId, now);
        const out = enableOrder(ctx(), order);
        expect(out.ok).toBe(standing === 'waiting' || standing === 'in-effect');
        if (out.ok) expect(queueOf(cloud, order.iotId).standingOf(order.orderId, now)).toBe('in-effect');
        break;
      }
      case 'freeze': {
        const order = pick(s.pick);
        if (!order) break;
        const out = setOrderStatus(ctx(), order.iotId, order.orderId, 2, true);
        expect(out.ok).toBe(true);
        lengths.delete(order.orderId);
        break;
      }
      case 'transfer': {
        const order = pick(s.pick);
        if (!order) break;
        const held = order.frozen ? 0 : queueOf(cloud, order.iotId).heldAfter(order.orderId, now);
        const to = order.iotId === TARGETS[0] ? TARGETS[1] : TARGETS[0];
        const out = transferOrder(ctx(), { srcIotId: order.iotId, srcOrderId: order.orderId, dstIotId: to, immediateUse: s.immediate, supportCrossIdentityTransfer: false, userName: null, userId: null, settings: {} });
        expect(out.ok).toBe(!order.frozen && order.orderType === 0 && held > 0);
        // What moves is what was left: its new length.
        if (out.ok) lengths.set(order.orderId, held);
        break;
      }
      case 'advance':
        now += s.ms;
        break;
    }
    for (const iotId of TARGETS) {
      const queue = queueOf(cloud, iotId);
      const mine = [...cloud.orders.values()].filter((o) => o.iotId === iotId && !o.frozen);
      const future: { start: number; end: number; id: string }[] = [];
      for (const order of mine) {
        const segments = queue.segmentsOf(order.orderId);
        // Ascending, disjoint, never empty; the exact length kept since placed.
        segments.forEach((seg, i) => {
          expect(seg.end).toBeGreaterThan(seg.start);
          if (i > 0) expect(seg.start).toBeGreaterThanOrEqual(segments[i - 1]!.end);
        });
        if (lengths.has(order.orderId)) expect(total(iotId, order.orderId)).toBe(lengths.get(order.orderId));
        for (const seg of segments) if (seg.end > now) future.push({ start: Math.max(seg.start, now), end: seg.end, id: order.orderId });
      }
      future.sort((a, b) => a.start - b.start);
      for (let i = 1; i < future.length; i++) {
        if (future[i]!.start < future[i - 1]!.end) throw new Error(`overlap on ${iotId}: ${JSON.stringify(future[i - 1])} and ${JSON.stringify(future[i])}`);
      }
      // No paid time wasted, freezes and transfers included: the future tiles [now, end of queue).
      const held = future.reduce((sum, f) => sum + f.end - f.start, 0);
      expect(held).toBe(queue.endAfter(now) - now);
      // At most one order in effect at any instant.
      expect(mine.filter((o) => queue.standingOf(o.orderId, now) === 'in-effect').length).toBeLessThanOrEqual(1);
    }
  }
}

describe('cloud-storage queue rules (property-based)', () => {
  it('keep no overlap, exact lengths, no gap and one order in effect over random sequences', () => {
    fc.assert(fc.property(fc.array(step, { minLength: 1, maxLength: 50 }), fc.integer({ min: 0, max: 0xffff }), (steps, seed) => run(steps, seed)), { numRuns: 150 });
  });

  it('keep them when immediate purchases and enables cut the same order in effect again and again', () => {
    const heavy: fc.Arbitrary<Step> = fc.oneof(
      fc.record({ kind: fc.constant('buy' as const), device: fc.constant(0), pkg: fc.constant(0), copies: fc.integer({ min: 1, max: 3 }), immediate: fc.boolean() }),
      fc.record({ kind: fc.constant('enable' as const), pick: fc.nat() }),
      fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 1, max: 20 * DAY }) }),
    );
    fc.assert(fc.property(fc.array(heavy, { minLength: 1, maxLength: 80 }), (steps) => run(steps, 7)), { numRuns: 100 });
  });
});
