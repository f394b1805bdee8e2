import cors from '@fastify/cors';
import type { FastifyError, FastifyInstance } from 'fastify';
import { BusinessErrors, GatewayErrors } from '../errors/catalogue.js';
import { sendBusinessError, sendGatewayError } from './respond.js';
import './request-state.js';

/** CORS as the real gateway answers it (spec §1), plus the mock's own headers for browsers. */
export const CORS_OPTIONS = {
  origin: '*',
  // A bare OPTIONS (no Origin or Access-Control-Request-Method) gets the CORS answer too, not a 400 with a text body.
  strictPreflight: false,
  methods: ['GET', 'POST', 'PUT', 'DELETE', 'HEAD', 'OPTIONS', 'PATCH'],
  maxAge: 172800,
  allowedHeaders: [
    'X-Requested-With', 'X-Sequence', 'X-Ca-Key', 'X-Ca-Secret', 'X-Ca-Version', 'X-Ca-Timestamp', 'X-Ca-Nonce',
    'X-Ca-API-Key', 'X-Ca-Stage', 'X-Ca-Client-DeviceId', 'X-Ca-Client-AppId', 'X-Ca-Signature',
    'X-Ca-Signature-Headers', 'X-Ca-Signature-Method', 'X-Forwarded-For', 'X-Ca-Date', 'X-Ca-Request-Mode',
    'Authorization', 'Content-Type', 'Accept', 'Accept-Ranges', 'Cache-Control', 'Range', 'Content-MD5',
    'x-ca-signaturemethod', 'x-mock-fault', 'x-mock-session', 'x-admin-token',
  ],
  exposedHeaders: ['x-ca-request-id', 'x-ca-error-code', 'x-ca-error-message', 'x-mock-error-detail', 'x-mock-fault-rule', 'x-mock-session'],
};

/**
 * The gateway layer: takes every body as raw bytes (signatures need them; SDKs send JSON as
 * octet-stream), answers CORS, gives each request its X-Ca-Request-Id, and turns transport
 * errors into the gateway's own answers instead of Fastify's JSON.
 */
export async function registerGateway(app: FastifyInstance): Promise<void> {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  // The lists joined once, not by the plugin on every request; the header bytes are the same.
  const { methods, allowedHeaders, exposedHeaders } = CORS_OPTIONS;
  await app.register(cors, { ...CORS_OPTIONS, methods: methods.join(', '), allowedHeaders: allowedHeaders.join(', '), exposedHeaders: exposedHeaders.join(', ') });

  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-ca-request-id', request.id);
    done();
  });

  app.setNotFoundHandler((request, reply) => {
    request.outcome.gatewayError = GatewayErrors.API_NOT_FOUND.errorCode;
    sendGatewayError(reply, GatewayErrors.API_NOT_FOUND, undefined, `no API at ${request.method} ${request.url.split('?')[0]}`);
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      request.outcome.gatewayError = GatewayErrors.REQUEST_BODY_TOO_LARGE.errorCode;
      sendGatewayError(reply, GatewayErrors.REQUEST_BODY_TOO_LARGE, undefined, error.message);
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
