/**
 * The family contract and a table of families: what the world, the sessions' template, the state
 * file, the admin API and the gateway read of the families an emulator serves. The built-in table
 * is families/table.ts; an emulator takes another through its `families` option (a family defined
 * outside src/, in a test), so nothing here names a family.
 */
import type { Fixtures } from '../fixtures/schema.js';
import type { AdminLane, AdminOrders } from './family-admin.js';
import type { InitialFamilyState, SavedFamilyState } from './family-state.js';
import type { CallWorld } from './family-world.js';
import type { Operation } from './operation.js';

/**
 * A family: its name (for docs and logs), its operations, and the hooks through which the rest of
 * the emulator reaches its state.
 * @example
 * import { z } from 'zod';
 * import { API_FAMILIES, startMock, type ApiFamily } from 'aliyun-living-mock';
 *
 * const ping: ApiFamily = {
 *   name: 'ping (one API that answers pong)',
 *   operations: [{ path: '/vision/customer/ping', apiVer: '1.0.0', timeoutMs: 3000, summary: 'ping', params: z.object({}), handle: () => ({ ok: true, data: 'pong' }) }],
 * };
 * const withPing = await startMock({ families: [...API_FAMILIES, ping] });
 */
export interface ApiFamily {
  name: string;
  operations: readonly Operation[];
  /**
   * The state a world builds when it starts (in the order of the table), shared by sessions
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

/** The families an emulator serves, and what the rest of it reads of them, gathered once. */
export interface FamilyTable {
  readonly families: readonly ApiFamily[];
  /** Every operation of every family, in the order of the table. */
  readonly operations: readonly Operation[];
  /** The admin API's order routes: served by the one family that offers them. */
  readonly adminOrders: AdminOrders;
  /** The families' initial states, in the order of the table: the order they draw ids in. */
  readonly initialStates: readonly InitialFamilyState[];
  /** The families that save their state in a --state-file, in the order of the table. */
  readonly savedStates: readonly SavedFamilyState[];
  /** Runs every family's check of its own fixture file. */
  checkFixtures(fixtures: Fixtures): void;
}

/** The first value `keyOf` gives twice, if any. */
function firstRepeat<T>(items: readonly T[], keyOf: (item: T) => string): string | undefined {
  const seen = new Set<string>();
  for (const item of items) {
    const key = keyOf(item);
    if (seen.has(key)) return key;
    seen.add(key);
  }
  return undefined;
}

/**
 * A table of `families`; throws an Error saying what to change when a line is not one, when two
 * families would collide (an operation's path and apiVer, a state key) or when not exactly one
 * serves the admin API's order routes.
 */
export function familyTable(families: readonly ApiFamily[]): FamilyTable {
  // A line comes from code the type checker may not have seen (JavaScript, JSON-built objects).
  families.forEach((f, i) => {
    if (typeof f?.name !== 'string' || !Array.isArray(f.operations)) {
      throw new Error(`families[${i}]: expected a family line { name, operations, ... } as in API_FAMILIES (docs/contributing.md, "Adding a family")`);
    }
  });
  const operations = families.flatMap((f) => f.operations);
  const serving = families.filter((f) => f.adminOrders);
  if (serving.length !== 1) {
    throw new Error(
      `exactly one family must serve the admin API's order routes (adminOrders); ${serving.length} do. ` +
        'To add a family, give the built-in ones and yours: families: [...API_FAMILIES, yours]',
    );
  }
  const operation = firstRepeat(operations, (op) => `${op.path} apiVer ${op.apiVer}`);
  if (operation) throw new Error(`two families serve ${operation}; give each operation its own path or apiVer`);
  const initialStates = families.flatMap((f) => (f.initialState ? [f.initialState] : []));
  const savedStates = families.flatMap((f) => (f.savedState ? [f.savedState] : []));
  // A family may give its initial and its saved state one key; two families may not share one.
  const keys = families.flatMap((f) => [...new Set([f.initialState?.key, f.savedState?.key].filter((k) => k !== undefined))]);
  const key = firstRepeat(keys, (k) => k);
  if (key) throw new Error(`two families keep their state under the key "${key}" of world.families; give each family its own key`);
  return {
    families,
    operations,
    adminOrders: serving[0]!.adminOrders!,
    initialStates,
    savedStates,
    checkFixtures: (fixtures) => {
      for (const family of families) family.checkFixtures?.(fixtures);
    },
  };
}
