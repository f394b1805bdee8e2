/** How the doorbell family lives in a --state-file: a row per quiet period, and the quiet/set changes replayed through applyQuiet. */
import { z } from 'zod';
import type { FamilyRow, SavedFamilyState } from '../../../../src/platform/family-state.js';
import { applyQuiet, doorbellOf, type QuietPeriod } from './state.js';
import { DOORBELL_KEY } from './fixture-file.js';

const QuietRow = z.object({ quietId: z.string(), iotId: z.string(), start: z.number(), end: z.number() });
/** One zod definition of the family's change: quiet/set states it, the state file checks and replays it. */
const QuietChange = QuietRow.extend({ kind: z.literal('quiet') });

export const doorbellSavedState: SavedFamilyState<QuietPeriod, z.infer<typeof QuietChange>> = {
  key: DOORBELL_KEY,
  row: QuietRow,
  change: QuietChange,
  instantFields: ['start', 'end'],
  *rows(world): Iterable<FamilyRow<QuietPeriod>> {
    for (const periods of doorbellOf(world).quiet.values()) for (const p of periods) yield { key: p.quietId, value: p };
  },
  restore(world, rows) {
    delete world.families[DOORBELL_KEY];
    const state = doorbellOf(world);
    for (const row of rows) applyQuiet(state, row);
  },
  replay(world, { kind: _kind, ...period }) {
    applyQuiet(doorbellOf(world), period);
  },
};
