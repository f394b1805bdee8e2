/**
 * What a family sees of a world: its settings, fixtures and zone, the directory, and each
 * family's state. World (world.ts) is one; a state file builds one of its own to restore and
 * replay into. Families and the platform read this, never World, so nothing below the world
 * depends on what else a world holds (journal, faults, persistence).
 */
import type { Clock } from '../core/clock.js';
import type { IdSource } from '../core/ids.js';
import type { ZoneTime } from '../core/zone-time.js';
import type { Fixtures } from '../fixtures/schema.js';
import type { CloudTokenStore } from './cloud-tokens.js';
import type { Directory } from './directory.js';

/** The settings of a world that families read. */
export interface FamilySettings {
  /** IANA zone of startTime/endTime and of calendar months. */
  timezone: string;
  /** A fixed start instant (--now); absent: the real time. */
  startMs?: number;
  /** With N > 0, order/pay answers paymentStatus 2 (paying) and the order reads as paid N ms later. */
  paymentSettleMs?: number;
}

/**
 * Each family's state in one world, by family key (its `initialState` or `savedState` key). A plain
 * object, not a Map: a call reads its family's state as a property, the cheapest read there is.
 */
export type FamilyStates = Record<string, unknown>;

/** What a family's state is saved from, restored into and replayed against: the parts of a world it reads. */
export interface FamilyWorld {
  readonly settings: FamilySettings;
  readonly fixtures: Fixtures;
  readonly zone: ZoneTime;
  directory: Directory;
  /** Built when the world starts (a family with an initial state) or on first use; a reset builds it afresh. */
  families: FamilyStates;
}

/** A world as a call (an API's or the admin's) sees it: its state, and the clock, ids and cloud tokens calls use. */
export interface CallWorld extends FamilyWorld {
  readonly clock: Clock;
  ids: IdSource;
  cloudTokens: CloudTokenStore;
}
