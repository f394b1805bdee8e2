/**
 * Columns of numbers in typed arrays, kept in pages: a table of a million rows costs its
 * numbers (8 bytes a row for a float column) instead of an object per row, and growing it never
 * copies more than one page. The first page starts small and doubles, so a table of a few rows
 * costs a few rows.
 */

type NumberArray = Float64Array | Int32Array | Uint32Array | Uint8Array;

// 1024 rows a page: a thousand devices of a few thousand orders each leave about 25 MB unused, 4096 left 90.
const PAGE_BITS = 10;
const PAGE_SIZE = 1 << PAGE_BITS;
const PAGE_MASK = PAGE_SIZE - 1;
const FIRST_PAGE = 8;

/** A column of numbers indexed by row, stored in pages of one typed-array kind. */
export class Column<A extends NumberArray> {
  readonly #make: (length: number) => A;
  #pages: A[] = [];

  constructor(make: (length: number) => A) {
    this.#make = make;
  }

  /** The value at `row` (0 for a row never written). */
  get(row: number): number {
    const page = this.#pages[row >>> PAGE_BITS];
    return page === undefined ? 0 : (page[row & PAGE_MASK] ?? 0);
  }

  /** Writes the value at `row`, growing the column as needed. */
  set(row: number, value: number): void {
    const index = row >>> PAGE_BITS;
    const offset = row & PAGE_MASK;
    let page = this.#pages[index];
    if (page === undefined || offset >= page.length) page = this.#grow(index, offset);
    page[offset] = value;
  }

  /** A copy that shares nothing with this column. */
  clone(): Column<A> {
    const copy = new Column(this.#make);
    copy.#pages = this.#pages.map((p) => p.slice() as A);
    return copy;
  }

  /** Bytes held by the column's pages. */
  get byteLength(): number {
    let total = 0;
    for (const p of this.#pages) total += p.byteLength;
    return total;
  }

  #grow(index: number, offset: number): A {
    while (this.#pages.length < index) this.#pages.push(this.#make(PAGE_SIZE));
    const old = this.#pages[index];
    let length = old === undefined ? (index === 0 ? FIRST_PAGE : PAGE_SIZE) : old.length;
    while (length <= offset) length *= 2;
    const page = this.#make(Math.min(length, PAGE_SIZE));
    if (old !== undefined) page.set(old);
    this.#pages[index] = page;
    return page;
  }
}

/** A column of 64-bit floats (instants, big numbers). */
export const float64Column = (): Column<Float64Array> => new Column((n) => new Float64Array(n));
/** A column of signed 32-bit integers. */
export const int32Column = (): Column<Int32Array> => new Column((n) => new Int32Array(n));
/** A column of unsigned 32-bit integers. */
export const uint32Column = (): Column<Uint32Array> => new Column((n) => new Uint32Array(n));
/** A column of bytes (flags). */
export const uint8Column = (): Column<Uint8Array> => new Column((n) => new Uint8Array(n));
