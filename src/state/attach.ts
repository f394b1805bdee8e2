import { API_FAMILIES } from '../families/table.js';
import type { FamilyWorld, SavedFamilyState } from '../platform/family-state.js';
import { replayChange } from '../families/streaming/changes.js';
import { allDeviceOrders, createEmptyStore, insertRow, type StreamingStore } from '../families/streaming/store.js';
import type { World } from '../world.js';
import type { Fixtures } from '../fixtures/schema.js';
import type { ZoneTime } from '../core/zone-time.js';
import { openStateFile, readStateFile, StateFileError, type StateSnapshot, type StoredState } from './state-file.js';

/** The families that save their state (ApiFamily.savedState); 直播分享's store is saved by this folder itself. */
function savingFamilies(): SavedFamilyState[] {
  return API_FAMILIES.flatMap((f) => (f.savedState ? [f.savedState] : []));
}

/** What a world's state is built from, and the state a file holds. */
type StateBase = Pick<World, 'fixtures' | 'zone' | 'settings'> & { now: number };

/**
 * The state a file holds: its snapshot (直播分享's orders, each saving family's rows), then its
 * changes replayed in order. A family the file never saved (a version 2 file) is absent from
 * `families`, so it builds its state from the fixtures on first use, as without a file.
 */
function stateFrom(base: StateBase, path: string, stored: StoredState, families: readonly SavedFamilyState[]): FamilyWorld {
  const store = createEmptyStore(base.fixtures, base.zone);
  const { now } = base;
  for (const f of stored.orders) {
    const { orderId, outOrderNo, iotId, periods, frozen, paymentStatus, settlesAt, createdAt } = f;
    const { identityId, commodityCode, commodityName, copies, months, price, userName, userId } = f;
    const terms = { identityId, commodityCode, commodityName, copies, months, price, userName, userId };
    insertRow(store, iotId, { orderId, outOrderNo, terms, periods, frozen, paymentStatus, settlesAt, createdAt }, now);
  }
  // Every unfrozen order joins its queue in the order of its end; each replayed change settles at its own instant.
  for (const d of allDeviceOrders(store)) d.rebuildQueue(Number.NEGATIVE_INFINITY);
  const world: FamilyWorld = { store, families: new Map(), fixtures: base.fixtures, zone: base.zone, settings: base.settings };
  const byKey = new Map(families.map((f) => [f.key, f]));
  for (const [key, rows] of stored.families) byKey.get(key)?.restore(world, rows);
  for (const entry of stored.changes) {
    const { seq } = entry;
    try {
      if (entry.family === undefined) replayChange(store, entry.change);
      else byKey.get(entry.family)!.replay(world, entry.change);
    } catch (err) {
      const what = entry.family === undefined ? entry.change.kind : `${entry.family} ${(entry.change as { kind?: string }).kind ?? 'change'}`;
      throw new StateFileError(
        `state file ${path} is corrupt: change row ${seq} (${what}) cannot be replayed: ${(err as Error).message}. ` +
          'Move the file away to start afresh.',
      );
    }
  }
  return world;
}

/** The world's state now, every saving family's included (built from the fixtures if never used). */
function snapshotOf(world: World, families: readonly SavedFamilyState[]): StateSnapshot {
  const now = world.clock.now();
  return { store: world.store, families: families.map((f) => ({ key: f.key, rows: f.rows(world, now) })) };
}

/**
 * Puts a world on a state file: a new file is seeded with the fixture orders, an existing one
 * replaces them (and is compacted into a fresh snapshot). Throws StateFileError for a file that
 * is not ours, is damaged or cannot be written. Returns the rows a repair skipped.
 */
export function attachStateFile(world: World, path: string, { repair = false }: { repair?: boolean } = {}): { skipped: string[] } {
  const families = savingFamilies();
  const { stored, persistence } = openStateFile(path, { repair, families, snapshot: () => snapshotOf(world, families) });
  const load = (from: StoredState) => {
    const loaded = stateFrom({ ...world, now: world.clock.now() }, path, from, families);
    world.store = loaded.store;
    world.families = loaded.families;
  };
  if (stored !== null) load(stored);
  persistence.replaceAll();
  // What was answered 500 must not stay in memory either: the file is the truth after a failed write.
  persistence.onWriteFailure = () => load(persistence.read());
  world.persistence = persistence;
  return { skipped: stored?.skipped ?? [] };
}

/** The state a state file holds now, read without writing to it (tests, tools). */
export function loadStateFileState(path: string, fixtures: Fixtures, zone: ZoneTime, now: number, settings: World['settings'] = { timezone: zone.zone }): FamilyWorld {
  const families = savingFamilies();
  return stateFrom({ fixtures, zone, settings, now }, path, readStateFile(path, families), families);
}

/** The 直播分享 store a state file holds now, read without writing to it (tests, tools). */
export function loadStateFile(path: string, fixtures: Fixtures, zone: ZoneTime, now: number): StreamingStore {
  return loadStateFileState(path, fixtures, zone, now).store;
}
