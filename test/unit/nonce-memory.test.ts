import { describe, expect, it } from 'vitest';
import { createNonceMemory, NONCE_WINDOW_MS } from '../../src/gateway/signing/nonce-memory.js';

const T0 = Date.parse('2024-11-15T02:00:00Z');

describe('nonce memory', () => {
  it('refuses a nonce seen within 15 minutes and accepts it again after', () => {
    const nonces = createNonceMemory();
    expect(nonces.remember('n1', T0)).toBe(true);
    expect(nonces.remember('n1', T0 + NONCE_WINDOW_MS - 1)).toBe(false);
    expect(nonces.remember('n1', T0 + NONCE_WINDOW_MS)).toBe(true);
    expect(nonces.remember('n2', T0)).toBe(true);
  });

  it('keeps only the nonces of the last window while the clock runs: memory stays flat over a long run', () => {
    const nonces = createNonceMemory();
    const perMinute = 200;
    let maxSize = 0;
    let refused = 0;
    // Six simulated hours at 200 nonces a minute: 72,000 nonces in all.
    for (let minute = 0; minute < 6 * 60; minute++) {
      for (let i = 0; i < perMinute; i++) {
        if (!nonces.remember(`m${minute}-${i}`, T0 + minute * 60_000 + i)) refused++;
      }
      maxSize = Math.max(maxSize, nonces.size);
    }
    expect(refused).toBe(0);
    // Never more than one window's worth (15 minutes, plus the minute being filled).
    expect(maxSize).toBeLessThanOrEqual(16 * perMinute);
    expect(nonces.size).toBeLessThanOrEqual(16 * perMinute);
  });

  it('is bounded by its capacity when the clock stands still (--now), dropping the oldest first', () => {
    const nonces = createNonceMemory(NONCE_WINDOW_MS, 1000);
    for (let i = 0; i < 5000; i++) nonces.remember(`n${i}`, T0);
    expect(nonces.size).toBe(1000);
    expect(nonces.remember('n4999', T0)).toBe(false);
    expect(nonces.remember('n0', T0)).toBe(true);
  });

  it('still refuses a replay after the clock was moved back', () => {
    const nonces = createNonceMemory();
    nonces.remember('n1', T0);
    expect(nonces.remember('n1', T0 - 60_000)).toBe(false);
  });

  it('shares its nonces with the memories it makes, each clear() forgetting only what that one recorded', () => {
    const shared = createNonceMemory();
    const a = shared.share();
    const b = shared.share();
    expect(a.remember('n1', T0)).toBe(true);
    expect(b.remember('n1', T0)).toBe(false);
    expect(b.remember('n2', T0)).toBe(true);
    b.clear();
    expect(a.remember('n1', T0)).toBe(false);
    expect(a.remember('n2', T0)).toBe(true);
    a.clear();
    expect(shared.size).toBe(0);
  });
});
