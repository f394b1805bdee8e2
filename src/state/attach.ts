import { BUILT_IN_FAMILIES } from '../families/table.js';
import type { FamilyTable } from '../platform/api-family.js';
import type { SavedFamilyState } from '../platform/family-state.js';
import type { FamilyStates, FamilyWorld } from '../platform/family-world.js';
import { createDirectory } from '../platform/directory.js';
import type { World } from '../world.js';
import type { Fixtures } from '../fixtures/schema.js';
import type { ZoneTime } from '../core/zone-time.js';
import { openStateFile, readStateFile, StateFileError, type StateSnapshot, type StoredState } from './state-file.js';

/** What a world's state is built from, and the state a file holds. */
type StateBase = Pick<World, 'fixtures' | 'zone' | 'settings'> & { now: number };

/**
 * The state a file holds: each family's snapshot rows, then its changes replayed in order, over
 * the fixtures' directory. A family the file never saved (cloud storage in a file of format 2 or
 * older) keeps its state in `started` (a world's initial state), or is absent and starts as
 * without a file. A change that cannot be replayed (its package gone from the fixtures, say) is
 * refused, or with `repair` skipped and listed in stored.skipped.
 */
function stateFrom(base: StateBase, path: string, stored: StoredState, families: readonly SavedFamilyState[], repair: boolean, started: FamilyStates = {}): FamilyWorld {
  const world: FamilyWorld = { directory: createDirectory(base.fixtures), families: { ...started }, fixtures: base.fixtures, zone: base.zone, settings: base.settings };
  for (const family of families) {
    const rows = stored.families.get(family.key);
    if (rows !== undefined) family.restore(world, rows, base.now);
  }
  const byKey = new Map(families.map((f) => [f.key, f]));
  for (const entry of stored.changes) {
    try {
      byKey.get(entry.family)!.replay(world, entry.change);
    } catch (err) {
      const what = `change row ${entry.seq} (${entry.family} ${(entry.change as { kind?: string }).kind ?? 'change'}) cannot be replayed: ${(err as Error).message}`;
      // Rules check before they change anything, so a refused change left the world as it was: the rest replays over it.
      if (repair) stored.skipped.push(what);
      else {
        throw new StateFileError(
          `state file ${path} is corrupt: ${what}. Start once with --state-file-repair to skip the rows that cannot be replayed (they are listed), or move the file away to start afresh`,
        );
      }
    }
  }
  return world;
}

/** The world's state now, every saving family's (built from the fixtures if never used), each read as it is written. */
function snapshotOf(world: World, families: readonly SavedFamilyState[]): StateSnapshot {
  const now = world.clock.now();
  return { families: families.map((f) => ({ key: f.key, rows: f.rows(world, now) })) };
}

/**
 * Puts a world on a state file: a new file is seeded with the fixtures' state, an existing one
 * replaces it (and is compacted into a fresh snapshot). Throws StateFileError for a file that
 * is not ours, is damaged or cannot be written. Returns the rows a repair skipped.
 */
export function attachStateFile(world: World, path: string, { repair = false }: { repair?: boolean } = {}): { skipped: string[] } {
  // The families that save their state (ApiFamily.savedState), in the order of the world's table.
  const families = world.apiFamilies.savedStates;
  const { stored, persistence } = openStateFile(path, { repair, zone: world.zone, families, snapshot: () => snapshotOf(world, families) });
  const load = (from: StoredState, skipUnplayable = repair) => {
    // A family the file never saved keeps the state the world has; the next snapshot saves it.
    const loaded = stateFrom({ ...world, now: world.clock.now() }, path, from, families, skipUnplayable, world.families);
    world.directory = loaded.directory;
    world.families = loaded.families;
  };
  try {
    if (stored !== null) load(stored);
  } catch (err) {
    persistence.close();
    throw err;
  }
  persistence.replaceAll();
  // What was answered 500 must not stay in memory either: the file is the truth after a failed write.
  // The file was written by this process since it started: whatever it holds can be read back, as at a repair.
  persistence.onWriteFailure = () => load(persistence.read(), true);
  world.persistence = persistence;
  return { skipped: stored?.skipped ?? [] };
}

/** The state a state file holds now, read without writing to it (tests, tools); `apiFamilies` as the world that wrote it served. */
export function loadStateFileState(
  path: string,
  fixtures: Fixtures,
  zone: ZoneTime,
  now: number,
  settings: World['settings'] = { timezone: zone.zone },
  apiFamilies: FamilyTable = BUILT_IN_FAMILIES,
): FamilyWorld {
  const families = apiFamilies.savedStates;
  return stateFrom({ fixtures, zone, settings, now }, path, readStateFile(path, families, zone), families, false);
}

/**
 * The packages a state file's rows and changes name that `fixtures` lack, one line per package
 * with where it is named: what `validate-fixtures --state-file` reports; `apiFamilies` as the
 * world that wrote it served. Throws StateFileError for a file a start would refuse.
 */
export function missingPackagesIn(path: string, fixtures: Fixtures, zone: ZoneTime, apiFamilies: FamilyTable = BUILT_IN_FAMILIES): string[] {
  const families = apiFamilies.savedStates;
  const stored = readStateFile(path, families, zone);
  const found = new Map<string, { rows: number; changes: number[] }>();
  const note = (family: SavedFamilyState, entry: unknown, seq?: number) => {
    const pkg = family.missingPackage?.(fixtures, entry);
    if (pkg === undefined) return;
    const key = `${family.key} package ${pkg}`;
    const where = found.get(key) ?? { rows: 0, changes: [] };
    if (seq === undefined) where.rows += 1;
    else where.changes.push(seq);
    found.set(key, where);
  };
  for (const family of families) for (const row of stored.families.get(family.key) ?? []) note(family, row);
  for (const { seq, family, change } of stored.changes) note(families.find((f) => f.key === family)!, change, seq);
  return [...found].map(([what, { rows, changes }]) => {
    const where = [rows > 0 ? `${rows} snapshot row${rows === 1 ? '' : 's'}` : '', changes.length > 0 ? `change row${changes.length === 1 ? '' : 's'} ${changes.join(', ')}` : ''];
    return `${what} (${where.filter(Boolean).join('; ')})`;
  });
}
