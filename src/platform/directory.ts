/**
 * The directory every family reads: projects, their apps, devices and the identities that
 * administer them, from the fixtures. A world (and each session) has its own; the admin API may
 * add or replace devices and identities in it at run time.
 */
import type { AppFixture, DeviceFixture, Fixtures, IdentityFixture, ProjectFixture } from '../fixtures/schema.js';

/** Projects, apps, devices and identities of one world. */
export interface Directory {
  readonly projects: ReadonlyMap<string, ProjectFixture>;
  readonly apps: ReadonlyMap<string, AppFixture>;
  readonly devices: Map<string, DeviceFixture>;
  readonly identities: Map<string, IdentityFixture>;
}

// Records are shared by every fork of a directory: frozen, so that a write in place throws instead of reaching other sessions.
const byKey = <T, K extends keyof T>(items: readonly T[], key: K): Map<T[K], T> => new Map(items.map((i) => [i[key], Object.freeze({ ...i })]));

/** The directory the fixtures describe. */
export function createDirectory(fixtures: Fixtures): Directory {
  return {
    projects: byKey(fixtures.projects, 'projectId'),
    apps: byKey(fixtures.apps, 'appKey'),
    devices: byKey(fixtures.devices, 'iotId'),
    identities: byKey(fixtures.identities, 'identityId'),
  };
}

/**
 * A directory that reads as `base` and writes only to itself: projects and apps are shared, the
 * maps of devices and identities (which the admin API may change) copied; records are shared.
 */
export function forkDirectory(base: Directory): Directory {
  return { projects: base.projects, apps: base.apps, devices: new Map(base.devices), identities: new Map(base.identities) };
}
