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
   * (a replay), true otherwise.
   */
  remember(key: string, now: number, validUntil?: number): boolean;
  /** Forgets every nonce (a reset). */
  clear(): void;
  /** How many nonces are remembered now (for tests and introspection). */
  readonly size: number;
}

/** A nonce memory; `windowMs` and `capacity` are injectable for tests. */
export function createNonceMemory(windowMs = NONCE_WINDOW_MS, capacity = DEFAULT_NONCE_CAPACITY): NonceMemory {
  // Insertion order is about expiry order (a timestamp ahead of the clock keeps its entry up to
  // one window longer), so a sweep stops at the first live entry: one kept behind it waits at most
  // a window more, and the capacity bounds them all.
  const expiries = new Map<string, number>();
  const sweep = (now: number) => {
    for (const [key, expiresAt] of expiries) {
      if (expiresAt > now && expiries.size <= capacity) break;
      expiries.delete(key);
    }
  };
  return {
    remember(key, now, validUntil = now + windowMs) {
      sweep(now);
      const expiresAt = expiries.get(key);
      // A clock moved backwards (admin) can leave an entry "from the future": still a replay.
      if (expiresAt !== undefined && expiresAt > now) return false;
      expiries.delete(key);
      expiries.set(key, Math.max(now + windowMs, validUntil));
      if (expiries.size > capacity) sweep(now);
      return true;
    },
    clear() {
      expiries.clear();
    },
    get size() {
      return expiries.size;
    },
  };
}
