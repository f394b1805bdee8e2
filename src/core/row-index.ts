/**
 * An index from a 32-bit key to row numbers in one Int32Array (open addressing, linear probing):
 * about 6 bytes a row where a Map takes about 40. The key of a row is read back from the row
 * (`keyOf`), not stored; several rows may share a key, and find() takes a predicate.
 */
const EMPTY = -1;

export class RowIndex {
  readonly #keyOf: (row: number) => number;
  #rows: Int32Array;
  #size = 0;

  constructor(keyOf: (row: number) => number, capacity = 8) {
    this.#keyOf = keyOf;
    this.#rows = new Int32Array(capacity).fill(EMPTY);
  }

  /** Adds `row` under `key`. */
  add(key: number, row: number): void {
    if ((this.#size + 1) * 4 > this.#rows.length * 3) this.#grow();
    this.#put(key >>> 0, row);
    this.#size++;
  }

  /** The first row under `key` that `matches`, or -1. */
  find(key: number, matches: (row: number) => boolean): number {
    const k = key >>> 0;
    const mask = this.#rows.length - 1;
    for (let i = mix(k) & mask; ; i = (i + 1) & mask) {
      const row = this.#rows[i]!;
      if (row === EMPTY) return -1;
      if (this.#keyOf(row) >>> 0 === k && matches(row)) return row;
    }
  }

  /** A copy sharing nothing with this index, reading keys through `keyOf`. */
  clone(keyOf: (row: number) => number): RowIndex {
    const copy = new RowIndex(keyOf, 1);
    copy.#rows = this.#rows.slice();
    copy.#size = this.#size;
    return copy;
  }

  #put(key: number, row: number): void {
    const mask = this.#rows.length - 1;
    let i = mix(key) & mask;
    while (this.#rows[i] !== EMPTY) i = (i + 1) & mask;
    this.#rows[i] = row;
  }

  #grow(): void {
    const rows = this.#rows;
    this.#rows = new Int32Array(rows.length * 2).fill(EMPTY);
    for (const row of rows) if (row !== EMPTY) this.#put(this.#keyOf(row) >>> 0, row);
  }
}

/** Spreads sequential and clustered keys over the table. */
function mix(key: number): number {
  return Math.imul(key ^ (key >>> 16), 0x45d9f3b) ^ (key >>> 13);
}
