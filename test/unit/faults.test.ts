import { describe, expect, it } from 'vitest';
import { createRandom } from '../../src/core/random.js';
import { createFaultEngine, sampleDelay, type FaultRequest } from '../../src/faults/engine.js';
import { parseFaultHeader } from '../../src/faults/header.js';
import { FaultRule } from '../../src/faults/schema.js';

const CREATE = '/vision/customer/streaming/order/create';
const req = (over: Partial<FaultRequest> & { headers?: Record<string, string> } = {}): FaultRequest => ({
  path: CREATE,
  apiVer: '1.0.0',
  iotId: 'dev-1',
  appKey: '24000001',
  header: (n) => over.headers?.[n],
  ...over,
});
const rule = (input: unknown) => FaultRule.parse(input);

describe('fault rules (schema)', () => {
  it('accepts each action type and refuses unknown ones with the field named', () => {
    for (const r of [
      { type: 'latency', delay: 100 },
      { type: 'latency', delay: { kind: 'uniform', min: 1, max: 5 } },
      { type: 'latency', delay: { kind: 'lognormal', median: 100, sigma: 0.5, cap: 1000 } },
      { type: 'error', code: 403 },
      { type: 'gateway', status: 503 },
      { type: 'timeout' },
      { type: 'drop' },
      { type: 'hang' },
    ]) expect(FaultRule.safeParse(r).success).toBe(true);
    expect(FaultRule.safeParse({ type: 'explode' }).success).toBe(false);
    const badCode = FaultRule.safeParse({ type: 'error', code: 999 });
    expect(badCode.success).toBe(false);
    expect(badCode.error!.issues[0]!.message).toMatch(/catalogue/);
    expect(FaultRule.safeParse({ type: 'gateway', status: 502 }).success).toBe(false);
    expect(FaultRule.safeParse({ type: 'drop', match: { pathh: '/x' } }).success).toBe(false);
  });
});

describe('fault engine', () => {
  it('first matching rule wins; rules that do not match are skipped', () => {
    const engine = createFaultEngine(1, [
      rule({ id: 'other-path', type: 'drop', match: { path: '/cloud/token' } }),
      rule({ id: 'first', type: 'error', code: 403 }),
      rule({ id: 'second', type: 'error', code: 500 }),
    ]);
    expect(engine.select(req())?.id).toBe('first');
  });

  it('matches on path (exact and glob), apiVer, iotId, appKey and a header', () => {
    const engine = createFaultEngine(1);
    const cases: [object, Partial<FaultRequest> & { headers?: Record<string, string> }, boolean][] = [
      [{ path: CREATE }, {}, true],
      [{ path: '/vision/customer/streaming/order/*' }, {}, true],
      [{ path: '/vision/customer/streaming/order/pay' }, {}, false],
      [{ apiVer: '1.0.0' }, {}, true],
      [{ apiVer: '1.0.1' }, {}, false],
      [{ iotId: 'dev-1' }, {}, true],
      [{ iotId: 'dev-2' }, {}, false],
      [{ appKey: '24000001' }, {}, true],
      [{ appKey: '24000009' }, {}, false],
      [{ header: { name: 'X-Test' } }, { headers: { 'x-test': 'a' } }, true],
      [{ header: { name: 'x-test', value: 'a' } }, { headers: { 'x-test': 'b' } }, false],
      [{ header: { name: 'x-test' } }, {}, false],
    ];
    for (const [match, request, expected] of cases) {
      engine.replace([rule({ type: 'drop', match })]);
      expect(engine.select(req(request)) !== undefined, JSON.stringify(match)).toBe(expected);
    }
  });

  it('times: 2 fires twice, then the next rule (or none) applies', () => {
    const engine = createFaultEngine(1, [rule({ id: 'twice', type: 'error', code: 503, times: 2 })]);
    expect([1, 2, 3, 4].map(() => engine.select(req())?.id ?? null)).toEqual(['twice', 'twice', null, null]);
    expect(engine.list()[0]!.fired).toBe(2);
  });

  it('a probability rule with a fixed seed fires on the same requests every run, and about as often as asked', () => {
    const run = (seed: number) => {
      const engine = createFaultEngine(seed, [rule({ type: 'error', code: 503, probability: 0.3 })]);
      return Array.from({ length: 200 }, () => (engine.select(req()) ? 1 : 0)).join('');
    };
    expect(run(7)).toBe(run(7));
    expect(run(7)).not.toBe(run(8));
    const hits = [...run(7)].filter((c) => c === '1').length;
    expect(hits).toBeGreaterThan(30);
    expect(hits).toBeLessThan(90);
  });

  it('generates ids, refuses duplicates, removes and clears', () => {
    const engine = createFaultEngine(1);
    const a = engine.add(rule({ type: 'drop' }));
    expect(a.ok && a.rule.id).toBe('f1');
    expect(engine.add(rule({ id: 'f1', type: 'hang' })).ok).toBe(false);
    expect(engine.replace([rule({ id: 'x', type: 'drop' }), rule({ id: 'x', type: 'hang' })]).ok).toBe(false);
    expect(engine.remove('f1')).toBe(true);
    expect(engine.remove('f1')).toBe(false);
    engine.add(rule({ type: 'drop' }));
    engine.clear();
    expect(engine.list()).toEqual([]);
  });
});

describe('delays', () => {
  it('fixed is exact, uniform stays in range, lognormal centres on its median and never passes its cap', () => {
    const random = createRandom(3);
    expect(sampleDelay(250, random)).toBe(250);
    expect(sampleDelay({ kind: 'fixed', ms: 40 }, random)).toBe(40);
    const lognormal: number[] = [];
    for (let i = 0; i < 500; i++) {
      const u = sampleDelay({ kind: 'uniform', min: 10, max: 20 }, random);
      expect(u).toBeGreaterThanOrEqual(10);
      expect(u).toBeLessThanOrEqual(20);
      const l = sampleDelay({ kind: 'lognormal', median: 100, sigma: 2, cap: 400 }, random);
      expect(l).toBeLessThanOrEqual(400);
      lognormal.push(l);
    }
    // Half the draws fall below the median (the cap, far above it, does not move it); some reach the cap.
    lognormal.sort((a, b) => a - b);
    expect(lognormal[250]).toBeGreaterThan(70);
    expect(lognormal[250]).toBeLessThan(140);
    expect(lognormal.at(-1)).toBe(400);
  });
});

describe('x-mock-fault header', () => {
  it('reads each documented form', () => {
    expect(parseFaultHeader('latency=5000')).toMatchObject({ ok: true, rule: { type: 'latency', delay: 5000 } });
    expect(parseFaultHeader('code=403')).toMatchObject({ ok: true, rule: { type: 'error', code: 403 } });
    expect(parseFaultHeader('gateway=429')).toMatchObject({ ok: true, rule: { type: 'gateway', status: 429 } });
    expect(parseFaultHeader('timeout')).toMatchObject({ ok: true, rule: { type: 'timeout' } });
    expect(parseFaultHeader('timeout=200')).toMatchObject({ ok: true, rule: { type: 'timeout', timeoutMs: 200 } });
    expect(parseFaultHeader(' drop ')).toMatchObject({ ok: true, rule: { type: 'drop' } });
    expect(parseFaultHeader('hang')).toMatchObject({ ok: true, rule: { type: 'hang' } });
  });
  it('says how to fix a bad value', () => {
    expect(parseFaultHeader('code=999')).toMatchObject({ ok: false, error: expect.stringMatching(/catalogue/) });
    expect(parseFaultHeader('latency=soon')).toMatchObject({ ok: false, error: expect.stringMatching(/milliseconds/) });
    expect(parseFaultHeader('boom')).toMatchObject({ ok: false, error: expect.stringMatching(/unknown fault.*latency=<ms>/) });
  });
});
