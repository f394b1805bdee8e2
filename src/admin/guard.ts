/**
 * The control plane's guard, one onRequest hook in front of every path that is /__admin once
 * normalised (src/core/admin-path.ts), whatever route Fastify picks for it. A request passes only if
 *  1. its Host is a name the server was started for (hosts.ts): DNS rebinding gets 403;
 *  2. it is no CORS preflight and comes from no other origin: another web page gets 403, and no
 *     /__admin answer carries CORS headers, so a browser shows a page none of them;
 *  3. it carries the admin token when there is one (the page's and the docs' shells excepted);
 *  4. a change (POST, PUT, PATCH, DELETE) says Content-Type: application/json: a page can send
 *     text/plain or a form to another origin without a preflight, never application/json.
 * Jupyter and Vite's dev server guard their servers the same way. The MSW handlers' admin control
 * is an object in the page's own process, with no HTTP: there is nothing to guard there.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isPublicAdminPath, normalisedPath } from '../core/admin-path.js';
import { hostName, isAllowedHost, type AdminHosts } from './hosts.js';

/** Methods that change state; each must send JSON. */
const CHANGES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** What the guard needs: the allowed Host names and, with --admin-token, the token's check. */
export interface AdminGuardOptions {
  hosts: AdminHosts;
  /** True when the request carries the admin token; absent when there is none. */
  tokenMatches?: (request: FastifyRequest) => boolean;
}

/** A refusal: status and the message that says how to get in. */
interface Refusal {
  status: number;
  error: string;
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Whether an Origin header names the host the request was sent to (scheme aside: the Host says where it arrived). */
function sameOrigin(origin: string, host: string | undefined): boolean {
  if (host === undefined) return false;
  try {
    return new URL(origin).host === new URL(`http://${host}`).host;
  } catch {
    // "null" (a sandboxed frame, a file: page) and anything unparsable are no origin of ours.
    return false;
  }
}

/** The media type of a Content-Type header, lower-case, parameters left out. */
function mediaType(header: string | undefined): string | undefined {
  return header?.split(';')[0]?.trim().toLowerCase();
}

const TOKEN_MISSING =
  'admin token missing or wrong: send header x-admin-token: <token> (or Authorization: Bearer <token>), as given to --admin-token';

/** Why an /__admin request is refused, or undefined when it may go on. */
export function adminRefusal(request: FastifyRequest, options: AdminGuardOptions): Refusal | undefined {
  const host = single(request.headers.host);
  if (!isAllowedHost(options.hosts, host)) {
    const name = host === undefined ? undefined : hostName(host);
    return {
      status: 403,
      error:
        `Host ${JSON.stringify(host ?? '')} is not a name this emulator was started for, so /__admin refuses it (a guard against DNS rebinding): ` +
        `loopback names and --host pass; add ${name ? `"${name}"` : 'the name'} with --admin-hosts ${name ?? '<name>'} (or ALIYUN_MOCK_ADMIN_HOSTS)`,
    };
  }
  if (request.method === 'OPTIONS') {
    return { status: 403, error: 'the admin API answers no cross-origin request, so it refuses CORS preflights: call it from the admin page, a script or a test, not from another web page' };
  }
  const origin = single(request.headers.origin);
  if (origin !== undefined && !sameOrigin(origin, host)) {
    return { status: 403, error: `a request from the web page at ${JSON.stringify(origin)} is refused: the admin API answers only its own origin (the admin page) and clients that send no Origin` };
  }
  if (options.tokenMatches && !isPublicAdminPath(normalisedPath(request.url)) && !options.tokenMatches(request)) return { status: 401, error: TOKEN_MISSING };
  if (CHANGES.has(request.method) && mediaType(single(request.headers['content-type'])) !== 'application/json') {
    const given = single(request.headers['content-type']);
    return {
      status: 415,
      error: `${request.method} on /__admin needs Content-Type: application/json (got ${given === undefined ? 'none' : JSON.stringify(given)}): send the header, with or without a JSON body`,
    };
  }
  return undefined;
}

/** Answers an /__admin request the guard refuses; true when it did (the caller then stops), false when the request goes on. */
export type AdminGuard = (request: FastifyRequest, reply: FastifyReply) => boolean;

/**
 * The guard, run first by the gateway's onRequest hook on every request (request-hook.ts): it sees
 * every route, the 404s and the preflights, and decides on the normalised path, not on the route
 * Fastify picked.
 * @example
 * const guard = adminGuard({ hosts: adminHosts(config.host, config.adminHosts) });
 */
export function adminGuard(options: AdminGuardOptions): AdminGuard {
  return function guardAdmin(request, reply) {
    const refusal = adminRefusal(request, options);
    if (!refusal) return false;
    request.log.warn({ status: refusal.status, reason: refusal.error }, 'admin API: request refused');
    reply.code(refusal.status).header('content-type', 'application/json; charset=utf-8').send({ error: refusal.error });
    return true;
  };
}
