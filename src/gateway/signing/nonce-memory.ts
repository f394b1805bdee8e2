/**
 * The gateway's memory of X-Ca-Nonce values, for replay protection. An entry lasts as long as
 * the request that carried it stays valid: a window after it was seen, or after its own
 * X-Ca-Timestamp when that lies ahead (clock time, passed in). A capacity bounds memory even
 * when the clock stands still (--now freezes it), dropping the oldest entries first.
 */

/** How long a nonce stays used (help.aliyun.com 143207: 15 minutes). */
export const NONCE_WINDOW_MS = 15 * 60 * 1000;

/** The most nonces remembered at once; far above what one test or demo sends in 15 minutes. */
export const DEFAULT_NONCE_CAPACITY = 100_000;

export interface NonceMemory {
  /**
   * Records a nonce seen at `now`, kept until `validUntil` (default: a window from now) or a
   * window from now, whichever is later. Returns false when the same key is still remembered
   * (by this memory or any that shares it: a replay), true otherwise.
   */
  remember(key: string, now: number, validUntil?: number): boolean;
  /** Forgets the nonces this memory recorded itself (a reset of its session); those of the memories it shares with stay. */
  clear(): void;
  /** How many nonces are remembered now, by every memory that shares them (for tests and introspection). */
  readonly size: number;
  /**
   * Another memory over the same nonces: a nonce either one remembers is a replay to both, and
   * each one's clear() forgets only what it recorded. Each session's world takes one, so a replay
   * naming another session is refused and a reset of one session leaves the others' nonces.
   * @example
   * const shared = createNonceMemory();
   * const a = shared.share(), b = shared.share();
   * a.remember('24000001\nn1', now); b.remember('24000001\nn1', now); // false: a replay
   * b.clear(); // a's nonce is still used
   */
  share(): NonceMemory;
}

/** A nonce memory; `windowMs` and `capacity` are injectable for tests. */
export function createNonceMemory(windowMs = NONCE_WINDOW_MS, capacity = DEFAULT_NONCE_CAPACITY): NonceMemory {
  // Insertion order is about expiry order (a timestamp ahead of the clock keeps its entry up to
  // one window longer), so a sweep stops at the first live entry: one kept behind it waits at most
  // a window more, and the capacity bounds them all. Each entry notes which memory recorded it.
  const expiries = new Map<string, { expiresAt: number; owner: number }>();
  const sweep = (now: number) => {
    for (const [key, entry] of expiries) {
      if (entry.expiresAt > now && expiries.size <= capacity) break;
      expiries.delete(key);
    }
  };
  let owners = 0;
  const view = (owner: number): NonceMemory => ({
    remember(key, now, validUntil = now + windowMs) {
      sweep(now);
      const entry = expiries.get(key);
      // A clock moved backwards (admin) can leave an entry "from the future": still a replay.
      if (entry !== undefined && entry.expiresAt > now) return false;
      expiries.delete(key);
      expiries.set(key, { expiresAt: Math.max(now + windowMs, validUntil), owner });
      if (expiries.size > capacity) sweep(now);
      return true;
    },
    clear() {
      for (const [key, entry] of expiries) if (entry.owner === owner) expiries.delete(key);
    },
    get size() {
      return expiries.size;
    },
    share: () => view(++owners),
  });
  return view(0);
}
