/**
 * The gateway's memory of X-Ca-Nonce values, for replay protection. Entries expire a window
 * after they were seen (clock time, passed in); a capacity bounds memory even when the clock
 * stands still (--now freezes it), dropping the oldest entries first.
 */

/** How long a nonce stays used (spec §4: 15 minutes). */
export const NONCE_WINDOW_MS = 15 * 60 * 1000;

/** The most nonces remembered at once; far above what one test or demo sends in 15 minutes. */
export const DEFAULT_NONCE_CAPACITY = 100_000;

export interface NonceMemory {
  /**
   * Records a nonce seen at `now`. Returns false when the same key was already seen within the
   * window (a replay), true otherwise.
   */
  remember(key: string, now: number): boolean;
  /** How many nonces are remembered now (for tests and introspection). */
  readonly size: number;
}

/** A nonce memory; `windowMs` and `capacity` are injectable for tests. */
export function createNonceMemory(windowMs = NONCE_WINDOW_MS, capacity = DEFAULT_NONCE_CAPACITY): NonceMemory {
  // Insertion order is expiry order while the clock only moves forward, so expired entries are
  // always at the front of the Map and a sweep stops at the first live one.
  const expiries = new Map<string, number>();
  const sweep = (now: number) => {
    for (const [key, expiresAt] of expiries) {
      if (expiresAt > now && expiries.size <= capacity) break;
      expiries.delete(key);
    }
  };
  return {
    remember(key, now) {
      sweep(now);
      const expiresAt = expiries.get(key);
      // A clock moved backwards (admin) can leave an entry "from the future": still a replay.
      if (expiresAt !== undefined && expiresAt > now) return false;
      expiries.delete(key);
      expiries.set(key, now + windowMs);
      if (expiries.size > capacity) sweep(now);
      return true;
    },
    get size() {
      return expiries.size;
    },
  };
}
