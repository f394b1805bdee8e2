/**
 * How a family's state lives in a world and in a --state-file. A family declares these beside its
 * operations (ApiFamily.initialState and .savedState in families/table.ts); the world, the sessions'
 * template and the state file do the rest, knowing nothing of the family.
 *
 * A snapshot is rows of JSON (one per order, say); after it, each call that changed something logs
 * a change, which is replayed at the next start.
 */
import type { z } from 'zod';
import type { IdSource } from '../core/ids.js';
import type { ZoneTime } from '../core/zone-time.js';
import type { Fixtures } from '../fixtures/schema.js';
import type { Directory } from './directory.js';
import type { FamilyWorld } from './family-world.js';

/** What a family's initial state is built from: a world's fixtures and directory at its start. */
export interface StateSeed {
  fixtures: Fixtures;
  zone: ZoneTime;
  directory: Directory;
  /** The world's start: relative fixture times ("now-10d") count from it. */
  now: number;
  /** The world's id source: what building draws from it, every world built alike draws. */
  ids: IdSource;
}

/**
 * A state a world builds when it starts rather than on first use: for a family whose fixtures draw
 * ids (they must be drawn before any call's) or must be checked before the emulator answers. Sessions
 * build it once per template (the base) and fork the base for each world.
 */
export interface InitialFamilyState<State = unknown> {
  /** The family's key in `world.families`. */
  readonly key: string;
  /** The state the fixtures describe at `seed.now`; throws a FixtureError naming the file, entry and field. */
  build(seed: StateSeed): State;
  /** A state that reads as `base` and writes only to itself; `base` is never written afterwards. */
  fork(base: State): State;
}

/** One row of a family's snapshot: `key` is unique within the family (an orderId, say). */
export interface FamilyRow<Row = unknown> {
  key: string;
  value: Row;
}

/** A family's saved state: the schemas its rows and changes are checked against, and how to write, read and replay them. */
export interface SavedFamilyState<Row = unknown, Change = unknown> {
  /** The family's name in the file (family_rows.family, changes.family) and its key in `world.families`. */
  readonly key: string;
  /** A snapshot row's reading schema: a row is checked before it is written and when it is read. */
  readonly row: z.ZodType<Row>;
  /** A logged change's reading schema, likewise. */
  readonly change: z.ZodType<Change>;
  /**
   * True for the one family whose rows files of formats 1 to 3 kept in their `orders` table and
   * whose changes they logged with no family (直播分享's, which was saved before any other).
   */
  readonly untaggedBeforeFormat4?: boolean;
  /**
   * The names of the fields, at any depth of a row or change, that hold instants (epoch ms): each is
   * checked on load against the range every input gets, and a row outside it is refused.
   */
  readonly instantFields: readonly string[];
  /**
   * The package a row or change names that `fixtures` do not have (its commodityCode, say), or
   * undefined: what `validate-fixtures --state-file` reports before a start would stumble on it.
   * Absent: the family's rows name no package.
   */
  missingPackage?(fixtures: Fixtures, entry: Row | Change): string | undefined;
  /** The family's state in the world now (built from the fixtures if it was never used), as rows, in an order `restore` keeps; read once, as it goes. */
  rows(world: FamilyWorld, now: number): Iterable<FamilyRow<Row>>;
  /** Puts the state `rows` describe (read back in the order written) on the world at `now`, replacing what it held. */
  restore(world: FamilyWorld, rows: readonly Row[], now: number): void;
  /** Applies a logged change again, drawing no ids (every id is in the change); throws when the state cannot take it. */
  replay(world: FamilyWorld, change: Change): void;
}
