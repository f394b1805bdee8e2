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

/** The ids a replayed change draws: none, every id it needs is in the change (a state file's log at start). */
export const REPLAY_IDS: IdSource = {
  uuid: () => {
    throw new Error('replay draws no ids');
  },
  digits: () => {
    throw new Error('replay draws no ids');
  },
  hex: () => {
    throw new Error('replay draws no ids');
  },
};

const HEX = '0123456789abcdef';
// Two hex digits per byte, low nibble first: the order hex() has always written nibbles in.
const BYTE_HEX = Array.from({ length: 256 }, (_, b) => HEX[b & 15]! + HEX[b >>> 4]!);

/** The 8 hex digits hex() writes for one random word. */
function wordHex(n: number): string {
  return BYTE_HEX[n & 255]! + BYTE_HEX[(n >>> 8) & 255]! + BYTE_HEX[(n >>> 16) & 255]! + BYTE_HEX[n >>> 24]!;
}

const HEX_CODES = Array.from(HEX, (c) => c.charCodeAt(0));
const UUID_TEMPLATE = '00000000-0000-4000-8000-000000000000';
const DIGIT_0 = 0x30;

/** Writes `count` hex digits of `word`, nibble `from` first (low nibbles first), at `at`. */
function putNibbles(codes: number[], at: number, word: number, from: number, count: number): void {
  for (let i = 0; i < count; i++) codes[at + i] = HEX_CODES[(word >>> (4 * (from + i))) & 15]!;
}

/** An ID source over a seeded random stream; without a seed, a random one. */
export function createIdSource(seed?: number): IdSource {
  const random: Random = createRandom(seed ?? randomSeed());
  // A UUID's 36 character codes, rewritten by each uuid() call (the dashes and the version digit stay).
  const uuidCodes = Array.from(UUID_TEMPLATE, (c) => c.charCodeAt(0));
  // digits()'s character codes, one array per length asked for (a handful: 7 and 15 in practice).
  const digitCodes: number[][] = [];
  const hex = (length: number): string => {
    let out = '';
    while (out.length + 8 <= length) out += wordHex(random.nextUint32());
    while (out.length < length) {
      const n = random.nextUint32();
      for (let shift = 0; shift < 32 && out.length < length; shift += 4) out += HEX[(n >>> shift) & 15];
    }
    return out;
  };
  return {
    uuid() {
      // Four words, as hex(32) would draw them (nibbles low first); one per request id and one
      // per envelope id. Written as character codes into one string: no string per part.
      const a = random.nextUint32();
      const b = random.nextUint32();
      const c = random.nextUint32();
      const d = random.nextUint32();
      const u = uuidCodes;
      putNibbles(u, 0, a, 0, 8);
      putNibbles(u, 9, b, 0, 4);
      putNibbles(u, 15, b, 5, 3);
      u[19] = HEX_CODES[8 + (c & 3)]!;
      putNibbles(u, 20, c, 1, 3);
      putNibbles(u, 24, c, 4, 4);
      putNibbles(u, 28, d, 0, 8);
      return String.fromCharCode.apply(null, u);
    },
    digits(length, leadingNonZero = true) {
      // The character codes go into an array kept per length, written out as one flat string: no
      // string per digit, and no number past the small-integer range (a heap number per step).
      let codes = digitCodes[length];
      if (codes === undefined) codes = digitCodes[length] = new Array<number>(length).fill(DIGIT_0);
      let count = 0;
      while (count < length) {
        const d = random.nextUint32() % 10;
        if (count === 0 && leadingNonZero && d === 0) continue;
        codes[count++] = DIGIT_0 + d;
      }
      return String.fromCharCode.apply(null, codes);
    },
    hex,
  };
}
