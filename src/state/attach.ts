import { replayChange } from '../services/streaming/changes.js';
import { allDeviceOrders, createEmptyStore, insertRow, type StreamingStore } from '../services/streaming/store.js';
import type { World } from '../world.js';
import type { Fixtures } from '../fixtures/schema.js';
import type { ZoneTime } from '../core/zone-time.js';
import { openStateFile, readStateFile, StateFileError, type StoredState } from './state-file.js';

/** A store holding what a state file holds: its snapshot, then its changes replayed in order. */
function storeFrom(world: Pick<World, 'fixtures' | 'zone'> & { now: number }, path: string, stored: StoredState): StreamingStore {
  const store = createEmptyStore(world.fixtures, world.zone);
  const { now } = world;
  for (const f of stored.orders) {
    const { orderId, outOrderNo, iotId, periods, frozen, paymentStatus, settlesAt, createdAt } = f;
    const { identityId, commodityCode, commodityName, copies, months, price, userName, userId } = f;
    const terms = { identityId, commodityCode, commodityName, copies, months, price, userName, userId };
    insertRow(store, iotId, { orderId, outOrderNo, terms, periods, frozen, paymentStatus, settlesAt, createdAt }, now);
  }
  // Every unfrozen order joins its queue in the order of its end; each replayed change settles at its own instant.
  for (const d of allDeviceOrders(store)) d.rebuildQueue(Number.NEGATIVE_INFINITY);
  for (const { seq, change } of stored.changes) {
    try {
      replayChange(store, change);
    } catch (err) {
      throw new StateFileError(
        `state file ${path} is corrupt: change row ${seq} (${change.kind}) cannot be replayed: ${(err as Error).message}. ` +
          'Move the file away to start afresh.',
      );
    }
  }
  return store;
}

/**
 * Puts a world on a state file: a new file is seeded with the fixture orders, an existing one
 * replaces them (and is compacted into a fresh snapshot). Throws StateFileError for a file that
 * is not ours, is damaged or cannot be written. Returns the rows a repair skipped.
 */
export function attachStateFile(world: World, path: string, { repair = false }: { repair?: boolean } = {}): { skipped: string[] } {
  const { stored, persistence } = openStateFile(path, { repair });
  if (stored !== null) world.store = storeFrom({ ...world, now: world.clock.now() }, path, stored);
  persistence.replaceAll(world.store);
  // What was answered 500 must not stay in memory either: the file is the truth after a failed write.
  persistence.onWriteFailure = () => {
    world.store = storeFrom({ ...world, now: world.clock.now() }, path, persistence.read());
  };
  world.persistence = persistence;
  return { skipped: stored?.skipped ?? [] };
}

/** The store a state file holds now, read without writing to it (tests, tools). */
export function loadStateFile(path: string, fixtures: Fixtures, zone: ZoneTime, now: number): StreamingStore {
  return storeFrom({ fixtures, zone, now }, path, readStateFile(path));
}
