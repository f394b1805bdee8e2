import { createClock, wholeSecond, type ControllableClock } from './core/clock.js';
import { createIdSource, type IdSource } from './core/ids.js';
import type { ZoneTime } from './core/zone-time.js';
import { createFaultEngine, type FaultEngine } from './faults/engine.js';
import type { FaultRule } from './faults/schema.js';
import type { Fixtures } from './fixtures/schema.js';
import { createCloudTokenStore, type CloudTokenStore } from './platform/cloud-tokens.js';
import type { FamilyTable } from './platform/api-family.js';
import type { Directory } from './platform/directory.js';
import type { CallWorld, FamilySettings, FamilyStates } from './platform/family-world.js';
import { createJournal, type Journal, type JournalBudget } from './journal/journal.js';
import { createNonceMemory, type NonceMemory } from './gateway/signing/nonce-memory.js';
import { createWorldTemplate, type WorldTemplate } from './sessions/template.js';
import type { Persistence } from './state/effects.js';
import { ResetNotStoredError } from './state/reset-not-stored.js';


/** How a world starts; reset() returns it to exactly this. */
export interface WorldSettings extends FamilySettings {
  /** With startMs: whether time stands still (true, the default for --now) or runs on. */
  frozen?: boolean;
  /** Seed of every generated id (--seed); absent: random. */
  seed?: number;
  /** Fault rules in force at start (--faults); reset() brings back exactly these. */
  faults?: readonly FaultRule[];
  /** Entries the request journal keeps (--journal-size); default 10 000. */
  journalSize?: number;
  /** The bytes every world built with these settings journals together (--journal-bytes); absent: a budget of its own. */
  journalBudget?: JournalBudget;
  /** The X-Ca-Nonce memory every world built with these settings shares (a replay naming another session is refused); absent: one of its own. */
  nonces?: NonceMemory;
}

/**
 * All mutable state of one emulated cloud: clock, id source, directory and each family's state,
 * built from shared, immutable fixtures. Nothing mutable lives at module level, so worlds can sit
 * side by side.
 */
export interface World extends CallWorld {
  readonly settings: WorldSettings;
  readonly fixtures: Fixtures;
  readonly zone: ZoneTime;
  /** The families this world serves (its template's): their operations, state hooks and admin lanes. */
  readonly apiFamilies: FamilyTable;
  readonly clock: ControllableClock;
  ids: IdSource;
  /** Projects, apps, devices and identities every family reads. */
  directory: Directory;
  /** Each family's state, by family key: built when the world starts (initialState) or on first use; a reset builds it afresh. */
  families: FamilyStates;
  /** Cloud tokens issued by /cloud/token. */
  cloudTokens: CloudTokenStore;
  /** Fault rules and their seeded random source. */
  faults: FaultEngine;
  /** The last API calls, newest first. */
  readonly journal: Journal;
  /** X-Ca-Nonce values the gateway still counts as used; seen by every session, and a reset forgets only those this world recorded. */
  readonly nonces: NonceMemory;
  /** Where changes are written before answers leave (--state-file); absent: memory only. */
  persistence?: Persistence;
  /** Back to the fixtures, the start instant and the seed; throws ResetNotStoredError, changing nothing, when a state file cannot store it. */
  reset(): void;
}

/**
 * Builds a world; `realNow` is the real time source (injected for tests and browsers).
 * Worlds given the same `template` (sessions) share the resolved fixtures and copy on access.
 */
export function createWorld(
  fixtures: Fixtures,
  settings: WorldSettings,
  realNow: () => number = Date.now,
  template: WorldTemplate = createWorldTemplate(fixtures, settings.timezone, settings.seed),
): World {
  const zone = template.zone;
  const fixed = settings.startMs !== undefined;
  const clock = createClock({ startMs: settings.startMs, frozen: fixed ? (settings.frozen ?? true) : false, realNow });
  const build = () => {
    const ids = createIdSource(settings.seed);
    return {
      ids,
      ...template.start(wholeSecond(clock.now()), ids),
      cloudTokens: createCloudTokenStore(),
      faults: createFaultEngine(settings.seed, settings.faults),
    };
  };
  const world: World = {
    settings,
    fixtures,
    zone,
    apiFamilies: template.apiFamilies,
    clock,
    journal: createJournal(settings.journalSize, settings.journalBudget),
    // A view of its own over the shared nonces: its reset forgets only what this session recorded.
    nonces: settings.nonces?.share() ?? createNonceMemory(),
    ...build(),
    reset() {
      // With a state file the reset is stored first, and a reset it cannot store (a full disk) changes
      // nothing: memory and file never split. Pending changes go first, so what is put back is stored.
      world.persistence?.flush();
      const { ids, directory, families, cloudTokens, faults } = world;
      const before = { now: clock.now(), frozen: clock.frozen };
      if (fixed) clock.set(settings.startMs!, settings.frozen ?? true);
      else clock.set(realNow(), false);
      Object.assign(world, build());
      try {
        world.persistence?.replaceAll();
      } catch (err) {
        clock.set(before.now, before.frozen);
        Object.assign(world, { ids, directory, families, cloudTokens, faults });
        throw new ResetNotStoredError(`the reset could not be stored in the state file (${(err as Error).message}); nothing was reset. Free space or fix the file, then reset again`);
      }
      world.journal.clear();
      world.nonces.clear();
    },
  };
  return world;
}
