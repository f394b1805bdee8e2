/**
 * The cloud-storage state a world starts with (ApiFamily.initialState): built from the family's
 * fixtures when the world is built, as 直播分享's is, so relative fixture times ("now-10d") count
 * from the world's start, not from the first call that touches the family. Built once per template;
 * each world (a session, a reset) holds a pending fork of it, copied when the world first uses it.
 */
import { wholeSecond } from '../../core/clock.js';
import type { InitialFamilyState } from '../../platform/family-state.js';
import { FAMILY_KEY } from './fixture-file.js';
import { createCloudStorageState, type CloudStorageState, type PendingFork } from './state.js';

export const cloudStorageInitialState: InitialFamilyState<CloudStorageState | PendingFork> = {
  key: FAMILY_KEY,
  build: (seed) => createCloudStorageState(seed, wholeSecond(seed.now)),
  // The base is always a built state: a world's pending fork is never the base of another.
  fork: (base) => ({ forkOf: 'forkOf' in base ? base.forkOf : base }),
};
