/**
 * What every world built from the same fixtures and settings can share: the zone, and the
 * fixtures resolved into a directory and each family's initial state (the base). Worlds fork the
 * base instead of resolving the fixtures again, which makes a new session or a reset cost
 * microseconds, not milliseconds.
 */
import { createIdSource, type IdSource } from '../core/ids.js';
import { createZoneTime, type ZoneTime } from '../core/zone-time.js';
import type { Fixtures } from '../fixtures/schema.js';
import { BUILT_IN_FAMILIES } from '../families/table.js';
import type { FamilyTable } from '../platform/api-family.js';
import { createDirectory, forkDirectory, type Directory } from '../platform/directory.js';
import type { FamilyStates } from '../platform/family-world.js';

/** The id-source calls resolving the fixtures made, replayed on each world's own source. */
type IdCall = { [M in keyof IdSource]: { method: M; args: Parameters<IdSource[M]> } }[keyof IdSource];

/** A world's own state at its start: its directory and each family's initial state. */
export interface WorldStart {
  directory: Directory;
  families: FamilyStates;
}

/** Shared, immutable material for building worlds. */
export interface WorldTemplate {
  readonly fixtures: Fixtures;
  readonly zone: ZoneTime;
  /** The families the worlds serve. */
  readonly apiFamilies: FamilyTable;
  /**
   * A private start for a world whose clock reads `now` at its start, with the fixtures resolved
   * exactly as building each family's initial state with `ids` would; `ids` ends where that leaves it.
   */
  start(now: number, ids: IdSource): WorldStart;
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

/** A template for worlds over `fixtures` in `timezone`, seeded with `seed`, serving `apiFamilies` (default: the built-in ones). */
export function createWorldTemplate(fixtures: Fixtures, timezone: string, seed?: number, apiFamilies: FamilyTable = BUILT_IN_FAMILIES): WorldTemplate {
  const zone = createZoneTime(timezone);
  // In the order of the table: the order they draw ids in.
  const { initialStates } = apiFamilies;
  let cached: { now: number; directory: Directory; bases: unknown[]; calls: IdCall[] } | undefined;
  return {
    fixtures,
    zone,
    apiFamilies,
    start(now, ids) {
      if (cached === undefined || Math.abs(now - cached.now) >= BASE_REUSE_MS) {
        const calls: IdCall[] = [];
        const directory = createDirectory(fixtures);
        const stateSeed = { fixtures, now, zone, directory, ids: recording(createIdSource(seed), calls) };
        cached = { now, directory, bases: initialStates.map((state) => state.build(stateSeed)), calls };
      }
      // Replaying the draws leaves a seeded source exactly where resolving the fixtures would.
      for (const call of cached.calls) (ids[call.method] as (...a: unknown[]) => unknown)(...call.args);
      const { bases } = cached;
      const families: FamilyStates = {};
      initialStates.forEach((state, i) => (families[state.key] = state.fork(bases[i])));
      return { directory: forkDirectory(cached.directory), families };
    },
  };
}
