/**
 * An index from a 32-bit key to row numbers in one Int32Array (open addressing, linear probing):
 * about 8 bytes a row where a Map takes about 40. Several rows may share a key; the caller tells
 * them apart (find() takes a predicate).
 */
const EMPTY = -1;

export class RowIndex {
  #keys: Uint32Array;
  #rows: Int32Array;
  #size = 0;

  constructor(capacity = 8) {
    this.#keys = new Uint32Array(capacity);
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
      if (this.#keys[i] === k && matches(row)) return row;
    }
  }

  /** A copy sharing nothing with this index. */
  clone(): RowIndex {
    const copy = new RowIndex(1);
    copy.#keys = this.#keys.slice();
    copy.#rows = this.#rows.slice();
    copy.#size = this.#size;
    return copy;
  }

  #put(key: number, row: number): void {
    const mask = this.#rows.length - 1;
    let i = mix(key) & mask;
    while (this.#rows[i] !== EMPTY) i = (i + 1) & mask;
    this.#keys[i] = key;
    this.#rows[i] = row;
  }

  #grow(): void {
    const keys = this.#keys;
    const rows = this.#rows;
    this.#keys = new Uint32Array(rows.length * 2);
    this.#rows = new Int32Array(rows.length * 2).fill(EMPTY);
    for (let i = 0; i < rows.length; i++) if (rows[i] !== EMPTY) this.#put(keys[i]!, rows[i]!);
  }
}

/** Spreads sequential and clustered keys over the table. */
function mix(key: number): number {
  return Math.imul(key ^ (key >>> 16), 0x45d9f3b) ^ (key >>> 13);
}
