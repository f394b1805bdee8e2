/**
 * The --state-file adapter: orders in a SQLite file (better-sqlite3), written behind the
 * requests in one transaction per event-loop tick, answers released only after the commit.
 */
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import type Database from 'better-sqlite3';
import type { Order } from '../services/streaming/order.js';
import type { Effects, Persistence } from './effects.js';
import { decodeOrder, encodeOrder } from './order-record.js';

// better-sqlite3 is loaded when a state file is opened: a start without --state-file does not pay for it.
const requireCjs = createRequire(import.meta.url);

/** What identifies our files; another SQLite database is foreign and left alone. */
export const STATE_FORMAT = 'aliyun-living-mock/state';
export const STATE_VERSION = '1';
const SQLITE_MAGIC = 'SQLite format 3\0';

/** The state file cannot be used; the message says which file, why, and what to do. */
export class StateFileError extends Error {
  override name = 'StateFileError';
}

/** An opened state file: its orders (null when the file is new) and the persistence over it. */
export interface OpenedStateFile {
  /** Stored orders in creation order; null for a new file, which the caller seeds. */
  orders: Order[] | null;
  persistence: Persistence;
}

function refuse(path: string, why: string): never {
  throw new StateFileError(
    `state file ${path} ${why}; it was left untouched. Pass another --state-file, or move this one away to start afresh.`,
  );
}

/** Reads the first bytes without SQLite, so a foreign file is refused before anything opens it for writing. */
function checkHeader(path: string): 'new' | 'sqlite' {
  if (!existsSync(path)) return 'new';
  const stat = statSync(path);
  if (!stat.isFile()) refuse(path, 'is not a regular file');
  if (stat.size === 0) return 'new';
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
function readExisting(db: Database.Database, path: string): Order[] {
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
  if (version !== STATE_VERSION) refuse(path, `has state format version ${version}, this emulator reads version ${STATE_VERSION}`);
  const orders: Order[] = [];
  try {
    for (const row of db.prepare('SELECT seq, body FROM orders ORDER BY seq').iterate() as Iterable<{ seq: number; body: string }>) {
      const decoded = decodeOrder(row.body);
      if (!decoded.ok) refuse(path, `is corrupt: order row ${row.seq}: ${decoded.reason}`);
      orders.push(decoded.order);
    }
  } catch (err) {
    if (err instanceof StateFileError) throw err;
    refuse(path, `is corrupt (${(err as Error).message})`);
  }
  return orders;
}

function createSchema(db: Database.Database): void {
  db.exec(`
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE orders (seq INTEGER PRIMARY KEY AUTOINCREMENT, order_id TEXT NOT NULL UNIQUE, iot_id TEXT NOT NULL, body TEXT NOT NULL);
  `);
  const put = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)');
  put.run('format', STATE_FORMAT);
  put.run('version', STATE_VERSION);
}

/**
 * Opens (or creates) a state file. A new file gets the schema; the caller seeds it with the
 * fixture orders through persistence.replaceAll. Throws StateFileError for a foreign or corrupt
 * file, which is never written to.
 */
export function openStateFile(path: string): OpenedStateFile {
  const kind = checkHeader(path);
  let db: Database.Database;
  try {
    const Sqlite = requireCjs('better-sqlite3') as typeof Database;
    db = new Sqlite(path);
  } catch (err) {
    refuse(path, `cannot be opened (${(err as Error).message})`);
  }
  let orders: Order[] | null;
  try {
    orders = kind === 'new' ? null : readExisting(db, path);
  } catch (err) {
    db.close();
    throw err;
  }
  // Only now, with the file known to be ours (or new), does anything write to it.
  db.pragma('journal_mode = WAL');
  // FULL: a commit is on disk before the answer leaves, even if the machine, not just the process, dies.
  db.pragma('synchronous = FULL');
  if (kind === 'new') db.transaction(() => createSchema(db))();
  return { orders, persistence: createWriteBehind(db) };
}

/** Batches the changes of all requests of one event-loop tick into one transaction. */
function createWriteBehind(db: Database.Database): Persistence {
  const upsert = db.prepare(
    'INSERT INTO orders (order_id, iot_id, body) VALUES (?, ?, ?) ON CONFLICT(order_id) DO UPDATE SET body = excluded.body',
  );
  const writeAll = db.transaction((orders: Iterable<Order>) => {
    for (const o of orders) upsert.run(o.orderId, o.iotId, encodeOrder(o));
  });
  const replace = db.transaction((orders: Iterable<Order>) => {
    db.prepare('DELETE FROM orders').run();
    for (const o of orders) upsert.run(o.orderId, o.iotId, encodeOrder(o));
  });
  let pending = new Map<string, Order>();
  let flushing: Promise<void> | undefined;
  let settle: { resolve: () => void; reject: (err: Error) => void } | undefined;
  let closed = false;
  let commits = 0;

  const flush = (): void => {
    const batch = pending;
    const done = settle!;
    pending = new Map();
    settle = undefined;
    flushing = undefined;
    try {
      // Orders are written as they are at flush time: a later change in the same tick is in the same batch.
      writeAll(batch.values());
      commits += 1;
      done.resolve();
    } catch (err) {
      done.reject(new Error(`state file write failed: ${(err as Error).message}`));
    }
  };

  return {
    get commits() {
      return commits;
    },
    commit(effects: Effects | undefined) {
      if (closed) return undefined;
      for (const o of effects?.orders ?? []) pending.set(o.orderId, o);
      if (flushing) return flushing;
      if (pending.size === 0) return undefined;
      flushing = new Promise<void>((resolve, reject) => {
        settle = { resolve, reject };
      });
      setImmediate(flush);
      return flushing;
    },
    replaceAll(orders) {
      if (flushing) flush();
      replace([...orders]);
    },
    close() {
      if (closed) return;
      if (flushing) flush();
      closed = true;
      db.close();
    },
  };
}
