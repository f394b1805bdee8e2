/**
 * A set of non-negative whole numbers below 2^53 in Float64Arrays (open addressing): about
 * 12 bytes a member, where a Set of numbers takes several times that. Used to keep generated
 * numbers (outOrderNo) unique over millions of orders. The members are spread over 64 tables
 * that grow one at a time, so growing never holds two copies of the whole set (a single table
 * of 16 million slots would need 128 MB more for a moment, at 6 million orders).
 */
const EMPTY = -1;
const SHARDS = 64;

export class NumberSet {
  // Made on first use: a session's store starts with an empty set, and there may be thousands of sessions.
  #shards: (Float64Array | undefined)[] = [];
  #sizes: number[] = [];

  get size(): number {
    return this.#sizes.reduce((a, b) => a + (b ?? 0), 0);
  }

  has(value: number): boolean {
    const h = hash(value);
    const slots = this.#shards[h & (SHARDS - 1)];
    if (slots === undefined) return false;
    const mask = slots.length - 1;
    for (let i = (h >>> 6) & mask; ; i = (i + 1) & mask) {
      const v = slots[i]!;
      if (v === value) return true;
      if (v === EMPTY) return false;
    }
  }

  add(value: number): void {
    const h = hash(value);
    const shard = h & (SHARDS - 1);
    const size = this.#sizes[shard] ?? 0;
    if ((size + 1) * 4 > (this.#shards[shard]?.length ?? 0) * 3) this.#grow(shard);
    if (put(this.#shards[shard]!, value, h)) this.#sizes[shard] = size + 1;
  }

  /** A copy sharing nothing with this set. */
  clone(): NumberSet {
    const copy = new NumberSet();
    copy.#shards = this.#shards.map((s) => s?.slice());
    copy.#sizes = this.#sizes.slice();
    return copy;
  }

  #grow(shard: number): void {
    const old = this.#shards[shard];
    const slots = new Float64Array(old === undefined ? 8 : old.length * 2).fill(EMPTY);
    if (old !== undefined) for (const v of old) if (v !== EMPTY) put(slots, v, hash(v));
    this.#shards[shard] = slots;
  }
}

/** Puts `value` in `slots`; false when it was there already. */
function put(slots: Float64Array, value: number, h: number): boolean {
  const mask = slots.length - 1;
  for (let i = (h >>> 6) & mask; ; i = (i + 1) & mask) {
    const v = slots[i]!;
    if (v === value) return false;
    if (v === EMPTY) {
      slots[i] = value;
      return true;
    }
  }
}

/** Mixes both halves of the number so that sequential and random values spread alike. */
function hash(value: number): number {
  const low = value >>> 0;
  const high = Math.floor(value / 4294967296) >>> 0;
  return (Math.imul(low ^ Math.imul(high, 0x9e3779b1), 0x85ebca6b) ^ (low >>> 15)) >>> 0;
}
