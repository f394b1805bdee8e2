/**
 * The X-Ca signature check in front of every API (help.aliyun.com 143207 for signing, 43906 for the gateway's error codes), over a transport-free request.
 * Off unless asked for: on for every request with `verifyAll`, or for the requests of fixture apps
 * marked verifySignature. A refused request gets the gateway error: its status, an empty body and
 * the X-Ca-Error-* headers.
 */
import type { RawHeaders } from '../journal/journal.js';
import type { World } from '../world.js';
import { gatewayRefusal, type GatewayAnswer } from './answers.js';
import type { RequestOutcome } from './request-outcome.js';
import { createSignedHeaderNamesMemo } from './signing/string-to-sign.js';
import { verifySignedRequest, type SigningCrypto } from './signing/verify-request.js';

/** The request parts the check reads. */
export interface CheckedRequest {
  method: string;
  /** The path as sent, without the query string. */
  path: string;
  /** The raw query string (after `?`), or empty. */
  query: string;
  /** The headers the client sent, by lower-case name. */
  headers: RawHeaders;
  body: Uint8Array | undefined;
}

/** Which requests are checked, and with which primitives (node:crypto in the server). */
export interface SignatureOptions {
  verifyAll: boolean;
  crypto: SigningCrypto;
}

/** Answers a refused request's gateway error; undefined lets it through. */
export type SignatureCheck = (world: World, request: CheckedRequest, outcome: RequestOutcome) => GatewayAnswer | undefined;

const EMPTY = new Uint8Array(0);

/** A header's values joined by commas, as the string-to-sign reads them; only what the client sent. */
function joinedHeader(headers: RawHeaders, name: string): string | undefined {
  const v = headers[name.toLowerCase()] as unknown;
  return typeof v === 'string' ? v : Array.isArray(v) ? v.join(',') : undefined;
}

/** A signature check with its own memo of X-Ca-Signature-Headers lists (clients send the same list every time). */
export function createSignatureCheck(options: SignatureOptions): SignatureCheck {
  const signedNames = createSignedHeaderNamesMemo();
  return (world, request, outcome) => {
    // Only an X-Ca-Key can name an app that asks for checking: without one, nothing to build.
    if (!options.verifyAll && request.headers['x-ca-key'] === undefined) return undefined;
    const verdict = verifySignedRequest(
      { method: request.method, path: request.path, query: request.query, header: (name) => joinedHeader(request.headers, name), body: request.body ?? EMPTY },
      { apps: world.fixtures.apps, verifyAll: options.verifyAll, crypto: options.crypto, now: world.clock.now(), nonces: world.nonces, signedNames },
    );
    if (verdict.ok) return undefined;
    return gatewayRefusal(outcome, verdict.error, verdict.message, verdict.detail);
  };
}
