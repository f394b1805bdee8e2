/**
 * The gateway's answers as plain values (status, headers, body bytes), built once for every
 * transport: the Fastify routes send them, the MSW handlers return them. No Node built-ins.
 */
import { localizedMessage, type BusinessError, type GatewayError } from '../errors/catalogue.js';
import type { RequestOutcome } from './request-outcome.js';

/** The content type the real gateway answers with, byte for byte. */
export const JSON_CONTENT_TYPE = 'application/json;charset=UTF-8';

/** One answer of the gateway, whatever carries it. Header names are lower-case. */
export interface GatewayAnswer {
  status: number;
  headers: Record<string, string>;
  /** The body's bytes; null for the gateway's empty-body errors. */
  body: Uint8Array | null;
}

/** The business envelope every API answers with (HTTP 200). */
export interface EnvelopeBody {
  id: string;
  code: number;
  message: string | null;
  localizedMsg: string | null;
  data: unknown;
}

const encoder = new TextEncoder();

/** Header values must be Latin-1; a reason quoting the caller's input may not be. */
export function headerSafe(text: string, max = 512): string {
  const escaped = text.replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return escaped.length > max ? `${escaped.slice(0, max - 3)}...` : escaped;
}

/** The envelope as HTTP 200 JSON; the journal keeps the text that was sent. */
export function envelopeAnswer(outcome: RequestOutcome, body: EnvelopeBody): GatewayAnswer {
  const text = JSON.stringify(body);
  outcome.responseBody = text;
  return { status: 200, headers: { 'content-type': JSON_CONTENT_TYPE }, body: encoder.encode(text) };
}

/**
 * The one way to refuse a call with a business code: the outcome learns the code and the precise
 * reason (for the log line and the journal), the caller gets the error envelope with data null
 * and the reason in x-mock-error-detail.
 */
export function refuseCall(outcome: RequestOutcome, id: string, error: BusinessError, language: string | null | undefined, detail: string): GatewayAnswer {
  outcome.code = error.code;
  outcome.detail = detail;
  const answer = envelopeAnswer(outcome, { id, code: error.code, message: error.message, localizedMsg: localizedMessage(error, language), data: null });
  answer.headers['x-mock-error-detail'] = headerSafe(detail);
  return answer;
}

/** A gateway error: its status, an empty body and the X-Ca-Error-* headers; the outcome learns the code and reason. */
export function gatewayRefusal(outcome: RequestOutcome, error: GatewayError, message: string = error.message, detail?: string): GatewayAnswer {
  outcome.gatewayError = error.errorCode;
  const headers: Record<string, string> = { 'x-ca-error-code': error.errorCode, 'x-ca-error-message': headerSafe(message, 4096) };
  if (detail) {
    outcome.detail = detail;
    headers['x-mock-error-detail'] = headerSafe(detail);
  }
  return { status: error.httpStatus, headers, body: null };
}
