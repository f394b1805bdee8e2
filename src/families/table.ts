/**
 * The API families the emulator serves, one line each. Adding a family is a folder beside
 * families/streaming with its operations table (and, to survive a restart, its savedState), and a
 * line here.
 */
import type { Fixtures } from '../fixtures/schema.js';
import type { World } from '../world.js';
import { cloudStorageData } from './cloud-storage/fixture-file.js';
import { cloudStorageLane } from './cloud-storage/admin.js';
import { cloudStorageOperations } from './cloud-storage/operations.js';
import { cloudStorageSavedState } from './cloud-storage/saved-state.js';
import { cloudOperations } from './cloud/handlers.js';
import type { SavedFamilyState } from '../platform/family-state.js';
import type { Operation } from '../platform/operation.js';
import { streamingOperations } from './streaming/operations.js';

/** A family: its name (for docs and logs), its operations, and its own lane of a device's orders on the admin page. */
export interface ApiFamily {
  name: string;
  operations: readonly Operation[];
  /**
   * A device's orders of this family for the admin API and page (one timeline lane each), each
   * with `periods` ({start, end} ISO) and `frozen`. 直播分享's orders are the device's `orders`.
   */
  adminLane?: (world: World, iotId: string) => Record<string, unknown>[];
  /** Validates the family's own fixture file (`Fixtures.families`), throwing a FixtureError naming file, entry and field. */
  checkFixtures?: (fixtures: Fixtures) => void;
  /**
   * How the family's state lives in a --state-file: its rows, its changes and their schemas.
   * Absent: the family keeps nothing a restart should see. 直播分享's store is saved by src/state
   * itself (it came first); every other family through this.
   */
  savedState?: SavedFamilyState;
}

export const API_FAMILIES: readonly ApiFamily[] = [
  { name: '直播分享 (live-stream sharing packages)', operations: streamingOperations },
  { name: '云端资源 (cloud token)', operations: cloudOperations },
  { name: '云存储 (cloud-storage packages and the free trial)', operations: cloudStorageOperations, adminLane: cloudStorageLane,
    checkFixtures: (fixtures) => void cloudStorageData(fixtures), savedState: cloudStorageSavedState },
];

/** Every operation of every family. */
export const ALL_OPERATIONS: readonly Operation[] = API_FAMILIES.flatMap((f) => f.operations);
