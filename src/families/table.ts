/**
 * The API families the emulator serves unless given others, one line each. Adding a family is a
 * folder beside families/streaming with its operations table (its state, when it keeps any, through
 * initialState or savedState), and a line here; or, outside src/, the same line in the `families`
 * option of buildApp, startMock or createHandlers. Nothing outside a family's folder imports it but
 * this file: the platform, the state file, the sessions and the admin API reach it through the
 * hooks of its line (platform/api-family.ts), read from the emulator's table.
 */
import { familyTable, type ApiFamily, type FamilyTable } from '../platform/api-family.js';
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

export type { ApiFamily, FamilyTable } from '../platform/api-family.js';

/**
 * The built-in families: 直播分享, the cloud token and 云存储, in the order they draw ids. Give them
 * with yours as the `families` option to serve one family more.
 * @example
 * // The built-in families and one more (its operations as ApiFamily's example shows).
 * const { handlers, control } = createHandlers({ families: [...API_FAMILIES, { name: 'ping', operations: [] }] });
 */
export const API_FAMILIES: readonly ApiFamily[] = [
  { name: '直播分享 (live-stream sharing packages)', operations: streamingOperations, initialState: streamingInitialState, savedState: streamingSavedState,
    adminOrders: streamingAdminOrders },
  { name: '云端资源 (cloud token)', operations: cloudOperations },
  { name: '云存储 (cloud-storage packages and the free trial)', operations: cloudStorageOperations, initialState: cloudStorageInitialState, adminLane: cloudStorageLane,
    checkFixtures: (fixtures) => void cloudStorageData(fixtures), savedState: cloudStorageSavedState },
];

/** The built-in families as a table: what an emulator serves unless given `families`. */
export const BUILT_IN_FAMILIES: FamilyTable = familyTable(API_FAMILIES);

/** Every operation of every built-in family. */
export const ALL_OPERATIONS: readonly Operation[] = BUILT_IN_FAMILIES.operations;

/** The table of a `families` option: the built-in one when absent. */
export function familyTableOf(families: readonly ApiFamily[] | undefined): FamilyTable {
  return families === undefined ? BUILT_IN_FAMILIES : familyTable(families);
}
