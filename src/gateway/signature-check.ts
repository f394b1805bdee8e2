import type { FastifyInstance, FastifyRequest } from 'fastify';
import { nodeSigningCrypto } from './signing/node-crypto.js';
import { verifySignedRequest, type SignedRequest, type SigningCrypto } from './signing/verify-request.js';
import { sendGatewayError } from './respond.js';
import './request-state.js';

const EMPTY = new Uint8Array(0);

/** The plain request the pure check reads, from a Fastify request whose body the gateway kept as raw bytes. */
export function signedRequestOf(request: FastifyRequest): SignedRequest {
  const [path = '', query = ''] = splitOnce(request.url, '?');
  const body = request.body instanceof Uint8Array ? request.body : typeof request.body === 'string' ? new TextEncoder().encode(request.body) : EMPTY;
  return {
    method: request.method,
    path,
    query,
    header: (name) => {
      const value = request.headers[name.toLowerCase()];
      return Array.isArray(value) ? value.join(',') : value;
    },
    body,
  };
}

function splitOnce(text: string, separator: string): [string, string] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, ''] : [text.slice(0, at), text.slice(at + 1)];
}

/** Whether a request reached an API of the family (not the admin API, not a 404, not a preflight). */
function isApiCall(request: FastifyRequest): boolean {
  return request.method === 'POST' && !request.is404 && !(request.routeOptions.url ?? '').startsWith('/__admin');
}

/**
 * The X-Ca signature check in front of every API (spec §3, §4), as a preHandler: it runs once
 * the raw body is read. Off by default; on for every request with `verifySignature`, or for the
 * requests of fixture apps marked verifySignature. A refused request gets the gateway error:
 * its status, an empty body and the X-Ca-Error-* headers.
 */
export function registerSignatureCheck(app: FastifyInstance, crypto: SigningCrypto = nodeSigningCrypto): void {
  // A callback hook, not an async one: no promise per request on the hot path. Replying without
  // calling done() ends the request there.
  app.addHook('preHandler', (request, reply, done) => {
    if (!isApiCall(request)) return done();
    const { world } = request;
    const verdict = verifySignedRequest(signedRequestOf(request), {
      apps: world.fixtures.apps,
      verifyAll: app.config.verifySignature,
      crypto,
      now: world.clock.now(),
      nonces: world.nonces,
    });
    if (verdict.ok) return done();
    request.outcome.api = request.routeOptions.url;
    request.outcome.gatewayError = verdict.error.errorCode;
    request.outcome.detail = verdict.detail;
    sendGatewayError(reply, verdict.error, verdict.message, verdict.detail);
  });
}
