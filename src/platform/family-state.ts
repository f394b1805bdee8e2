/**
 * How a family other than 直播分享 keeps its state in a --state-file: it declares this beside its
 * operations (ApiFamily.savedState in families.ts) and the state file does the rest, knowing
 * nothing of the family. A snapshot is rows of JSON (one per order, say); after it, each call
 * that changed something logs a change, which is replayed at the next start.
 */
import type { z } from 'zod';
import type { World } from '../world.js';

/** What a family's state is saved from, restored into and replayed against: the parts of a world it reads. */
export type FamilyWorld = Pick<World, 'store' | 'families' | 'fixtures' | 'zone' | 'settings'>;

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
  /** The family's state in the world now (built from the fixtures if it was never used), as rows, in an order `restore` keeps. */
  rows(world: FamilyWorld, now: number): FamilyRow<Row>[];
  /** Puts the state `rows` describe (read back in the order written) on the world, replacing what it held. */
  restore(world: FamilyWorld, rows: readonly Row[]): void;
  /** Applies a logged change again, drawing no ids (every id is in the change); throws when the state cannot take it. */
  replay(world: FamilyWorld, change: Change): void;
}
