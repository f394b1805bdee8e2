/**
 * The sessions of one server: the default world plus a bounded registry of named worlds,
 * and the choice of one for each raw request. No Fastify here; src/sessions/routes.ts and
 * the onRequest hook in src/app.ts put it on the wire.
 */
import { z } from 'zod';
import { createIdSource, type IdSource } from '../core/ids.js';
import type { World } from '../world.js';
import { createSessionRegistry, type EvictionReason, type SessionRegistry } from './registry.js';
import { chooseSession, DEFAULT_SESSION, SESSION_HEADER, type IsolateBy } from './select.js';

/** What a session is chosen from: the raw request's headers (Node's IncomingMessage fits). */
export interface RawRequest {
  headers: Record<string, string | string[] | undefined>;
}

/** Why a server with a state file makes no named session (SessionsOptions.namedRefused). */
export const NAMED_SESSIONS_WITH_STATE_FILE =
  'named sessions are off: this server runs with --state-file, which keeps the default session only. Send no session header (or "default"), or start without --state-file to use sessions';

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
  /**
   * Why no named session may be made (a state file keeps the default world only); absent: they may.
   * A request naming one is then refused as one naming an invalid session is.
   */
  namedRefused?: string;
}

/**
 * A request's session, or why it names none. A session the registry does not hold yet is
 * `admitted: false`: its world is built for the request alone, and kept only once the gateway
 * lets the request in (admit), so that callers the gateway refuses never create or evict one.
 */
export type RequestSession =
  | { ok: true; name: string; world: World; admitted: boolean }
  | { ok: false; header: string; detail: string; /** The admin answer's error; default "invalid session name". */ error?: string };

/** One session as GET /__admin/sessions lists it. */
export const SessionSummary = z.object({
  name: z.string(),
  orders: z.number().int().describe("orders in the session's store (fixtures' included)"),
  now: z.string().describe("the session's own clock"),
  created: z.string().nullable().describe('wall-clock ISO instant; null for the default session, which lives as long as the server'),
  lastUsed: z.string().nullable(),
});
/**
 * One session as GET /__admin/sessions lists it.
 * @example
 * const [defaultSession]: SessionSummary[] = await listSessions(mock.url);
 * defaultSession?.now; // that session's clock
 */
export type SessionSummary = z.infer<typeof SessionSummary>;

export interface Sessions {
  readonly defaultWorld: World;
  /** The session of requests that name none. */
  readonly defaultSession: RequestSession;
  readonly registry: SessionRegistry<World>;
  readonly isolateBy: IsolateBy;
  /** Ids for answers that belong to no session (a request naming an invalid one). */
  readonly ids: IdSource;
  /** The session a raw request names (a new one not yet kept: see RequestSession); the caller keeps it on the request. */
  forRequest(raw: RawRequest): RequestSession;
  /** The gateway let the request in: its session is kept from now on. Returns it admitted (an invalid one as it is). */
  admit(session: RequestSession): RequestSession;
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
    onEvict: (name, gone, reason) => {
      // Its journal's bytes go back to the budget the sessions share.
      gone.journal.clear();
      options.onEvict?.(name, reason);
    },
  });
  const defaultSession: RequestSession = { ok: true, name: DEFAULT_SESSION, world: options.defaultWorld, admitted: true };
  const world = (name: string) => (name === DEFAULT_SESSION ? options.defaultWorld : registry.get(name));
  const summary = (name: string, w: World, created: number | null, lastUsed: number | null): SessionSummary => ({
    name,
    orders: w.apiFamilies.adminOrders.total(w),
    now: new Date(w.clock.now()).toISOString(),
    created: created === null ? null : new Date(created).toISOString(),
    lastUsed: lastUsed === null ? null : new Date(lastUsed).toISOString(),
  });
  return {
    defaultWorld: options.defaultWorld,
    defaultSession,
    registry,
    isolateBy: options.isolateBy,
    ids: createIdSource(options.seed),
    forRequest(raw) {
      // Most requests name no session: they need no choosing.
      if (raw.headers[SESSION_HEADER] === undefined && (options.isolateBy !== 'app-key' || raw.headers['x-ca-key'] === undefined)) return defaultSession;
      const choice = chooseSession(raw.headers, options.isolateBy);
      if (!choice.ok) return choice;
      if (choice.name === DEFAULT_SESSION) return defaultSession;
      if (options.namedRefused !== undefined) return { ok: false, header: SESSION_HEADER, detail: `${SESSION_HEADER}: ${options.namedRefused}`, error: 'named sessions are off' };
      const kept = registry.find(choice.name);
      return { ok: true, name: choice.name, world: kept ?? options.createWorld(choice.name), admitted: kept !== undefined };
    },
    admit(session) {
      if (!session.ok || session.admitted) return session;
      // A request that raced this one to the same new name may have been kept first: join it.
      return { ...session, world: registry.adopt(session.name, session.world), admitted: true };
    },
    world,
    summaries() {
      // A read: idle sessions are left out, and dropped by the sweep timer or the next access.
      return [
        summary(DEFAULT_SESSION, options.defaultWorld, null, null),
        ...registry.list().map((e) => summary(e.name, e.session, e.createdAt, e.lastUsedAt)),
      ];
    },
  };
}
