import { createRandom, randomSeed, type Random } from './random.js';

/** Every identifier the emulator generates comes from one of these, so a seed reproduces them all. */
export interface IdSource {
  /** A lower-case RFC 4122 version-4 UUID. */
  uuid(): string;
  /** A string of `length` decimal digits; the first is never 0 when `leadingNonZero`. */
  digits(length: number, leadingNonZero?: boolean): string;
  /** Opaque token text (hex), e.g. for cloud tokens. */
  hex(length: number): string;
}

const HEX = '0123456789abcdef';

/** An ID source over a seeded random stream; without a seed, a random one. */
export function createIdSource(seed?: number): IdSource {
  const random: Random = createRandom(seed ?? randomSeed());
  const hex = (length: number): string => {
    let out = '';
    while (out.length < length) {
      const n = random.nextUint32();
      for (let shift = 0; shift < 32 && out.length < length; shift += 4) out += HEX[(n >>> shift) & 15];
    }
    return out;
  };
  return {
    uuid() {
      const h = hex(32);
      const variant = HEX[8 + (parseInt(h[16]!, 16) & 3)];
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
    },
    digits(length, leadingNonZero = true) {
      let out = '';
      while (out.length < length) {
        const d = random.nextUint32() % 10;
        if (out.length === 0 && leadingNonZero && d === 0) continue;
        out += String(d);
      }
      return out;
    },
    hex,
  };
}
