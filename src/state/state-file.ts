/**
 * The --state-file adapter, a SQLite file (better-sqlite3): a snapshot of every order, and after
 * it a log of the changes made since (one row per call that changed something, whatever it moved).
 * At start the snapshot is loaded, the log replayed, and both replaced by a new snapshot. Changes
 * are written behind the requests in one transaction per event-loop tick; answers leave only
 * after the commit.
 */
import { accessSync, closeSync, constants, existsSync, openSync, readSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { createRequire } from 'node:module';
import type Database from 'better-sqlite3';
import type { StreamingChange } from '../services/streaming/changes.js';
import type { OrderFields } from '../services/streaming/order.js';
import { allOrders, type StreamingStore } from '../services/streaming/store.js';
import type { Effects, Persistence } from './effects.js';
import { decodeChange, decodeOrder, encodeChange, encodeOrder } from './order-record.js';

// better-sqlite3 is loaded when a state file is opened: a start without --state-file does not pay for it.
const requireCjs = createRequire(import.meta.url);

/** What identifies our files; another SQLite database is foreign and left alone. */
export const STATE_FORMAT = 'aliyun-living-mock/state';
export const STATE_VERSION = '2';
/** Versions this build reads: 1 held the snapshot alone. */
const READABLE_VERSIONS = new Set(['1', '2']);
const SQLITE_MAGIC = 'SQLite format 3\0';

/** The state file cannot be used; the message says which file, why, and what to do. */
export class StateFileError extends Error {
  override name = 'StateFileError';
}

function refuse(path: string, why: string): never {
  throw new StateFileError(
    `state file ${path} ${why}; it was left untouched. Pass another --state-file, or move this one away to start afresh.`,
  );
}

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

/** Checks that an existing database is one of ours and sound, and reads its orders. */
function readExisting(db: Database.Database, path: string, repair: boolean): StoredState {
  let format: string | undefined;
  let version: string | undefined;
  try {
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') refuse(path, `is corrupt (SQLite quick_check: ${String(check)})`);
    const meta = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'meta'").get();
    if (!meta) refuse(path, `is a SQLite database but not an aliyun-living-mock state file (no meta table)`);
    const rows = db.prepare('SELECT key, value FROM meta').all() as { key: string; value: string }[];
    format = rows.find((r) => r.key === 'format')?.value;
    version = rows.find((r) => r.key === 'version')?.value;
  } catch (err) {
    if (err instanceof StateFileError) throw err;
    refuse(path, `cannot be read as a state file (${(err as Error).message})`);
  }
  if (format !== STATE_FORMAT) refuse(path, `is a SQLite database of something else (format ${JSON.stringify(format ?? null)}, expected "${STATE_FORMAT}")`);
  if (!READABLE_VERSIONS.has(version ?? '')) refuse(path, `has state format version ${version}, this emulator reads versions ${[...READABLE_VERSIONS].join(', ')}`);
  const stored: StoredState = { orders: [], changes: [], skipped: [] };
  const bad = (what: string, seq: number, reason: string) => {
    if (!repair) {
      refuse(path, `is corrupt: ${what} row ${seq}: ${reason}. Start once with --state-file-repair to skip the bad rows (they are listed), or move the file away`);
    }
    stored.skipped.push(`${what} row ${seq}: ${reason}`);
  };
  try {
    for (const row of db.prepare('SELECT seq, body FROM orders ORDER BY seq').iterate() as Iterable<{ seq: number; body: string }>) {
      const decoded = decodeOrder(row.body);
      if (decoded.ok) stored.orders.push(decoded.value);
      else bad('order', row.seq, decoded.reason);
    }
    const hasChanges = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'changes'").get();
    if (hasChanges) {
      for (const row of db.prepare('SELECT seq, body FROM changes ORDER BY seq').iterate() as Iterable<{ seq: number; body: string }>) {
        const decoded = decodeChange(row.body);
        if (decoded.ok) stored.changes.push({ seq: row.seq, change: decoded.value });
        else bad('change', row.seq, decoded.reason);
      }
    }
  } catch (err) {
    if (err instanceof StateFileError) throw err;
    refuse(path, `is corrupt (${(err as Error).message})`);
  }
  return stored;
}

function createChangesTable(db: Database.Database): void {
  db.exec('CREATE TABLE IF NOT EXISTS changes (seq INTEGER PRIMARY KEY AUTOINCREMENT, body TEXT NOT NULL)');
}

function createSchema(db: Database.Database): void {
  db.exec(`
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE orders (seq INTEGER PRIMARY KEY AUTOINCREMENT, order_id TEXT NOT NULL UNIQUE, iot_id TEXT NOT NULL, body TEXT NOT NULL);
  `);
  createChangesTable(db);
  const put = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)');
  put.run('format', STATE_FORMAT);
  put.run('version', STATE_VERSION);
}


/** What a state file holds: the snapshot's orders, the changes made since, and (repair) the rows skipped. */
export interface StoredState {
  orders: OrderFields[];
  changes: { seq: number; change: StreamingChange }[];
  skipped: string[];
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

/**
 * Opens (or creates) a state file. A new file gets the schema; the caller seeds it through
 * persistence.replaceAll. Throws StateFileError for a foreign, damaged or read-only file, which
 * is never written to; with `repair`, rows that cannot be read are skipped and listed instead.
 */
export function openStateFile(path: string, { repair = false }: { repair?: boolean } = {}): OpenedStateFile {
  const kind = checkHeader(path);
  let db: Database.Database;
  try {
    const Sqlite = requireCjs('better-sqlite3') as typeof Database;
    db = new Sqlite(path);
  } catch (err) {
    refuse(path, `cannot be opened (${(err as Error).message})`);
  }
  let stored: StoredState | null;
  try {
    stored = kind === 'new' ? null : readExisting(db, path, repair);
  } catch (err) {
    db.close();
    throw err;
  }
  // Only now, with the file known to be ours (or new), does anything write to it.
  db.pragma('journal_mode = WAL');
  // FULL: a commit is on disk before the answer leaves, even if the machine, not just the process, dies.
  db.pragma('synchronous = FULL');
  if (kind === 'new') db.transaction(() => createSchema(db))();
  else createChangesTable(db);
  return { stored, persistence: createWriteBehind(db, () => readExisting(db, path, true)) };
}

/** Batches the changes of all requests of one event-loop tick into one transaction. */
function createWriteBehind(db: Database.Database, read: () => StoredState): StatePersistence {
  const append = db.prepare('INSERT INTO changes (body) VALUES (?)');
  const insertOrder = db.prepare('INSERT INTO orders (order_id, iot_id, body) VALUES (?, ?, ?)');
  const writeAll = db.transaction((bodies: string[]) => {
    for (const body of bodies) append.run(body);
  });
  const replace = db.transaction((store: StreamingStore) => {
    db.prepare('DELETE FROM orders').run();
    db.prepare('DELETE FROM changes').run();
    for (const order of allOrders(store)) insertOrder.run(order.orderId, order.iotId, encodeOrder(order));
    db.prepare("INSERT INTO meta (key, value) VALUES ('version', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value").run(STATE_VERSION);
  });
  let pending: string[] = [];
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
      for (const c of effects?.changes ?? []) pending.push(encodeChange(c));
      if (flushing) return flushing;
      if (pending.length === 0) return undefined;
      flushing = new Promise<void>((resolve, reject) => {
        settle = { resolve, reject };
      });
      setImmediate(flush);
      return flushing;
    },
    replaceAll(store) {
      if (flushing) flush();
      replace(store);
    },
    close() {
      if (closed) return;
      if (flushing) flush();
      closed = true;
      db.close();
    },
  };

  function flush(): void {
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
export function readStateFile(path: string): StoredState {
  const Sqlite = requireCjs('better-sqlite3') as typeof Database;
  const db = new Sqlite(path, { readonly: true });
  try {
    return readExisting(db, path, false);
  } finally {
    db.close();
  }
}
