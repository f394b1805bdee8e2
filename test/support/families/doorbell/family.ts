/**
 * The doorbell family's line of a families table: the worked example of docs/contributing.md
 * ("Adding a family"). Given as `families: [...API_FAMILIES, doorbellFamily]`, it is served with no
 * edit in src/.
 */
import type { ApiFamily } from '../../../../src/platform/api-family.js';
import type { AdminLane } from '../../../../src/platform/family-admin.js';
import { doorbellOperations } from './operations.js';
import { doorbellSavedState } from './saved-state.js';
import { doorbellFixtures } from './fixture-file.js';
import { doorbellInitialState, doorbellOf, quietPeriodsOf } from './state.js';

const iso = (ms: number) => new Date(ms).toISOString();

/** A device's quiet periods (by slice, so views page them) as the admin API's lane and the page's timeline draw them. */
const doorbellLane: AdminLane = {
  count: (world, iotId) => quietPeriodsOf(doorbellOf(world), iotId).length,
  list: (world, iotId, from, to) => quietPeriodsOf(doorbellOf(world), iotId).slice(from, to).map((p) => ({
    orderId: p.quietId,
    commodityName: '门铃静音',
    startTime: world.zone.formatLocal(p.start),
    endTime: world.zone.formatLocal(p.end),
    periods: [{ start: iso(p.start), end: iso(p.end) }],
    frozen: false,
  })),
};

export const doorbellFamily: ApiFamily = {
  name: '门铃 (doorbell quiet periods)',
  operations: doorbellOperations,
  initialState: doorbellInitialState,
  savedState: doorbellSavedState,
  adminLane: doorbellLane,
  checkFixtures: (fixtures) => void doorbellFixtures(fixtures),
};
