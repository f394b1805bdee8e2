/**
 * Map and Set that fault entries in from a shared, read-only base on first touch. A session
 * starts as empty collections over the fixtures' base and copies an entry (or a whole device)
 * only when it reads or writes it, so creating one costs nothing per fixture entry.
 * Use them through their methods: what reads a Map's internal slots directly
 * (structuredClone, Map.prototype.get.call) sees only the entries copied so far.
 */

/** How a lazy collection reaches its base. */
export interface FaultIn<K> {
  /** Copies into the collection whatever holds `key`, if it still lives only in the base. */
  load(key: K): void;
  /** Copies every base entry not yet copied (iteration needs them all). */
  loadAll(): void;
  /** How many base entries are not yet copied; they count in `size`. */
  pending(): number;
}

/** A Map whose base entries are copied in on first access. */
export class LazyMap<K, V> extends Map<K, V> {
  readonly #fault: FaultIn<K>;

  constructor(fault: FaultIn<K>) {
    super();
    this.#fault = fault;
  }

  /** Puts an entry copied from the base, without faulting anything in. */
  adopt(key: K, value: V): void {
    super.set(key, value);
  }

  override get(key: K): V | undefined {
    this.#fault.load(key);
    return super.get(key);
  }
  override has(key: K): boolean {
    this.#fault.load(key);
    return super.has(key);
  }
  override set(key: K, value: V): this {
    this.#fault.load(key);
    return super.set(key, value);
  }
  override delete(key: K): boolean {
    this.#fault.load(key);
    return super.delete(key);
  }
  override clear(): void {
    this.#fault.loadAll();
    super.clear();
  }
  override get size(): number {
    return super.size + this.#fault.pending();
  }
  override keys(): MapIterator<K> {
    this.#fault.loadAll();
    return super.keys();
  }
  override values(): MapIterator<V> {
    this.#fault.loadAll();
    return super.values();
  }
  override entries(): MapIterator<[K, V]> {
    this.#fault.loadAll();
    return super.entries();
  }
  override [Symbol.iterator](): MapIterator<[K, V]> {
    return this.entries();
  }
  override forEach(callback: (value: V, key: K, map: Map<K, V>) => void, thisArg?: unknown): void {
    this.#fault.loadAll();
    super.forEach(callback, thisArg);
  }
}

/** A Set whose base members are copied in on first access. */
export class LazySet<T> extends Set<T> {
  readonly #fault: FaultIn<T>;

  constructor(fault: FaultIn<T>) {
    super();
    this.#fault = fault;
  }

  /** Adds a member copied from the base, without faulting anything in. */
  adopt(value: T): void {
    super.add(value);
  }

  override has(value: T): boolean {
    this.#fault.load(value);
    return super.has(value);
  }
  override add(value: T): this {
    this.#fault.load(value);
    return super.add(value);
  }
  override delete(value: T): boolean {
    this.#fault.load(value);
    return super.delete(value);
  }
  override clear(): void {
    this.#fault.loadAll();
    super.clear();
  }
  override get size(): number {
    return super.size + this.#fault.pending();
  }
  override keys(): SetIterator<T> {
    this.#fault.loadAll();
    return super.keys();
  }
  override values(): SetIterator<T> {
    this.#fault.loadAll();
    return super.values();
  }
  override entries(): SetIterator<[T, T]> {
    this.#fault.loadAll();
    return super.entries();
  }
  override [Symbol.iterator](): SetIterator<T> {
    return this.values();
  }
  override forEach(callback: (value: T, value2: T, set: Set<T>) => void, thisArg?: unknown): void {
    this.#fault.loadAll();
    super.forEach(callback, thisArg);
  }
}
