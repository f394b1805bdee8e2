import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { BusinessErrors } from '../errors/catalogue.js';
import { headerSafe } from './answers.js';
import { CORS_HEADERS, PREFLIGHT_HEADERS } from './cors.js';
import { drainBody } from './drain-body.js';
import { badPathDetail, type Gateway } from './gateway-core.js';
import { sendAnswer, sendBusinessError } from './respond.js';
import './request-state.js';

/** The CORS headers every answer carries. */
export function stampCorsHeaders(reply: FastifyReply): void {
  reply.headers(CORS_HEADERS);
}

/** Answers a preflight: 204, no body, the CORS headers browsers may cache. */
export function answerPreflight(reply: FastifyReply): void {
  reply.code(204).headers(PREFLIGHT_HEADERS).send();
}

/**
 * Answers a request Fastify refused before routing (a bad `%` escape in the path, a path
 * parameter too long): on an API path the gateway core's own answer, 404 I404NF with an empty
 * body (no API has such a path) [model]; under /__admin a plain JSON 400. The caller has set the
 * request's world, since no onRequest hook ran.
 */
export function answerUnroutable(gateway: Gateway, request: FastifyRequest, reply: FastifyReply, error: FastifyError, admin: boolean): void {
  const detail = error.code === 'FST_ERR_BAD_URL' ? badPathDetail(request.url.split('?')[0]!) : error.message;
  request.outcome = {};
  // The control plane answers no other web page: no CORS there.
  if (!admin) stampCorsHeaders(reply);
  reply.header('x-ca-request-id', request.id);
  if (admin) {
    request.outcome.detail = detail;
    reply.code(400).header('x-mock-error-detail', headerSafe(detail)).send({ error: detail });
    return;
  }
  sendAnswer(reply, gateway.unroutable(request.outcome, detail));
}

/**
 * The gateway layer: takes every body as raw bytes (signatures need them; SDKs send JSON as
 * octet-stream) and turns transport errors into the gateway's own answers instead of Fastify's
 * JSON. The per-request part (CORS, X-Ca-Request-Id, preflight, session) is the onRequest hook
 * of request-hook.ts, so a request runs one hook instead of one per concern.
 */
export function registerGateway(app: FastifyInstance, gateway: Gateway): void {
  // Whatever the Content-Type, the body is the envelope: the official SDKs label it
  // application/octet-stream, hand-written clients application/json, and the gateway passes an
  // API's body through to the platform, which reads JSON from it [client]. No public page shows the
  // gateway refusing a content type on these APIs, so none is refused [model]; a body that is no
  // JSON envelope (a form, text) is the platform's 460.
  app.removeAllContentTypeParsers();
  const keepRawBytes = (_request: unknown, body: Buffer, done: (err: null, body: Buffer) => void) => done(null, body);
  // The same parser under the types clients send: Fastify caches a parser per content type only
  // when it is registered by name, and re-parses the header on every request for the catch-all.
  for (const type of ['application/json', 'application/octet-stream', 'text/plain']) app.addContentTypeParser(type, { parseAs: 'buffer' }, keepRawBytes);
  app.addContentTypeParser('*', { parseAs: 'buffer' }, keepRawBytes);
  // The onRequest hook answers preflights; the route only makes OPTIONS routable on every path.
  app.options('*', { schema: { hide: true } }, (_request, reply) => answerPreflight(reply));

  // An API path with a method Fastify routes none of (TRACE, PROPFIND...) is still that API's path: 405, not 404.
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0]!;
    sendAnswer(reply, gateway.routes.has(path) ? gateway.unsupportedMethod(request.outcome, request.method) : gateway.notFound(request.outcome, request.method, path));
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      const declared = Number(request.headers['content-length']);
      const answer = gateway.bodyTooLarge(request.outcome, request.routeOptions.bodyLimit, Number.isSafeInteger(declared) ? declared : undefined);
      // Answered once the rest of the body is read: closing on an unread body loses the answer.
      drainBody(request.raw, () => sendAnswer(reply, answer));
      return;
    }
    const id = request.world.ids.uuid();
    if (error.statusCode !== undefined && error.statusCode < 500) {
      // A malformed request that Fastify caught before the handler (bad Content-Length, aborted body...).
      sendBusinessError(reply, id, BusinessErrors.REQUEST_PARAMETER_ERROR, null, error.message);
      return;
    }
    request.log.error({ err: error }, 'emulator bug: answering code 500 in the envelope');
    sendBusinessError(reply, id, BusinessErrors.SERVICE_ERROR, null, `emulator error: ${error.message}`);
  });
}
