import type { FastifyReply } from 'fastify';
import { localizedMessage, type BusinessError, type GatewayError } from '../errors/catalogue.js';
import './request-state.js';

/** The content type the real gateway answers with, byte for byte. */
export const JSON_CONTENT_TYPE = 'application/json;charset=UTF-8';

/** Header values must be Latin-1; a reason quoting the caller's input may not be. */
export function headerSafe(text: string, max = 512): string {
  const escaped = text.replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return escaped.length > max ? `${escaped.slice(0, max - 3)}...` : escaped;
}

/** Sends the business envelope `{id, code, message, localizedMsg, data}` with HTTP 200. */
export function sendEnvelope(reply: FastifyReply, body: { id: string; code: number; message: string | null; localizedMsg: string | null; data: unknown }): void {
  const text = JSON.stringify(body);
  // Sent as bytes: Node would otherwise join the head and the body into one string (two-byte when
  // the body holds Chinese text) and encode the whole again.
  reply.request.outcome.responseBody = text;
  reply.code(200).header('content-type', JSON_CONTENT_TYPE).send(Buffer.from(text));
}

/** Sends a business error envelope: HTTP 200, the code in the body, data null. */
export function sendBusinessError(reply: FastifyReply, id: string, error: BusinessError, language: string | null | undefined, detail: string): void {
  reply.header('x-mock-error-detail', headerSafe(detail));
  sendEnvelope(reply, { id, code: error.code, message: error.message, localizedMsg: localizedMessage(error, language), data: null });
}

/** Sends a gateway error: its status, an empty body, and the X-Ca-Error-* headers. */
export function sendGatewayError(reply: FastifyReply, error: GatewayError, message: string = error.message, detail?: string): void {
  reply.code(error.httpStatus).header('x-ca-error-code', error.errorCode).header('x-ca-error-message', headerSafe(message, 4096));
  if (detail) reply.header('x-mock-error-detail', headerSafe(detail));
  reply.send();
}
