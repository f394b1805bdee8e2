/**
 * The cloud-storage state a world starts with (ApiFamily.initialState): built from the family's
 * fixtures when the world is built, as 直播分享's is, so relative fixture times ("now-10d") count
 * from the world's start, not from the first call that touches the family. Built once per template
 * and forked for each world (a session, a reset).
 */
import { wholeSecond } from '../../core/clock.js';
import type { InitialFamilyState } from '../../platform/family-state.js';
import { FAMILY_KEY } from './fixture-file.js';
import { forkCloudStorageState } from './saved-state.js';
import { createCloudStorageState, type CloudStorageState } from './state.js';

export const cloudStorageInitialState: InitialFamilyState<CloudStorageState> = {
  key: FAMILY_KEY,
  build: (seed) => createCloudStorageState(seed, wholeSecond(seed.now)),
  fork: forkCloudStorageState,
};
