/**
 * The --state-file adapter, a SQLite file (better-sqlite3): a snapshot of every family's state,
 * and after it a log of the changes made since (one row per call that changed something, whatever
 * it moved). At start the snapshot is loaded, the log replayed, and both replaced by a new
 * snapshot. Changes are written behind the requests in one transaction per event-loop tick;
 * answers leave only after the commit.
 *
 * Every family that saves its state (platform/family-state.ts) has its rows in `family_rows` and
 * its changes in `changes`, tagged with its key. This file knows a family by its key and schemas
 * only. Files of formats 1 to 3 kept one family's rows in an `orders` table and its changes
 * untagged: they are read as that family's (SavedFamilyState.untaggedBeforeFormat4).
 */
import { accessSync, closeSync, constants, copyFileSync, existsSync, openSync, readSync, renameSync, rmSync, statSync, truncateSync } from 'node:fs';
import { dirname } from 'node:path';
import { createRequire } from 'node:module';
import type Database from 'better-sqlite3';
import type { FamilyRow, SavedFamilyState } from '../platform/family-state.js';
import type { Effects } from '../platform/operation.js';
import type { Persistence } from './effects.js';
import type { ZoneTime } from '../core/zone-time.js';
import { decodeChecked, encodeChecked } from './checked-json.js';
import { outOfRangeInstant } from './stored-instants.js';

// better-sqlite3 is loaded when a state file is opened: a start without --state-file does not pay for it.
const requireCjs = createRequire(import.meta.url);

/** What identifies our files; another SQLite database is foreign and left alone. */
export const STATE_FORMAT = 'aliyun-living-mock/state';
export const STATE_VERSION = '4';
/**
 * Versions this build reads: 1 held one family's snapshot alone, 2 added its change log, 3 the other
 * families' rows and tagged changes, 4 keeps every family's alike.
 */
const READABLE_VERSIONS = new Set(['1', '2', '3', '4']);
/** The meta key marking that a family's state is in the file (its rows may be none). */
const FAMILY_MARK = 'family/';
/** The value of a family's mark: the version of that family's rows, the one this build writes and reads. */
const FAMILY_ROWS_VERSION = '1';

/** What the file needs of a family that saves its state: its key, and the schemas its rows and changes are read with. */
export type FamilyCodec = Pick<SavedFamilyState, 'key' | 'row' | 'change' | 'untaggedBeforeFormat4' | 'instantFields'>;
const SQLITE_MAGIC = 'SQLite format 3\0';

/** The state file cannot be used; the message says which file, why, and what to do. */
export class StateFileError extends Error {
  override name = 'StateFileError';
  /** What SQLite found damaged in the database itself (bad pages, a truncated file), for which a repair moves it aside; absent for every other refusal. */
  damage?: string;
}

function refuse(path: string, why: string): never {
  throw new StateFileError(
    `state file ${path} ${why}; it was left untouched. Pass another --state-file, or move this one away to start afresh.`,
  );
}

/** The database itself is damaged: refused, and --state-file-repair is what to do. */
function damaged(path: string, why: string): never {
  const err = new StateFileError(
    `state file ${path} ${why}; it was left untouched. Start once with --state-file-repair to move it aside and keep the rows that can still be read, or pass another --state-file.`,
  );
  err.damage = why;
  throw err;
}

/** SQLite's codes for a damaged database file. */
const isDamage = (err: unknown): boolean => ['SQLITE_CORRUPT', 'SQLITE_NOTADB'].some((code) => String((err as { code?: unknown }).code ?? '').startsWith(code));

/** Reads the first bytes without SQLite, so a foreign file is refused before anything opens it for writing. */
function checkHeader(path: string): 'new' | 'sqlite' {
  try {
    accessSync(dirname(path), constants.W_OK);
  } catch {
    refuse(path, `is in a folder this process cannot write to (${dirname(path)}); SQLite keeps its journal beside the file`);
  }
  if (!existsSync(path)) return 'new';
  const stat = statSync(path);
  if (!stat.isFile()) refuse(path, 'is not a regular file');
  if (stat.size === 0) return 'new';
  // The mode bits too: access() says yes to root whatever the mode, SQLite then refuses every write.
  let writable = (stat.mode & 0o222) !== 0;
  try {
    accessSync(path, constants.R_OK | constants.W_OK);
  } catch {
    writable = false;
  }
  if (!writable) refuse(path, 'is read-only (mode ' + (stat.mode & 0o777).toString(8) + '): make it writable (chmod u+w) or pass another --state-file');
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(16);
    readSync(fd, head, 0, 16, 0);
    if (head.toString('latin1') !== SQLITE_MAGIC) refuse(path, 'is not a SQLite database (wrong header)');
  } finally {
    closeSync(fd);
  }
  return 'sqlite';
}

function tableExists(db: Database.Database, name: string): boolean {
  return db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
}

function hasFamilyColumn(db: Database.Database): boolean {
  return db.prepare("SELECT name FROM pragma_table_info('changes') WHERE name = 'family'").get() !== undefined;
}

/**
 * Checks that an existing database is one of ours and sound, and reads the families' rows and the
 * changes. `salvaging` (a damaged database, at a repair) reads what it can: a table that breaks off
 * keeps the rows read before, and the break is listed in `skipped`.
 */
function readExisting(db: Database.Database, path: string, repair: boolean, families: readonly FamilyCodec[], zone: ZoneTime, salvaging = false): StoredState {
  let format: string | undefined;
  let version: string | undefined;
  const saved: string[] = [];
  try {
    const check = salvaging ? 'ok' : db.pragma('quick_check', { simple: true });
    if (check !== 'ok') damaged(path, `is corrupt (SQLite quick_check: ${String(check)})`);
    const meta = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'meta'").get();
    if (!meta) refuse(path, `is a SQLite database but not an aliyun-living-mock state file (no meta table)`);
    const rows = db.prepare('SELECT key, value FROM meta').all() as { key: string; value: string }[];
    format = rows.find((r) => r.key === 'format')?.value;
    version = rows.find((r) => r.key === 'version')?.value;
    for (const r of rows) {
      if (!r.key.startsWith(FAMILY_MARK)) continue;
      const family = r.key.slice(FAMILY_MARK.length);
      // Rows of a version this build does not know would be read with the wrong schema: refuse the file instead.
      if (r.value !== FAMILY_ROWS_VERSION) {
        refuse(path, `holds family "${family}" in row format version ${JSON.stringify(r.value)}, this emulator reads version ${FAMILY_ROWS_VERSION}: it was written by a newer emulator; start that one, or another --state-file`);
      }
      saved.push(family);
    }
  } catch (err) {
    if (err instanceof StateFileError) throw err;
    if (salvaging) {
      // Its meta table is lost with the damage: what can still be read is read as this build's format.
      format = STATE_FORMAT;
      version = STATE_VERSION;
    } else if (isDamage(err)) damaged(path, `is corrupt (${(err as Error).message})`);
    else refuse(path, `cannot be read as a state file (${(err as Error).message})`);
  }
  if (format !== STATE_FORMAT) refuse(path, `is a SQLite database of something else (format ${JSON.stringify(format ?? null)}, expected "${STATE_FORMAT}")`);
  if (!READABLE_VERSIONS.has(version ?? '')) refuse(path, `has state format version ${version}, this emulator reads versions ${[...READABLE_VERSIONS].join(', ')}`);
  const stored: StoredState = { changes: [], families: new Map(), skipped: [] };
  const codecs = new Map(families.map((f) => [f.key, f]));
  const untagged = families.find((f) => f.untaggedBeforeFormat4);
  const bad = (what: string, seq: number, reason: string) => {
    if (!repair) {
      refuse(path, `is corrupt: ${what} row ${seq}: ${reason}. Start once with --state-file-repair to skip the bad rows (they are listed), or move the file away`);
    }
    stored.skipped.push(`${what} row ${seq}: ${reason}`);
  };
  /** Reads one table; a damaged one is refused, or at a salvage keeps what was read before the break. */
  const readTable = (table: string, read: () => void) => {
    try {
      if (tableExists(db, table)) read();
    } catch (err) {
      if (err instanceof StateFileError) throw err;
      if (!salvaging) damaged(path, `is corrupt (${(err as Error).message})`);
      stored.skipped.push(`table ${table}: the rows after those read could not be read (${(err as Error).message})`);
    }
  };
  const noUntagged = 'no family of this build reads the rows of formats 1 to 3';
  const instantFields = new Map(families.map((f) => [f.key, new Set(f.instantFields)]));
  /** A stored text read with the family's schema, its instants checked against the range every input gets. */
  const decode = (codec: FamilyCodec, schema: FamilyCodec['row'], text: string): ReturnType<typeof decodeChecked<unknown>> => {
    const decoded = decodeChecked<unknown>(schema, text);
    if (!decoded.ok) return decoded;
    const outside = outOfRangeInstant(decoded.value, instantFields.get(codec.key)!, zone);
    return outside ? { ok: false, reason: outside } : decoded;
  };
  readTable('orders', () => {
    // Formats 1 to 3: one family's snapshot rows, by order id.
    const rows: unknown[] = [];
    if (untagged) stored.families.set(untagged.key, rows);
    for (const row of db.prepare('SELECT seq, body FROM orders ORDER BY seq').iterate() as Iterable<{ seq: number; body: string }>) {
      if (!untagged) {
        bad('order', row.seq, noUntagged);
        continue;
      }
      const decoded = decode(untagged, untagged.row, row.body);
      if (decoded.ok) rows.push(decoded.value);
      else bad('order', row.seq, decoded.reason);
    }
  });
  for (const key of saved) if (codecs.has(key) && !stored.families.has(key)) stored.families.set(key, []);
  readTable('family_rows', () => {
    const rows = db.prepare('SELECT seq, family, body FROM family_rows ORDER BY seq').iterate() as Iterable<{ seq: number; family: string; body: string }>;
    for (const row of rows) {
      const codec = codecs.get(row.family);
      if (!codec) {
        bad(`family ${JSON.stringify(row.family)}`, row.seq, `no family "${row.family}" in this build (known: ${[...codecs.keys()].join(', ') || 'none'})`);
        continue;
      }
      const decoded = decode(codec, codec.row, row.body);
      if (!decoded.ok) {
        bad(row.family, row.seq, decoded.reason);
        continue;
      }
      const list = stored.families.get(row.family) ?? [];
      list.push(decoded.value);
      stored.families.set(row.family, list);
    }
  });
  readTable('changes', () => {
    // Version 2 has no family column: every change is untagged.
    const select = hasFamilyColumn(db) ? 'SELECT seq, body, family FROM changes ORDER BY seq' : 'SELECT seq, body, NULL AS family FROM changes ORDER BY seq';
    for (const row of db.prepare(select).iterate() as Iterable<{ seq: number; body: string; family: string | null }>) {
      if (row.family === null) {
        if (!untagged) {
          bad('change', row.seq, noUntagged);
          continue;
        }
        const decoded = decode(untagged, untagged.change, row.body);
        if (decoded.ok) stored.changes.push({ seq: row.seq, family: untagged.key, change: decoded.value });
        else bad('change', row.seq, decoded.reason);
        continue;
      }
      const codec = codecs.get(row.family);
      const decoded = codec ? decode(codec, codec.change, row.body) : { ok: false as const, reason: `no family "${row.family}" in this build` };
      if (decoded.ok) stored.changes.push({ seq: row.seq, family: row.family, change: decoded.value });
      else bad(`${row.family} change`, row.seq, decoded.reason);
    }
  });
  return stored;
}

/** The tables versions 1 and 2 lack, added to a file being opened (its version goes to 4 with the snapshot written at start). */
function addLaterTables(db: Database.Database): void {
  db.exec('CREATE TABLE IF NOT EXISTS changes (seq INTEGER PRIMARY KEY AUTOINCREMENT, body TEXT NOT NULL, family TEXT)');
  if (!hasFamilyColumn(db)) db.exec('ALTER TABLE changes ADD COLUMN family TEXT');
  db.exec('CREATE TABLE IF NOT EXISTS family_rows (seq INTEGER PRIMARY KEY AUTOINCREMENT, family TEXT NOT NULL, key TEXT NOT NULL, body TEXT NOT NULL, UNIQUE (family, key))');
}

function createSchema(db: Database.Database): void {
  db.exec('CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)');
  addLaterTables(db);
  const put = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)');
  put.run('format', STATE_FORMAT);
  put.run('version', STATE_VERSION);
}


/** A logged change, with the family it belongs to. */
export interface StoredChange {
  seq: number;
  family: string;
  change: unknown;
}

/** What a state file holds: the families' snapshot rows, the changes made since, and (repair) the rows skipped. */
export interface StoredState {
  changes: StoredChange[];
  /** The rows of each family whose state the file holds, in the order written; a family absent was never saved in it (a version 2 file). */
  families: Map<string, unknown[]>;
  skipped: string[];
}

/** Everything a snapshot writes: each saving family's rows, read once as they are written. */
export interface StateSnapshot {
  families: readonly { key: string; rows: Iterable<FamilyRow> }[];
}

/** How a state file is opened: the families that save their state, and the snapshot replaceAll writes. */
export interface StateFileOptions {
  repair?: boolean;
  /** The zone whose range every stored instant must lie in, as every input's does. */
  zone: ZoneTime;
  families: readonly FamilyCodec[];
  /** The world's state now, for replaceAll (after a reset, and at start). */
  snapshot: () => StateSnapshot;
}

/** An opened state file: what it holds (null when the file is new) and the persistence over it. */
export interface OpenedStateFile {
  stored: StoredState | null;
  persistence: StatePersistence;
}

/** Persistence over a state file, told what to do when a write fails. */
export interface StatePersistence extends Persistence {
  /** Called after a failed write, before the callers' answers (500) leave: the caller reloads the state from the file. */
  onWriteFailure?: () => void;
  /** What the file holds now (rows it cannot read are skipped). */
  read(): StoredState;
}

/** The files SQLite keeps beside a database in WAL mode. */
const JOURNALS = ['-wal', '-shm'];

/** Moves a database and its journals from one name to another. */
function moveDatabase(from: string, to: string): void {
  renameSync(from, to);
  for (const journal of JOURNALS) if (existsSync(from + journal)) renameSync(from + journal, to + journal);
}

/**
 * A scratch copy of a damaged database that SQLite reads up to the damage: a truncated file is
 * padded back to the size its header gives (SQLite refuses every page of a file shorter than that).
 */
function readableCopy(from: string, to: string): void {
  copyFileSync(from, to);
  if (existsSync(`${from}-wal`)) copyFileSync(`${from}-wal`, `${to}-wal`);
  const head = Buffer.alloc(32);
  const fd = openSync(to, 'r');
  try {
    readSync(fd, head, 0, 32, 0);
  } finally {
    closeSync(fd);
  }
  // The header's page size (1 means 65536) and page count.
  const pageSize = head.readUInt16BE(16) === 1 ? 65_536 : head.readUInt16BE(16);
  const size = pageSize * head.readUInt32BE(28);
  if (statSync(to).size < size) truncateSync(to, size);
}

/**
 * A damaged database at a repair: moved aside (with its journal) to `<path>.damaged-<instant>`,
 * and what can still be read from a scratch copy of it returned, for a new file in its place.
 * Nothing is deleted but the scratch copy. A file that turns out not to be ours goes back where it
 * was and is refused, as at any start.
 */
function salvage(path: string, families: readonly FamilyCodec[], zone: ZoneTime, damage: string, open: (file: string) => Database.Database): StoredState {
  const aside = `${path}.damaged-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  const scratch = `${aside}.salvage`;
  moveDatabase(path, aside);
  let stored: StoredState = { changes: [], families: new Map(), skipped: [] };
  try {
    readableCopy(aside, scratch);
    const db = open(scratch);
    try {
      stored = readExisting(db, path, true, families, zone, true);
    } finally {
      db.close();
    }
  } catch (err) {
    if (err instanceof StateFileError) {
      moveDatabase(aside, path);
      throw err;
    }
    stored.skipped.push(`nothing could be read from it (${(err as Error).message})`);
  } finally {
    for (const file of [scratch, ...JOURNALS.map((j) => scratch + j)]) rmSync(file, { force: true });
  }
  const read = [...stored.families.values()].reduce((n, rows) => n + rows.length, stored.changes.length);
  stored.skipped.unshift(`the database ${damage.replace(/^is /, 'was ')}: it was moved to ${aside}, and a new file started with the ${read} rows that could still be read`);
  return stored;
}

/**
 * Opens (or creates) a state file. A new file gets the schema; the caller seeds it through
 * persistence.replaceAll. Throws StateFileError for a foreign, damaged or read-only file, which
 * is never written to; with `repair`, rows that cannot be read are skipped and listed instead, and a
 * damaged database is moved aside for a new file holding what could still be read from it.
 */
export function openStateFile(path: string, { repair = false, zone, families, snapshot }: StateFileOptions): OpenedStateFile {
  let kind = checkHeader(path);
  const open = (file: string): Database.Database => {
    try {
      const Sqlite = requireCjs('better-sqlite3') as typeof Database;
      return new Sqlite(file);
    } catch (err) {
      refuse(path, `cannot be opened (${(err as Error).message})`);
    }
  };
  let db = open(path);
  let stored: StoredState | null;
  try {
    stored = kind === 'new' ? null : readExisting(db, path, repair, families, zone);
  } catch (err) {
    db.close();
    if (!(repair && err instanceof StateFileError && err.damage !== undefined)) throw err;
    stored = salvage(path, families, zone, err.damage, open);
    db = open(path);
    kind = 'new';
  }
  // Only now, with the file known to be ours (or new), does anything write to it.
  db.pragma('journal_mode = WAL');
  // FULL: a commit is on disk before the answer leaves, even if the machine, not just the process, dies.
  db.pragma('synchronous = FULL');
  if (kind === 'new') db.transaction(() => createSchema(db))();
  else addLaterTables(db);
  return { stored, persistence: createWriteBehind(db, families, snapshot, () => readExisting(db, path, true, families, zone)) };
}

/** A change encoded for the log, with its family. */
interface PendingChange {
  family: string;
  body: string;
}

/** Batches the changes of all requests of one event-loop tick into one transaction. */
function createWriteBehind(db: Database.Database, families: readonly FamilyCodec[], snapshot: () => StateSnapshot, read: () => StoredState): StatePersistence {
  const codecs = new Map(families.map((f) => [f.key, f]));
  const codecOf = (family: string): FamilyCodec => {
    const codec = codecs.get(family);
    // A family that reports changes without declaring savedState in families/table.ts: a bug, not a bad request.
    if (!codec) throw new Error(`family "${family}" reported changes but saves no state (give it a savedState in families/table.ts)`);
    return codec;
  };
  const append = db.prepare('INSERT INTO changes (body, family) VALUES (?, ?)');
  const insertRow = db.prepare('INSERT INTO family_rows (family, key, body) VALUES (?, ?, ?)');
  const putMeta = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');
  const writeAll = db.transaction((batch: PendingChange[]) => {
    for (const c of batch) append.run(c.body, c.family);
  });
  const replace = db.transaction((state: StateSnapshot) => {
    // Format 4 keeps no `orders` table: its rows are now the family's in family_rows.
    db.exec('DROP TABLE IF EXISTS orders');
    db.prepare('DELETE FROM changes').run();
    db.prepare('DELETE FROM family_rows').run();
    db.prepare('DELETE FROM meta WHERE key LIKE ?').run(`${FAMILY_MARK}%`);
    for (const { key: family, rows } of state.families) {
      const codec = codecOf(family);
      putMeta.run(FAMILY_MARK + family, FAMILY_ROWS_VERSION);
      for (const row of rows) insertRow.run(family, row.key, encodeChecked(codec.row, row.value, `${family} row "${row.key}"`));
    }
    putMeta.run('version', STATE_VERSION);
  });
  let pending: PendingChange[] = [];
  let flushing: Promise<void> | undefined;
  let settle: { resolve: () => void; reject: (err: Error) => void } | undefined;
  let closed = false;
  let commits = 0;

  const persistence: StatePersistence = {
    read,
    get commits() {
      return commits;
    },
    commit(effects: Effects | undefined) {
      if (closed) return undefined;
      // Encoded (and checked) now: a change that could not be read back is refused before anything is written.
      if (effects !== undefined) {
        const { family } = effects;
        const { change: schema } = codecOf(family);
        for (const change of effects.changes) pending.push({ family, body: encodeChecked(schema, change, `a ${family} change`) });
      }
      if (flushing) return flushing;
      if (pending.length === 0) return undefined;
      flushing = new Promise<void>((resolve, reject) => {
        settle = { resolve, reject };
      });
      setImmediate(writePending);
      return flushing;
    },
    flush() {
      if (flushing) writePending();
    },
    replaceAll() {
      if (flushing) writePending();
      // One transaction: when it fails (a full disk) SQLite rolls it back and the file holds what it held.
      replace(snapshot());
    },
    close() {
      if (closed) return;
      if (flushing) writePending();
      closed = true;
      db.close();
    },
  };

  function writePending(): void {
    const batch = pending;
    const done = settle!;
    pending = [];
    settle = undefined;
    flushing = undefined;
    try {
      writeAll(batch);
      commits += 1;
      done.resolve();
    } catch (err) {
      persistence.onWriteFailure?.();
      done.reject(new Error(`state file write failed: ${(err as Error).message}`));
    }
  }
  return persistence;
}

/** What a state file holds, read through a read-only connection (another process may be writing it). */
export function readStateFile(path: string, families: readonly FamilyCodec[], zone: ZoneTime): StoredState {
  const Sqlite = requireCjs('better-sqlite3') as typeof Database;
  const db = new Sqlite(path, { readonly: true });
  try {
    return readExisting(db, path, false, families, zone);
  } finally {
    db.close();
  }
}
