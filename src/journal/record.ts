import type { FastifyRequest } from 'fastify';
import '../gateway/request-state.js';
import { knownSecretsOf, maskKnownSecrets } from '../logging/secrets.js';
import { BODY_LIMIT, maskBody, maskHeaders } from './journal.js';

const decoder = new TextDecoder('utf-8');

/** Only API traffic goes to the journal: API paths and the gateway's answers on unknown paths, never /__admin. */
function isApiTraffic(request: FastifyRequest): boolean {
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
 * `status` null means no answer (dropped or hung). Called by the app's onResponse hook for
 * every request, and early for a dropped or hung one.
 */
export function recordRequest(request: FastifyRequest, status: number | null, elapsedMs: number | null): void {
  const o = request.outcome;
  if (o.journaled || !isApiTraffic(request)) return;
  o.journaled = true;
  const { world } = request;
  const known = knownSecretsOf(request);
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
