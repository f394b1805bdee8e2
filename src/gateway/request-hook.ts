import type { FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify';
import { isUnderAdmin } from '../core/admin-path.js';
import type { World } from '../world.js';
import { answerPreflight, stampCorsHeaders } from './gateway.js';
import type { RequestOutcome } from './request-outcome.js';
import './request-state.js';

/** The world a request acts on (by its session), or a refusal the hook answers. */
export type SessionLookup =
  | { ok: true; name: string; world: World }
  | { ok: false; refuse(request: FastifyRequest, reply: FastifyReply): void };

/** Answers an /__admin request it refuses and returns true; false lets it go on (src/admin/guard.ts). */
export type AdminPathGuard = (request: FastifyRequest, reply: FastifyReply) => boolean;

/**
 * The gateway's per-request work in one callback hook (no promise per request; answering without
 * done() ends the request): the admin guard, preflight, CORS, request id, session and the arrival
 * time on the session's clock. `defaultWorld` serves preflights and refused requests. Paths under
 * /__admin (normalised) get no CORS: the control plane answers no other web page.
 */
export function gatewayRequestHook(defaultWorld: World, sessionOf: (request: FastifyRequest) => SessionLookup, guardAdmin?: AdminPathGuard): onRequestHookHandler {
  return function onRequest(request, reply, done) {
    const outcome: RequestOutcome = {};
    request.outcome = outcome;
    const admin = isUnderAdmin(request.url);
    if (admin && guardAdmin) {
      request.world = defaultWorld;
      if (guardAdmin(request, reply)) return;
    }
    if (request.method === 'OPTIONS') {
      request.world = defaultWorld;
      answerPreflight(reply);
      return;
    }
    // Every API answer carries them, a refused session's included: a browser can then read it.
    if (!admin) stampCorsHeaders(reply);
    reply.header('x-ca-request-id', request.id);
    const session = sessionOf(request);
    if (!session.ok) {
      request.world = defaultWorld;
      session.refuse(request, reply);
      return;
    }
    request.world = session.world;
    if (session.name !== 'default') reply.header('x-mock-session', session.name);
    outcome.receivedAtMs = session.world.clock.now();
    done();
  };
}
