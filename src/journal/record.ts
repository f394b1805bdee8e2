import type { RequestOutcome } from '../gateway/request-outcome.js';
import type { World } from '../world.js';
import { BODY_LIMIT, maskBody, mayNameSecretField, type RawHeaders } from './journal.js';

/** What the journal reads of a request: a Fastify request has these, and so does the MSW adapter's record. */
export interface JournaledRequest {
  /** The X-Ca-Request-Id. */
  id: string;
  method: string;
  /** Path and query as sent. */
  url: string;
  headers: RawHeaders;
  /** The body as received: bytes, text, or nothing. */
  body: unknown;
  world: World;
  outcome: RequestOutcome;
}

const decoder = new TextDecoder('utf-8');

/** Only API traffic goes to the journal: API paths and the gateway's answers on unknown paths, never /__admin. */
function isApiTraffic(request: JournaledRequest): boolean {
  if (request.url.startsWith('/__admin')) return false;
  return request.outcome.api !== undefined || request.outcome.gatewayError !== undefined;
}

const TOKEN_SHAPE = /[0-9a-f]{32}/g;

/** Issued cloud tokens wherever they appear (a malformed body, a token in the wrong field), masked too. */
function maskIssuedTokens(text: string | null, tokens: ReadonlyMap<string, unknown>): string | null {
  if (text === null || tokens.size === 0) return text;
  return text.replace(TOKEN_SHAPE, (run) => (tokens.has(run) ? '***' : run));
}

function bodyText(body: unknown): string | null {
  if (body === undefined || body === null) return null;
  if (typeof body === 'string') return body;
  if (body instanceof Uint8Array) return decoder.decode(body);
  return null;
}

/**
 * The response body as the journal stores it: the bytes that were sent when they need no masking
 * and no cut (an answer never starts with a BOM), else the masked text.
 */
function responseBodyOf(text: string | undefined, bytes: Uint8Array | undefined, tokens: ReadonlyMap<string, unknown>): string | Uint8Array | null {
  if (text === undefined) return null;
  if (bytes !== undefined && bytes.length <= BODY_LIMIT && tokens.size === 0 && !mayNameSecretField(text)) return bytes;
  return maskBody(maskIssuedTokens(text, tokens));
}

/**
 * The request body as the journal stores it. Most bodies need no masking and no cut: their bytes
 * go in as they came (decoded only when an entry is read), instead of decoded, scanned and encoded
 * again on every call. The rest take the text path.
 */
function requestBodyOf(body: unknown, tokens: ReadonlyMap<string, unknown>): string | Uint8Array | null {
  if (body instanceof Uint8Array && body.length > 0 && body.length <= BODY_LIMIT && tokens.size === 0 && !hasBom(body) && !mayNameSecretField(body)) {
    return body;
  }
  return maskBody(maskIssuedTokens(bodyText(body), tokens));
}

/** The text path drops a leading UTF-8 BOM (the decoder does): so must the byte path, by taking the text path. */
function hasBom(bytes: Uint8Array): boolean {
  return bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
}

/**
 * Writes one request to its world's journal; `status` null means no answer (dropped or hung).
 * Called by the app's onResponse hook (or the MSW handler) for every request, and early for a dropped or hung one.
 */
export function recordRequest(request: JournaledRequest, status: number | null, elapsedMs: number | null): void {
  const o = request.outcome;
  if (o.journaled || !isApiTraffic(request)) return;
  o.journaled = true;
  const { world } = request;
  const timeMs = o.receivedAtMs ?? world.clock.now();
  const { url } = request;
  const query = url.indexOf('?');
  const path = query < 0 ? url : url.slice(0, query);
  // The raw headers go in: the journal masks them as it stores them, and writes the time when the entry is first read.
  world.journal.record({
    id: request.id,
    timeMs,
    method: request.method,
    // The API's own string when they are equal: one copy, not one per journaled call.
    path: path === o.api ? o.api : path,
    api: o.api ?? null,
    iotId: o.iotId ?? null,
    rawHeaders: request.headers,
    requestBody: requestBodyOf(request.body, world.cloudTokens.byToken),
    status,
    code: o.code ?? null,
    gatewayError: o.gatewayError ?? null,
    responseBody: responseBodyOf(o.responseBody, o.responseBytes, world.cloudTokens.byToken),
    latencyMs: elapsedMs === null ? null : Math.round(elapsedMs * 100) / 100,
    faultRuleId: o.faultRuleId ?? null,
    detail: o.detail ?? null,
  });
}
