import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { World } from '../world.js';
import { BusinessErrors } from '../errors/catalogue.js';
import { headerSafe } from '../gateway/answers.js';
import { sendBusinessError } from '../gateway/respond.js';
import { DEFAULT_SESSION, sessionNameProblem, SESSION_HEADER } from './select.js';
import type { RequestSession, Sessions } from './sessions.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The default world and the registry of named sessions. */
    sessions: Sessions;
  }
  interface FastifyRequest {
    /** The session the request names, resolved once when it arrives and kept here (admitted later); null for a preflight. */
    session: RequestSession | null;
  }
}

/**
 * The gateway (or the admin API, past its token) let the request in: its session is kept from now
 * on, and the request acts on its world. Returns that world.
 */
export function admitSession(request: FastifyRequest): World {
  const { sessions } = request.server;
  const session = sessions.admit(request.session ?? sessions.defaultSession);
  request.session = session;
  return (request.world = session.ok ? session.world : sessions.defaultWorld);
}

/**
 * True for the control plane's paths as Fastify routes them (literally), which answer plain JSON
 * rather than the Aliyun envelope. The guard asks the wider question, on the normalised path
 * (core/admin-path.ts isUnderAdmin), so that `/vision/../__admin/...` is checked too.
 */
export function isAdminPath(url: string): boolean {
  return url === '/__admin' || url.startsWith('/__admin/') || url.startsWith('/__admin?');
}

function adminError(reply: FastifyReply, status: number, error: string, detail: string): FastifyReply {
  return reply.code(status).header('x-mock-error-detail', headerSafe(detail)).send({ error, detail });
}

/**
 * Answers a request that names an invalid session: the faithful 460 envelope on API paths
 * (the reason in x-mock-error-detail), a 400 on admin paths.
 */
export function rejectSession(request: FastifyRequest, reply: FastifyReply, session: Extract<RequestSession, { ok: false }>): FastifyReply {
  if (isAdminPath(request.url)) {
    request.outcome.detail = session.detail;
    return adminError(reply, 400, session.error ?? 'invalid session name', session.detail);
  }
  sendBusinessError(reply, request.server.sessions.ids.uuid(), BusinessErrors.REQUEST_PARAMETER_ERROR, null, session.detail);
  return reply;
}

/**
 * Registered inside the /__admin plugin (so its token and error handling apply):
 * GET /__admin/sessions lists the sessions (a read: it creates none), DELETE /__admin/sessions/:name
 * drops one.
 */
export async function registerSessionRoutes(app: FastifyInstance): Promise<void> {
  const { sessions } = app;
  app.get('/sessions', async () => ({
    isolateBy: sessions.isolateBy,
    header: sessions.isolateBy === 'app-key' ? `x-ca-key (else ${SESSION_HEADER})` : SESSION_HEADER,
    sessions: sessions.summaries(),
  }));
  app.delete<{ Params: { name: string } }>('/sessions/:name', async (request, reply) => {
    const { name } = request.params;
    const problem = sessionNameProblem(name);
    if (problem) return adminError(reply, 400, 'invalid session name', problem);
    if (name === DEFAULT_SESSION) {
      return adminError(reply, 400, 'the default session cannot be dropped', 'POST /__admin/reset without a session header resets it instead');
    }
    if (!sessions.registry.delete(name)) return adminError(reply, 404, 'no such session', `no live session "${name}": see GET /__admin/sessions`);
    return reply.code(204).send();
  });
}

/** The route that lists sessions: it acts on none, so a session header on it must not create one. */
export const SESSIONS_ROUTE = '/__admin/sessions';

/** Whether a request URL (query and all) is the route that lists sessions. */
export function isSessionsRoute(url: string): boolean {
  return url.startsWith(SESSIONS_ROUTE) && (url.length === SESSIONS_ROUTE.length || url[SESSIONS_ROUTE.length] === '?');
}

/** Sweeps idle sessions on a timer too, so a server nobody calls frees them (admin on or off). */
export function sweepIdleSessions(app: FastifyInstance): void {
  const idleMs = app.config.sessionIdleMs;
  if (idleMs === 0) return;
  const timer = setInterval(() => app.sessions.registry.sweep(), Math.min(idleMs, 60_000));
  timer.unref();
  app.addHook('onClose', async () => clearInterval(timer));
}
