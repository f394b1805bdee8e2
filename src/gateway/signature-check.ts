import type { FastifyReply, FastifyRequest } from 'fastify';
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
      // Only what the client sent: a listed name such as "constructor" must not read Object.prototype.
      const value = request.headers[name.toLowerCase()] as unknown;
      return typeof value === 'string' ? value : Array.isArray(value) ? value.join(',') : undefined;
    },
    body,
  };
}

function splitOnce(text: string, separator: string): [string, string] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, ''] : [text.slice(0, at), text.slice(at + 1)];
}

/** Answers a refused request and returns true; returns false to let it through. */
export type SignatureGate = (request: FastifyRequest, reply: FastifyReply) => boolean;

/**
 * The X-Ca signature check in front of every API (spec §3, §4), run by the API route once the
 * raw body is read. Off by default; on for every request with `verifyAll`, or for the requests
 * of fixture apps marked verifySignature. A refused request gets the gateway error: its status,
 * an empty body and the X-Ca-Error-* headers.
 */
export function signatureGate(verifyAll: boolean, crypto: SigningCrypto = nodeSigningCrypto): SignatureGate {
  return (request, reply) => {
    // Only an X-Ca-Key can name an app that asks for checking: without one, nothing to build.
    if (!verifyAll && request.headers['x-ca-key'] === undefined) return false;
    const { world } = request;
    const verdict = verifySignedRequest(signedRequestOf(request), {
      apps: world.fixtures.apps,
      verifyAll,
      crypto,
      now: world.clock.now(),
      nonces: world.nonces,
    });
    if (verdict.ok) return false;
    request.outcome.gatewayError = verdict.error.errorCode;
    request.outcome.detail = verdict.detail;
    sendGatewayError(reply, verdict.error, verdict.message, verdict.detail);
    return true;
  };
}
