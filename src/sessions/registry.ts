/**
 * A bounded registry of named sessions: created on first use, least recently used first out,
 * dropped after an idle time. Pure (no Fastify, no timers): time comes from `now`, and idle
 * sessions are swept on every access and whenever the owner calls sweep().
 */

/** Why a session left the registry. */
export type EvictionReason = 'lru' | 'idle' | 'deleted';

export interface SessionRegistryOptions<S> {
  /** Builds the session for a name on its first use. */
  create(name: string): S;
  /** Most sessions kept at once; the least recently used one goes first. */
  maxSessions: number;
  /** Drop a session unused for this long (ms); 0 keeps them until LRU eviction. */
  idleMs: number;
  /** The real time source (idle time is wall time, not a session's virtual clock). */
  now?: () => number;
  /** Told when a session leaves, e.g. to log it. */
  onEvict?(name: string, session: S, reason: EvictionReason): void;
}

/** One session as the registry lists it. */
export interface SessionEntry<S> {
  name: string;
  session: S;
  /** Wall-clock ms of creation and of the last access. */
  createdAt: number;
  lastUsedAt: number;
}

/** The registry; a Map in least-recently-used-first order does the bookkeeping. */
export interface SessionRegistry<S> {
  /** The named session, created on first use; marks it used. */
  get(name: string): S;
  /** The named session if it exists, marked used; undefined (and nothing created) when it does not. */
  find(name: string): S | undefined;
  /** Keeps `session` under `name` unless one is there already (then that one); marks it used. */
  adopt(name: string, session: S): S;
  /** The named session if it exists, without creating or touching it. */
  peek(name: string): S | undefined;
  /** Drops a session; false when there was none. */
  delete(name: string): boolean;
  /** Every live session, least recently used first; a read, it touches none and drops none (idle ones are left out, not swept). */
  list(): SessionEntry<S>[];
  /** Drops every session idle longer than idleMs; returns how many went. */
  sweep(): number;
  /** Drops every session. */
  clear(): void;
  readonly size: number;
}

/** Creates an empty registry. */
export function createSessionRegistry<S>(options: SessionRegistryOptions<S>): SessionRegistry<S> {
  if (!Number.isInteger(options.maxSessions) || options.maxSessions < 1) throw new Error('maxSessions must be a positive integer');
  if (!(options.idleMs >= 0)) throw new Error('idleMs must be 0 (never) or a positive number of milliseconds');
  const now = options.now ?? Date.now;
  const entries = new Map<string, SessionEntry<S>>();

  const evict = (entry: SessionEntry<S>, reason: EvictionReason) => {
    entries.delete(entry.name);
    options.onEvict?.(entry.name, entry.session, reason);
  };

  const isIdle = (entry: SessionEntry<S>, cutoff: number) => options.idleMs !== 0 && entry.lastUsedAt <= cutoff;

  const sweep = (): number => {
    if (options.idleMs === 0) return 0;
    const cutoff = now() - options.idleMs;
    let dropped = 0;
    // LRU order means the idle ones are at the front: stop at the first recent one.
    for (const entry of entries.values()) {
      if (!isIdle(entry, cutoff)) break;
      evict(entry, 'idle');
      dropped++;
    }
    return dropped;
  };

  /** The live session under `name`, moved to the most recently used end. */
  const touch = (name: string): S | undefined => {
    sweep();
    const existing = entries.get(name);
    if (!existing) return undefined;
    entries.delete(name);
    existing.lastUsedAt = Math.max(existing.lastUsedAt, now());
    entries.set(name, existing);
    return existing.session;
  };
  const insert = (name: string, session: S): S => {
    while (entries.size >= options.maxSessions) evict(entries.values().next().value!, 'lru');
    const at = now();
    entries.set(name, { name, session, createdAt: at, lastUsedAt: at });
    return session;
  };

  return {
    get: (name) => touch(name) ?? insert(name, options.create(name)),
    find: touch,
    adopt: (name, session) => touch(name) ?? insert(name, session),
    peek: (name) => entries.get(name)?.session,
    delete(name) {
      const entry = entries.get(name);
      if (!entry) return false;
      evict(entry, 'deleted');
      return true;
    },
    list: () => {
      const cutoff = now() - options.idleMs;
      return [...entries.values()].filter((e) => !isIdle(e, cutoff)).map((e) => ({ ...e }));
    },
    sweep,
    clear() {
      for (const entry of [...entries.values()]) evict(entry, 'deleted');
    },
    get size() {
      return entries.size;
    },
  };
}
