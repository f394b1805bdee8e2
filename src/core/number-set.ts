/**
 * A set of non-negative whole numbers below 2^53 in one Float64Array (open addressing): about
 * 12 bytes a member, where a Set of numbers takes several times that. Used to keep generated
 * numbers (outOrderNo) unique over millions of orders.
 */
const EMPTY = -1;

export class NumberSet {
  #slots: Float64Array;
  #size = 0;

  constructor(capacity = 16) {
    this.#slots = new Float64Array(capacity).fill(EMPTY);
  }

  get size(): number {
    return this.#size;
  }

  has(value: number): boolean {
    const slots = this.#slots;
    const mask = slots.length - 1;
    for (let i = hash(value) & mask; ; i = (i + 1) & mask) {
      const v = slots[i]!;
      if (v === value) return true;
      if (v === EMPTY) return false;
    }
  }

  add(value: number): void {
    if ((this.#size + 1) * 4 > this.#slots.length * 3) this.#rehash(this.#slots.length * 2);
    const slots = this.#slots;
    const mask = slots.length - 1;
    for (let i = hash(value) & mask; ; i = (i + 1) & mask) {
      const v = slots[i]!;
      if (v === value) return;
      if (v === EMPTY) {
        slots[i] = value;
        this.#size++;
        return;
      }
    }
  }

  clone(): NumberSet {
    const copy = new NumberSet(1);
    copy.#slots = this.#slots.slice();
    copy.#size = this.#size;
    return copy;
  }

  #rehash(capacity: number): void {
    const old = this.#slots;
    this.#slots = new Float64Array(capacity).fill(EMPTY);
    this.#size = 0;
    for (const v of old) if (v !== EMPTY) this.add(v);
  }
}

/** Mixes both halves of the number so that sequential and random values spread alike. */
function hash(value: number): number {
  const low = value >>> 0;
  const high = Math.floor(value / 4294967296) >>> 0;
  return Math.imul(low ^ Math.imul(high, 0x9e3779b1), 0x85ebca6b) ^ (low >>> 15);
}
