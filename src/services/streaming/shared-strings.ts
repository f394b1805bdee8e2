/**
 * Shared strings for the values many orders repeat. A price, a user name or a user id repeated
 * over 100 000 orders needs one copy, not one per order (order-terms.ts shares whole records of
 * them; this keeps the strings shared past its bound). Caches of pure values: what an order reads
 * is the same with or without them.
 */
import { multiplyPrice } from '../../core/money.js';
import type { PackageFixture } from '../../fixtures/schema.js';
import type { StreamingStore } from './store.js';

/** Distinct values a store's pool keeps; past it, new values are stored as they come (load tests repeat a few users). */
export const POOL_LIMIT = 4096;

/** Interns a string: the first copy seen of an equal value, while the pool has room. */
export type StringPool = (value: string) => string;

/** A pool of at most `limit` distinct strings. */
export function createStringPool(limit = POOL_LIMIT): StringPool {
  const pool = new Map<string, string>();
  return (value) => {
    const known = pool.get(value);
    if (known !== undefined) return known;
    if (pool.size < limit) pool.set(value, value);
    return value;
  };
}

// One pool per store (a session's fork gets its own): a cache beside the state, not part of it.
const pools = new WeakMap<StreamingStore, StringPool>();

/** The string pool of a store. */
export function poolOf(store: StreamingStore): StringPool {
  let pool = pools.get(store);
  if (!pool) {
    pool = createStringPool();
    pools.set(store, pool);
  }
  return pool;
}

// Keyed by the package record, which is reference data never written once loaded (forks share it).
const prices = new WeakMap<PackageFixture, string[]>();

/** The price of `copies` of a package, one string per package and count. */
export function priceOf(pkg: PackageFixture, copies: number): string {
  // Copies are 1..60 by the schemas; anything else is computed, not cached in a sparse array.
  if (!Number.isSafeInteger(copies) || copies < 0 || copies > 64) return multiplyPrice(pkg.price, copies);
  let byCopies = prices.get(pkg);
  if (!byCopies) {
    byCopies = [];
    prices.set(pkg, byCopies);
  }
  return (byCopies[copies] ??= multiplyPrice(pkg.price, copies));
}
