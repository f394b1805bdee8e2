/**
 * The API families as the admin page needs them: each family's operations (path, the apiVers it
 * takes, the device param) and the packages it sells, as its own commodity/query answers them.
 * Read in-process, so looking at the catalogue adds no row to the request journal. No Fastify.
 */
import type { World } from '../world.js';
import type { AdminFamilies } from './contract.js';

/** The path that lists a family's packages: every family that sells something has one. */
const CATALOGUE = /\/commodity\/query$/;

/** Every family with its operations (one row per path, apiVers newest first as the table lists them) and packages. */
export function familiesView(world: World): AdminFamilies {
  return {
    families: world.apiFamilies.families.map((family) => {
      const byPath = new Map<string, { path: string; apiVers: string[]; summary: string; deviceParam: string | null }>();
      for (const op of family.operations) {
        const row = byPath.get(op.path);
        if (row) row.apiVers.push(op.apiVer);
        else byPath.set(op.path, { path: op.path, apiVers: [op.apiVer], summary: op.summary, deviceParam: op.deviceParam ?? (op.path.startsWith('/vision/') ? 'iotId' : null) });
      }
      const catalogue = family.operations.find((op) => CATALOGUE.test(op.path));
      const listed = catalogue?.handle({ world, params: {}, request: { apiVer: catalogue.apiVer }, now: world.clock.now() });
      const packages = listed?.ok && Array.isArray(listed.data) ? (listed.data as Record<string, unknown>[]) : [];
      return { name: family.name, operations: [...byPath.values()], packages };
    }),
  };
}
