/**
 * The doorbell family's line of a families table: the worked example of docs/contributing.md
 * ("Adding a family"). Given as `families: [...API_FAMILIES, doorbellFamily]`, it is served with no
 * edit in src/.
 */
import type { ApiFamily } from '../../../../src/platform/api-family.js';
import type { CallWorld } from '../../../../src/platform/family-world.js';
import { doorbellOperations } from './operations.js';
import { doorbellSavedState } from './saved-state.js';
import { doorbellFixtures } from './fixture-file.js';
import { doorbellInitialState, doorbellOf, quietPeriodsOf } from './state.js';

const iso = (ms: number) => new Date(ms).toISOString();

/** A device's quiet periods as the admin API's lane and the page's timeline draw them. */
function doorbellLane(world: CallWorld, iotId: string): Record<string, unknown>[] {
  return quietPeriodsOf(doorbellOf(world), iotId).map((p) => ({
    orderId: p.quietId,
    commodityName: '门铃静音',
    startTime: world.zone.formatLocal(p.start),
    endTime: world.zone.formatLocal(p.end),
    periods: [{ start: iso(p.start), end: iso(p.end) }],
    frozen: false,
  }));
}

export const doorbellFamily: ApiFamily = {
  name: '门铃 (doorbell quiet periods)',
  operations: doorbellOperations,
  initialState: doorbellInitialState,
  savedState: doorbellSavedState,
  adminLane: doorbellLane,
  checkFixtures: (fixtures) => void doorbellFixtures(fixtures),
};
