import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { float64Column } from '../../src/core/columns.js';
import { RowIndex } from '../../src/core/row-index.js';

describe('the typed tables under the order store', () => {
  it('a column reads back what was written, across pages and the growing first page, and a clone is independent', () => {
    const column = float64Column();
    const rows = [0, 1, 7, 8, 1023, 1024, 5000, 70_000];
    rows.forEach((row, i) => column.set(row, i + 0.5));
    rows.forEach((row, i) => expect(column.get(row)).toBe(i + 0.5));
    expect(column.get(2)).toBe(0);
    const copy = column.clone();
    copy.set(7, -1);
    expect(column.get(7)).toBe(2.5);
  });

  it('a row index finds every row by its key, rows sharing a key told apart by the predicate', () => {
    const keys: number[] = [];
    const index = new RowIndex((row) => keys[row]!);
    for (let row = 0; row < 5000; row++) {
      keys.push(row % 700);
      index.add(row % 700, row);
    }
    for (const row of [0, 699, 700, 4999]) expect(index.find(keys[row]!, (r) => r === row)).toBe(row);
    expect(index.find(12345, () => true)).toBe(-1);
    const copy = index.clone((row) => keys[row]!);
    expect(copy.find(5, (r) => r === 705)).toBe(705);
  });
});
