import { describe, expect, it } from 'vitest';
import { createIdSource } from '../../src/core/ids.js';
import { createRandom } from '../../src/core/random.js';

/** The ids as the first version wrote them, one nibble at a time: seeds must keep reproducing them. */
function referenceIds(seed: number) {
  const random = createRandom(seed);
  const HEX = '0123456789abcdef';
  const hex = (length: number): string => {
    let out = '';
    while (out.length < length) {
      const n = random.nextUint32();
      for (let shift = 0; shift < 32 && out.length < length; shift += 4) out += HEX[(n >>> shift) & 15];
    }
    return out;
  };
  const uuid = () => {
    const h = hex(32);
    const variant = HEX[8 + (parseInt(h[16]!, 16) & 3)];
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  };
  const digits = (length: number, leadingNonZero = true): string => {
    let out = '';
    while (out.length < length) {
      const d = random.nextUint32() % 10;
      if (out.length === 0 && leadingNonZero && d === 0) continue;
      out += String(d);
    }
    return out;
  };
  return { uuid, hex, digits };
}

describe('seeded ids: the word-at-a-time fast path writes the same ids as before', () => {
  it('uuid, hex and digits of any length, interleaved, over many seeds', () => {
    for (let seed = 0; seed < 200; seed++) {
      const fast = createIdSource(seed * 7919);
      const reference = referenceIds(seed * 7919);
      for (let i = 0; i < 20; i++) {
        expect(fast.uuid()).toBe(reference.uuid());
        const length = 1 + ((seed + i) % 40);
        expect(fast.hex(length)).toBe(reference.hex(length));
        const leadingNonZero = i % 2 === 0;
        expect(fast.digits(length, leadingNonZero)).toBe(reference.digits(length, leadingNonZero));
      }
    }
  });

  it('writes version-4 uuids with the RFC 4122 variant', () => {
    const ids = createIdSource(42);
    for (let i = 0; i < 1000; i++) expect(ids.uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
