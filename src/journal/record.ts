import type { RequestOutcome } from '../gateway/request-outcome.js';
import { knownSecretsOf, maskKnownSecrets } from '../logging/secrets.js';
import type { World } from '../world.js';
import { BODY_LIMIT, maskBody, maskHeaders, type RawHeaders } from './journal.js';

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

function bodyText(body: unknown): string | null {
  if (body === undefined || body === null) return null;
  if (typeof body === 'string') return body;
  if (body instanceof Uint8Array) return decoder.decode(body);
  return null;
}

/**
 * Writes one request to its world's journal, every secret masked (by name and by value);
 * `status` null means no answer (dropped or hung). Called by the app's onResponse hook (or the
 * MSW handler) for every request, and early for a dropped or hung one.
 */
export function recordRequest(request: JournaledRequest, status: number | null, elapsedMs: number | null): void {
  const o = request.outcome;
  if (o.journaled || !isApiTraffic(request)) return;
  o.journaled = true;
  const { world } = request;
  const known = knownSecretsOf(world);
  const mask = (text: string | undefined | null): string | null => (text === undefined || text === null ? null : maskKnownSecrets(text, known, '***'));
  const timeMs = o.receivedAtMs ?? world.clock.now();
  const { url } = request;
  const query = url.indexOf('?');
  const path = query < 0 ? url : url.slice(0, query);
  world.journal.record({
    id: request.id,
    time: new Date(timeMs).toISOString(),
    timeMs,
    method: request.method,
    // The API's own string when they are equal: one copy, not one per journaled call.
    path: path === o.api ? o.api : mask(path)!,
    api: o.api ?? null,
    iotId: mask(o.iotId),
    headers: maskHeaders(request.headers, known),
    requestBody: maskBody(bodyText(request.body), BODY_LIMIT, known),
    status,
    code: o.code ?? null,
    gatewayError: o.gatewayError ?? null,
    responseBody: maskBody(o.responseBody, BODY_LIMIT, known),
    latencyMs: elapsedMs === null ? null : Math.round(elapsedMs * 100) / 100,
    faultRuleId: o.faultRuleId ?? null,
    detail: mask(o.detail),
  });
}
