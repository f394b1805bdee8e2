/**
 * The doorbell family's state in one world: each device's quiet periods (the chime stays silent),
 * oldest first. Built on first use in `world.families`, so every session has its own and a reset
 * empties it, with no line of src/ knowing the family. The rule and the state file's replay change it
 * through the one function here.
 */
import type { FamilyWorld } from '../../../../src/platform/family-world.js';

/** The family's key in `world.families` and in a state file. */
export const DOORBELL_KEY = 'doorbell';

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

/** The world's doorbell state, created empty on first use. */
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
