/**
 * The API families the emulator serves, one line each. Adding a family is a folder beside
 * families/streaming with its operations table (its state, when it keeps any, through
 * initialState or savedState), and a line here. Nothing outside a family's folder imports it but
 * this file: the platform, the state file, the sessions and the admin API reach it through these hooks.
 */
import type { Fixtures } from '../fixtures/schema.js';
import type { AdminLane, AdminOrders } from '../platform/family-admin.js';
import type { InitialFamilyState, SavedFamilyState } from '../platform/family-state.js';
import type { Operation } from '../platform/operation.js';
import { cloudStorageData } from './cloud-storage/fixture-file.js';
import { cloudStorageLane } from './cloud-storage/admin.js';
import { cloudStorageInitialState } from './cloud-storage/initial-state.js';
import { cloudStorageOperations } from './cloud-storage/operations.js';
import { cloudStorageSavedState } from './cloud-storage/saved-state.js';
import { cloudOperations } from './cloud/handlers.js';
import { streamingAdminOrders } from './streaming/admin.js';
import { streamingOperations } from './streaming/operations.js';
import { streamingSavedState } from './streaming/saved-state.js';
import { streamingInitialState } from './streaming/store.js';

/** A family: its name (for docs and logs), its operations, and the hooks through which the rest of the emulator reaches its state. */
export interface ApiFamily {
  name: string;
  operations: readonly Operation[];
  /**
   * The state a world builds when it starts (in the order of this table), shared by sessions
   * through forks. Absent: the family builds its state in `world.families` on first use, if it keeps any.
   */
  initialState?: InitialFamilyState;
  /** How the family's state lives in a --state-file: its rows, its changes and their schemas. Absent: it keeps nothing a restart should see. */
  savedState?: SavedFamilyState;
  /** The admin API's order routes (a device's `orders`, adding and editing an order, a session's count); one family serves them. */
  adminOrders?: AdminOrders;
  /**
   * A device's orders of this family for the admin API and page (one timeline lane each), each
   * with `periods` ({start, end} ISO) and `frozen`; counted and listed by slice, so views page it.
   */
  adminLane?: AdminLane;
  /** Validates the family's own fixture file (`Fixtures.families`), throwing a FixtureError naming file, entry and field. */
  checkFixtures?: (fixtures: Fixtures) => void;
}

export const API_FAMILIES: readonly ApiFamily[] = [
  { name: '直播分享 (live-stream sharing packages)', operations: streamingOperations, initialState: streamingInitialState, savedState: streamingSavedState,
    adminOrders: streamingAdminOrders },
  { name: '云端资源 (cloud token)', operations: cloudOperations },
  { name: '云存储 (cloud-storage packages and the free trial)', operations: cloudStorageOperations, initialState: cloudStorageInitialState, adminLane: cloudStorageLane,
    checkFixtures: (fixtures) => void cloudStorageData(fixtures), savedState: cloudStorageSavedState },
];

/** Every operation of every family. */
export const ALL_OPERATIONS: readonly Operation[] = API_FAMILIES.flatMap((f) => f.operations);

/** The admin API's order routes: served by the family that offers them. */
export const ADMIN_ORDERS: AdminOrders = adminOrdersOf(API_FAMILIES);

function adminOrdersOf(families: readonly ApiFamily[]): AdminOrders {
  const serving = families.filter((f) => f.adminOrders);
  if (serving.length !== 1) throw new Error(`exactly one family serves the admin API's order routes; ${serving.length} do`);
  return serving[0]!.adminOrders!;
}
