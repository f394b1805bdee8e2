/**
 * The sessions of one server: the default world plus a bounded registry of named worlds,
 * and the choice of one for each raw request. No Fastify here; src/sessions/routes.ts and
 * the onRequest hook in src/app.ts put it on the wire.
 */
import { createIdSource, type IdSource } from '../core/ids.js';
import { orderCount } from '../services/streaming/store.js';
import type { World } from '../world.js';
import { createSessionRegistry, type EvictionReason, type SessionRegistry } from './registry.js';
import { chooseSession, DEFAULT_SESSION, SESSION_HEADER, type IsolateBy } from './select.js';

/** What a session is chosen from: the raw request's headers (Node's IncomingMessage fits). */
export interface RawRequest {
  headers: Record<string, string | string[] | undefined>;
}

export interface SessionsOptions {
  /** The world of requests that name no session; it is never evicted. */
  defaultWorld: World;
  /** Builds a fresh world for a new session (from the shared template, so it is cheap). */
  createWorld(name: string): World;
  isolateBy: IsolateBy;
  maxSessions: number;
  idleMs: number;
  /** Wall time for idle bookkeeping. */
  realNow?: () => number;
  /** Seed of the ids answered when a request names no valid session (they belong to no world). */
  seed?: number;
  onEvict?(name: string, reason: EvictionReason): void;
}

/** A request's session, or why it names none. */
export type RequestSession =
  | { ok: true; name: string; world: World }
  | { ok: false; header: string; detail: string };

/** One session as GET /__admin/sessions lists it. */
export interface SessionSummary {
  name: string;
  /** Orders in the session's store (fixtures' included). */
  orders: number;
  /** The session's own clock. */
  now: string;
  /** Wall-clock ISO instants; null for the default session, which lives as long as the server. */
  created: string | null;
  lastUsed: string | null;
}

export interface Sessions {
  readonly defaultWorld: World;
  readonly registry: SessionRegistry<World>;
  readonly isolateBy: IsolateBy;
  /** Ids for answers that belong to no session (a request naming an invalid one). */
  readonly ids: IdSource;
  /** The session a raw request names, created on first use; memoised per request. */
  forRequest(raw: RawRequest): RequestSession;
  /** The named world (the default one for "default"), created on first use. */
  world(name: string): World;
  /** Every session, the default one first, then least recently used first. */
  summaries(): SessionSummary[];
}

/** Builds the sessions of a server. */
export function createSessions(options: SessionsOptions): Sessions {
  const registry = createSessionRegistry<World>({
    create: options.createWorld,
    maxSessions: options.maxSessions,
    idleMs: options.idleMs,
    now: options.realNow,
    onEvict: options.onEvict ? (name, _world, reason) => options.onEvict!(name, reason) : undefined,
  });
  const chosen = new WeakMap<RawRequest, RequestSession>();
  const defaultSession: RequestSession = { ok: true, name: DEFAULT_SESSION, world: options.defaultWorld };
  const world = (name: string) => (name === DEFAULT_SESSION ? options.defaultWorld : registry.get(name));
  const summary = (name: string, w: World, created: number | null, lastUsed: number | null): SessionSummary => ({
    name,
    orders: orderCount(w.store),
    now: new Date(w.clock.now()).toISOString(),
    created: created === null ? null : new Date(created).toISOString(),
    lastUsed: lastUsed === null ? null : new Date(lastUsed).toISOString(),
  });
  return {
    defaultWorld: options.defaultWorld,
    registry,
    isolateBy: options.isolateBy,
    ids: createIdSource(options.seed),
    forRequest(raw) {
      // Most requests name no session: they need no choosing and no memo (a WeakMap entry per request).
      if (raw.headers[SESSION_HEADER] === undefined && (options.isolateBy !== 'app-key' || raw.headers['x-ca-key'] === undefined)) return defaultSession;
      let session = chosen.get(raw);
      if (!session) {
        const choice = chooseSession(raw.headers, options.isolateBy);
        session = choice.ok ? { ok: true, name: choice.name, world: world(choice.name) } : choice;
        chosen.set(raw, session);
      }
      return session;
    },
    world,
    summaries() {
      registry.sweep();
      return [
        summary(DEFAULT_SESSION, options.defaultWorld, null, null),
        ...registry.list().map((e) => summary(e.name, e.session, e.createdAt, e.lastUsedAt)),
      ];
    },
  };
}
