import type { FastifyReply } from 'fastify';
import type { BusinessError } from '../errors/catalogue.js';
import { refuseCall, type GatewayAnswer } from './answers.js';
import './request-state.js';

/** Sends a core answer on Fastify: as bytes (Node would otherwise join head and body into one string and encode it again). */
export function sendAnswer(reply: FastifyReply, answer: GatewayAnswer): void {
  reply.code(answer.status).headers(answer.headers);
  const { body } = answer;
  if (body === null) reply.send();
  else reply.send(Buffer.from(body.buffer, body.byteOffset, body.byteLength));
}

/** Refuses the request with a business error envelope (HTTP 200, the code in the body, data null). */
export function sendBusinessError(reply: FastifyReply, id: string, error: BusinessError, language: string | null | undefined, detail: string): void {
  sendAnswer(reply, refuseCall(reply.request.outcome, id, error, language, detail));
}
