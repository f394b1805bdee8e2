/**
 * The doorbell family's state in one world: each device's quiet periods (the chime stays silent),
 * oldest first. Built when a world starts from the family's fixtures (its initialState), forked for
 * each session and built afresh by a reset, with no line of src/ knowing the family. The rule and
 * the state file's replay change it through the one function here.
 */
import { parseInstant } from '../../../../src/core/zone-time.js';
import type { InitialFamilyState } from '../../../../src/platform/family-state.js';
import type { FamilyWorld } from '../../../../src/platform/family-world.js';
import { FixtureError } from '../../../../src/fixtures/validate.js';
import { DOORBELL_KEY, doorbellFixtures } from './fixture-file.js';

/** A span of time in which a device's chime stays silent. */
export interface QuietPeriod {
  quietId: string;
  iotId: string;
  /** Epoch ms, start inclusive, end exclusive. */
  start: number;
  end: number;
}

/** What the family keeps for one world. */
export interface DoorbellState {
  /** By iotId, oldest first. */
  readonly quiet: Map<string, QuietPeriod[]>;
}

/**
 * The world's doorbell state. A world built with the family has it from its start; a state file
 * read on its own (loadStateFileState) starts it empty, as a file with no rows of it held nothing.
 */
export function doorbellOf(world: FamilyWorld): DoorbellState {
  let state = world.families[DOORBELL_KEY] as DoorbellState | undefined;
  if (!state) world.families[DOORBELL_KEY] = state = { quiet: new Map() };
  return state;
}

/** A device's quiet periods, oldest first. */
export function quietPeriodsOf(state: DoorbellState, iotId: string): readonly QuietPeriod[] {
  return state.quiet.get(iotId) ?? [];
}

/** Records a quiet period: what quiet/set does and what the replay does again. */
export function applyQuiet(state: DoorbellState, period: QuietPeriod): void {
  const list = state.quiet.get(period.iotId) ?? [];
  list.push({ ...period });
  state.quiet.set(period.iotId, list);
}

/**
 * The state the fixtures describe at the world's start, built once per template and forked for
 * each world. [model] Fixture periods are resolved when the world starts, as the built-in families'
 * relative fixture times are.
 */
export const doorbellInitialState: InitialFamilyState<DoorbellState> = {
  key: DOORBELL_KEY,
  build({ fixtures, now, zone }) {
    const state: DoorbellState = { quiet: new Map() };
    for (const q of doorbellFixtures(fixtures).quiet) {
      const start = parseInstant(q.start, now, zone);
      if (start === null) throw new FixtureError(`families/${DOORBELL_KEY}.json: quiet period ${q.quietId}: field start: "${q.start}" is not an instant`);
      applyQuiet(state, { quietId: q.quietId, iotId: q.iotId, start, end: start + q.minutes * 60_000 });
    }
    return state;
  },
  // A period never changes once made: a world's own lists over the base's periods.
  fork: (base) => ({ quiet: new Map([...base.quiet].map(([iotId, periods]) => [iotId, [...periods]])) }),
};
