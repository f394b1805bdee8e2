/**
 * What every world built from the same fixtures and settings can share: the zone and the
 * fixtures resolved into a store (the base). Worlds fork the base instead of resolving the
 * fixtures again, which makes a new session or a reset cost microseconds, not milliseconds.
 */
import { createIdSource, type IdSource } from '../core/ids.js';
import { createZoneTime, type ZoneTime } from '../core/zone-time.js';
import type { Fixtures } from '../fixtures/schema.js';
import { createStore, forkStore, type StreamingStore } from '../families/streaming/store.js';

/** The id-source calls resolving the fixtures made, replayed on each world's own source. */
type IdCall = { [M in keyof IdSource]: { method: M; args: Parameters<IdSource[M]> } }[keyof IdSource];

/** Shared, immutable material for building worlds. */
export interface WorldTemplate {
  readonly fixtures: Fixtures;
  readonly zone: ZoneTime;
  /**
   * A private store for a world whose clock reads `now` at its start, with the fixtures
   * resolved exactly as createStore would with `ids`; `ids` ends where createStore leaves it.
   */
  store(now: number, ids: IdSource): StreamingStore;
}

function recording(inner: IdSource, calls: IdCall[]): IdSource {
  return {
    uuid: () => (calls.push({ method: 'uuid', args: [] }), inner.uuid()),
    digits: (...args) => (calls.push({ method: 'digits', args }), inner.digits(...args)),
    hex: (...args) => (calls.push({ method: 'hex', args }), inner.hex(...args)),
  };
}

/**
 * How far apart two start instants may be and still share a base. Relative fixture times
 * ("now-10d") resolve against the start: with a fixed start (--now) every world starts at the
 * same instant and shares one base; with a running clock, worlds created within the same second
 * share one (their fixture times differ from a fresh start's by less than that second), so a
 * burst of new sessions resolves the fixtures once, not once each.
 */
export const BASE_REUSE_MS = 1000;

/** A template for worlds over `fixtures` in `timezone`, seeded with `seed`. */
export function createWorldTemplate(fixtures: Fixtures, timezone: string, seed?: number): WorldTemplate {
  const zone = createZoneTime(timezone);
  let cached: { now: number; base: StreamingStore; calls: IdCall[] } | undefined;
  return {
    fixtures,
    zone,
    store(now, ids) {
      if (cached === undefined || Math.abs(now - cached.now) >= BASE_REUSE_MS) {
        const calls: IdCall[] = [];
        const base = createStore({ fixtures, now, zone, ids: recording(createIdSource(seed), calls) });
        cached = { now, base, calls };
      }
      // Replaying the draws leaves a seeded source exactly where resolving the fixtures would.
      for (const call of cached.calls) (ids[call.method] as (...a: unknown[]) => unknown)(...call.args);
      return forkStore(cached.base);
    },
  };
}
