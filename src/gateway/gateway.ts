import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { BusinessErrors, GatewayErrors } from '../errors/catalogue.js';
import { drainBody } from './drain-body.js';
import { headerSafe, sendBusinessError, sendGatewayError } from './respond.js';
import './request-state.js';

/**
 * CORS as the real gateway answers it (spec §1): the same headers whatever the Origin, plus the
 * mock's own headers for browsers. A fixed set, not a CORS negotiation, so it is written as data
 * and stamped on each answer in one step (a CORS plugin copied its options on every request).
 */
export const GATEWAY_CORS = {
  methods: ['GET', 'POST', 'PUT', 'DELETE', 'HEAD', 'OPTIONS', 'PATCH'],
  maxAgeSeconds: 172800,
  allowedHeaders: [
    'X-Requested-With', 'X-Sequence', 'X-Ca-Key', 'X-Ca-Secret', 'X-Ca-Version', 'X-Ca-Timestamp', 'X-Ca-Nonce',
    'X-Ca-API-Key', 'X-Ca-Stage', 'X-Ca-Client-DeviceId', 'X-Ca-Client-AppId', 'X-Ca-Signature',
    'X-Ca-Signature-Headers', 'X-Ca-Signature-Method', 'X-Forwarded-For', 'X-Ca-Date', 'X-Ca-Request-Mode',
    'Authorization', 'Content-Type', 'Accept', 'Accept-Ranges', 'Cache-Control', 'Range', 'Content-MD5',
    'x-ca-signaturemethod', 'x-mock-fault', 'x-mock-session', 'x-admin-token',
  ],
  exposedHeaders: ['x-ca-request-id', 'x-ca-error-code', 'x-ca-error-message', 'x-mock-error-detail', 'x-mock-fault-rule', 'x-mock-session'],
};

const ALLOW_ORIGIN = '*';
const EXPOSE_HEADERS = GATEWAY_CORS.exposedHeaders.join(', ');
const ALLOW_METHODS = GATEWAY_CORS.methods.join(', ');
const ALLOW_HEADERS = GATEWAY_CORS.allowedHeaders.join(', ');
const MAX_AGE = String(GATEWAY_CORS.maxAgeSeconds);

/** The CORS headers every answer carries; header names lower-case, as they go on the wire. */
export function stampCorsHeaders(reply: FastifyReply): void {
  reply.header('access-control-allow-origin', ALLOW_ORIGIN);
  reply.header('access-control-expose-headers', EXPOSE_HEADERS);
}

/**
 * Answers a preflight (any OPTIONS, with or without Origin: a bare OPTIONS gets the CORS answer
 * too, not an error): 204, no body, the methods, headers and max-age browsers may cache.
 */
export function answerPreflight(reply: FastifyReply): void {
  stampCorsHeaders(reply);
  reply.header('access-control-allow-methods', ALLOW_METHODS);
  reply.header('access-control-allow-headers', ALLOW_HEADERS);
  reply.header('access-control-max-age', MAX_AGE);
  // Some browsers wait for a body on a 204 without an explicit zero length.
  reply.code(204).header('content-length', '0').send();
}

/**
 * Answers a request Fastify refused before routing (a bad `%` escape in the path, a path
 * parameter too long): on an API path the gateway's own answer, 404 I404NF with an empty body
 * (no API has such a path) [model]; under /__admin a plain JSON 400. The caller has set the
 * request's world, since no onRequest hook ran.
 */
export function answerUnroutable(request: FastifyRequest, reply: FastifyReply, error: FastifyError, admin: boolean): void {
  const detail = error.code === 'FST_ERR_BAD_URL' ? `the path ${JSON.stringify(request.url.split('?')[0])} is not valid percent-encoding` : error.message;
  request.outcome = { detail };
  stampCorsHeaders(reply);
  reply.header('x-ca-request-id', request.id);
  if (admin) {
    reply.code(400).header('x-mock-error-detail', headerSafe(detail)).send({ error: detail });
    return;
  }
  request.outcome.gatewayError = GatewayErrors.API_NOT_FOUND.errorCode;
  sendGatewayError(reply, GatewayErrors.API_NOT_FOUND, undefined, detail);
}

/**
 * The gateway layer: takes every body as raw bytes (signatures need them; SDKs send JSON as
 * octet-stream) and turns transport errors into the gateway's own answers instead of Fastify's
 * JSON. The per-request part (CORS, X-Ca-Request-Id, preflight) is stamped by the app's one
 * onRequest hook, so a request runs one hook instead of one per concern.
 */
export function registerGateway(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  const keepRawBytes = (_request: unknown, body: Buffer, done: (err: null, body: Buffer) => void) => done(null, body);
  // The same parser under the types clients send: Fastify caches a parser per content type only
  // when it is registered by name, and re-parses the header on every request for the catch-all.
  for (const type of ['application/json', 'application/octet-stream', 'text/plain']) app.addContentTypeParser(type, { parseAs: 'buffer' }, keepRawBytes);
  app.addContentTypeParser('*', { parseAs: 'buffer' }, keepRawBytes);
  // The onRequest hook answers preflights; the route only makes OPTIONS routable on every path.
  app.options('*', { schema: { hide: true } }, (_request, reply) => answerPreflight(reply));

  app.setNotFoundHandler((request, reply) => {
    request.outcome.gatewayError = GatewayErrors.API_NOT_FOUND.errorCode;
    sendGatewayError(reply, GatewayErrors.API_NOT_FOUND, undefined, `no API at ${request.method} ${request.url.split('?')[0]}`);
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      request.outcome.gatewayError = GatewayErrors.REQUEST_BODY_TOO_LARGE.errorCode;
      // Answered once the rest of the body is read: closing on an unread body loses the answer.
      drainBody(request.raw, () => sendGatewayError(reply, GatewayErrors.REQUEST_BODY_TOO_LARGE, undefined, error.message));
      return;
    }
    const id = request.world.ids.uuid();
    if (error.statusCode !== undefined && error.statusCode < 500) {
      // A malformed request that Fastify caught before the handler (bad Content-Length, aborted body...).
      request.outcome.code = BusinessErrors.REQUEST_PARAMETER_ERROR.code;
      request.outcome.detail = error.message;
      sendBusinessError(reply, id, BusinessErrors.REQUEST_PARAMETER_ERROR, null, error.message);
      return;
    }
    request.log.error({ err: error }, 'emulator bug: answering code 500 in the envelope');
    request.outcome.code = BusinessErrors.SERVICE_ERROR.code;
    request.outcome.detail = `emulator error: ${error.message}`;
    sendBusinessError(reply, id, BusinessErrors.SERVICE_ERROR, null, request.outcome.detail);
  });
}
