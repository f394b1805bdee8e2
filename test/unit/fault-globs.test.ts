/** A fault rule's path glob is compiled when the rule is stored, not on each call. */
import { describe, expect, it } from 'vitest';
import { createFaultEngine } from '../../src/faults/engine.js';
import type { FaultRule } from '../../src/faults/schema.js';

const request = (path: string) => ({ path, header: () => undefined });

/** A rule whose match counts each read of its path glob: compiling reads it, a compiled matcher does not. */
function counted(id: string, glob: string): { rule: FaultRule; reads: () => number } {
  let reads = 0;
  const match = {
    get path() {
      reads++;
      return glob;
    },
  };
  return { rule: { id, type: 'drop', match } as FaultRule, reads: () => reads };
}

describe('fault engine globs', () => {
  it('reads each glob when the rule is stored (replace, add), and never while matching calls', () => {
    const a = counted('a', '/a/*/x');
    const b = counted('b', '/vision/*');
    const engine = createFaultEngine(1, [a.rule, b.rule]);
    const c = counted('c', '/c*');
    engine.add(c.rule);
    const stored = [a.reads(), b.reads(), c.reads()];
    expect(stored.every((n) => n > 0)).toBe(true);
    for (let i = 0; i < 1000; i++) expect(engine.select(request(`/other/${i}`))).toBeUndefined();
    expect(engine.select(request('/vision/customer/x'))?.id).toBe('b');
    expect(engine.select(request('/c/1'))?.id).toBe('c');
    engine.remove('a');
    expect(engine.select(request('/a/1/x'))).toBeUndefined();
    expect([a.reads(), b.reads(), c.reads()]).toEqual(stored);
  });
});
