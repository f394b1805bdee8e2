/**
 * Shared terms records: the orders of one device repeat a few combinations of package, copies and
 * user, and a stored order is mostly those fields, so equal combinations share one frozen record.
 * A cache beside the state, not part of it: what an order reads is the same with or without it.
 */
import type { PackageFixture } from '../../fixtures/schema.js';
import type { Order, OrderTerms } from './order.js';
import { poolOf, priceOf } from './shared-strings.js';
import type { StreamingStore } from './store.js';

/** Records a store's pool keeps in all; past it, new combinations get a record of their own. */
export const TERMS_LIMIT = 8192;
/** Records kept per device: a load test repeats a few combinations on a device, a long tail is not worth scanning. */
export const TERMS_PER_DEVICE = 16;

/** Interns terms records per device, at most `limit` in all. */
export class TermsPool {
  readonly #byDevice = new Map<string, OrderTerms[]>();
  #size = 0;

  constructor(private readonly limit = TERMS_LIMIT) {}

  /**
   * The record equal to `terms` seen first, or a frozen record of them (kept for later when there
   * is room) with its strings passed through `intern`.
   */
  share(terms: OrderTerms, intern: (value: string) => string = (v) => v): OrderTerms {
    const known = this.#find(terms);
    if (known !== undefined) return known;
    const own = (v: string | null) => (v === null ? null : intern(v));
    const record: OrderTerms = Object.freeze({
      iotId: terms.iotId,
      identityId: terms.identityId,
      commodityCode: terms.commodityCode,
      commodityName: terms.commodityName,
      copies: terms.copies,
      months: terms.months,
      price: terms.price,
      userName: own(terms.userName),
      userId: own(terms.userId),
    });
    this.#keep(record);
    return record;
  }

  #find(terms: OrderTerms): OrderTerms | undefined {
    const list = this.#byDevice.get(terms.iotId);
    if (list === undefined) return undefined;
    for (const t of list) if (t === terms || sameTerms(t, terms)) return t;
    return undefined;
  }

  #keep(terms: OrderTerms): void {
    if (this.#size >= this.limit) return;
    let list = this.#byDevice.get(terms.iotId);
    if (list === undefined) {
      list = [];
      this.#byDevice.set(terms.iotId, list);
    }
    if (list.length >= TERMS_PER_DEVICE) return;
    list.push(terms);
    this.#size++;
  }
}

/** True when two records hold equal fields. */
export function sameTerms(a: OrderTerms, b: OrderTerms): boolean {
  return (
    a.iotId === b.iotId &&
    a.identityId === b.identityId &&
    a.commodityCode === b.commodityCode &&
    a.commodityName === b.commodityName &&
    a.copies === b.copies &&
    a.months === b.months &&
    a.price === b.price &&
    a.userName === b.userName &&
    a.userId === b.userId
  );
}

// One pool per store (a session's fork gets its own; the base's records it copies are frozen).
const pools = new WeakMap<StreamingStore, TermsPool>();

/** The terms pool of a store. */
export function termsPoolOf(store: StreamingStore): TermsPool {
  let pool = pools.get(store);
  if (!pool) {
    pool = new TermsPool();
    pools.set(store, pool);
  }
  return pool;
}

/** The terms of an order bought on `device` as `copies` of `pkg` by the given user: shared with equal earlier ones. */
export function termsFor(
  store: StreamingStore,
  device: { iotId: string; identityId: string },
  pkg: PackageFixture,
  copies: number,
  userName: string | null,
  userId: string | null,
): OrderTerms {
  const terms: OrderTerms = {
    // The fixture's strings, equal to the ones sent: one copy per device, not one per order.
    iotId: device.iotId,
    identityId: device.identityId,
    commodityCode: pkg.commodityCode,
    commodityName: pkg.commodityName,
    copies,
    months: pkg.months * copies,
    price: priceOf(pkg, copies),
    userName,
    userId,
  };
  // A new record's user strings come from the store's string pool: records past the bound still share them.
  return termsPoolOf(store).share(terms, poolOf(store));
}

/** `order` with its terms shared with equal ones of the store (an order read from a state file comes with its own). */
export function shareTermsOf(store: StreamingStore, order: Order): Order {
  order.terms = termsPoolOf(store).share(order.terms, poolOf(store));
  return order;
}
