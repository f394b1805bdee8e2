import { describe, expect, it } from 'vitest';
import { outOrderNoOf, SEQUENCE_LIMIT, sequenceOf } from '../../src/families/streaming/out-order-numbers.js';

describe('generated outOrderNos', () => {
  it('are 15 digits, never repeat, and give back their sequence number', () => {
    const seen = new Set<string>();
    for (const n of [...Array.from({ length: 20_000 }, (_, i) => i), SEQUENCE_LIMIT - 1, 3_123_456_789]) {
      const no = outOrderNoOf(n);
      expect(no).toMatch(/^[1-9]\d{14}$/);
      expect(sequenceOf(no)).toBe(n);
      seen.add(no);
    }
    expect(seen.size).toBe(20_002);
  });

  it('do not count up: neighbours differ in their leading digits', () => {
    const leading = new Set(Array.from({ length: 10 }, (_, i) => outOrderNoOf(i).slice(0, 3)));
    expect(leading.size).toBeGreaterThan(5);
  });

  it('a number the generator never draws has no sequence number (fixtures\' numbers, anything not 15 digits)', () => {
    expect(sequenceOf('825491635380744')).toBe(-1);
    expect(sequenceOf('12345')).toBe(-1);
    expect(sequenceOf('012345678901234')).toBe(-1);
  });
});
