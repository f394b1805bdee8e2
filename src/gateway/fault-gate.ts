/**
 * Where fault rules act on a request: after the envelope is read, before the backend runs.
 * Latency is waited with real timers (the world's clock is for state, real time for delays),
 * and always before the operation, so a timed-out call changes nothing.
 */
import type { Socket } from 'node:net';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { BusinessErrors, businessErrorByCode, GatewayErrors, type BusinessError, type GatewayError } from '../errors/catalogue.js';
import { parseFaultHeader } from '../faults/header.js';
import type { FaultRule } from '../faults/schema.js';
import { recordRequest } from '../journal/record.js';
import { sendGatewayError } from './respond.js';
import './request-state.js';

/** What the gateway knows about the call when faults are decided. */
export interface FaultTarget {
  path: string;
  apiVer?: string;
  iotId?: string;
  /** The API's gateway timeout (spec §5). */
  timeoutMs: number;
}

/** What the caller does next: run the call, answer a business error instead, or nothing (already answered). */
export type FaultVerdict = { kind: 'pass' } | { kind: 'answered' } | { kind: 'business'; error: BusinessError; detail: string };

/** Requests waiting on a delay or hanging; closing the server ends them. */
export interface InFlightFaults {
  /** Registers an abort; returns the function that unregisters it. */
  add(abort: () => void): () => void;
  abortAll(): void;
}

/** Tracks delayed and hung requests of one app and ends them when the app closes. */
export function trackInFlightFaults(app: FastifyInstance): InFlightFaults {
  const aborts = new Set<() => void>();
  const inFlight: InFlightFaults = {
    add(abort) {
      aborts.add(abort);
      return () => aborts.delete(abort);
    },
    abortAll() {
      for (const abort of [...aborts]) abort();
      aborts.clear();
    },
  };
  // Before the server stops accepting: otherwise close() would wait for hung requests forever.
  app.addHook('preClose', async () => inFlight.abortAll());
  return inFlight;
}

const GATEWAY_BY_STATUS: Record<429 | 500 | 503, GatewayError> = {
  429: GatewayErrors.THROTTLED_BY_PLUGIN,
  500: GatewayErrors.INTERNAL_ERROR,
  503: GatewayErrors.SERVICE_UNAVAILABLE,
};

function headerValue(request: FastifyRequest, name: string): string | undefined {
  // Only what the client sent: a rule naming "constructor" must not read Object.prototype.
  const v = request.headers[name] as unknown;
  return typeof v === 'string' ? v : Array.isArray(v) ? (v[0] as string) : undefined;
}

/** Ends the connection with a TCP reset, without a byte of answer. */
function cutConnection(request: FastifyRequest, reply: FastifyReply): void {
  const socket = request.raw.socket as Socket | undefined;
  if (socket && typeof socket.resetAndDestroy === 'function' && !socket.destroyed) socket.resetAndDestroy();
  // Also ends the response itself: under inject() there is no real socket, and the caller gets LIGHT_ECONNRESET.
  if (!reply.raw.destroyed) reply.raw.destroy();
}

/** Waits `ms` real milliseconds; false when the server closed or the client left first. */
function sleep(ms: number, request: FastifyRequest, inFlight: InFlightFaults): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = request.raw.socket as Socket | undefined;
    const done = (finished: boolean) => {
      clearTimeout(timer);
      unregister();
      socket?.off?.('close', onClose);
      resolve(finished);
    };
    const onClose = () => done(false);
    const timer = setTimeout(() => done(true), ms);
    const unregister = inFlight.add(() => done(false));
    socket?.on?.('close', onClose);
  });
}

/** The client left or the server closed during a delay: nothing more to answer. */
function abandon(request: FastifyRequest, reply: FastifyReply): FaultVerdict {
  request.outcome.detail = `${request.outcome.detail ?? 'injected delay'}; the connection closed before the answer`;
  recordRequest(request, null, reply.elapsedTime);
  reply.hijack();
  cutConnection(request, reply);
  return { kind: 'answered' };
}

async function answerTimeout(request: FastifyRequest, reply: FastifyReply, timeoutMs: number, inFlight: InFlightFaults): Promise<FaultVerdict> {
  if (!(await sleep(timeoutMs, request, inFlight))) return abandon(request, reply);
  request.outcome.gatewayError = GatewayErrors.BACKEND_TIMEOUT.errorCode;
  sendGatewayError(reply, GatewayErrors.BACKEND_TIMEOUT, undefined, request.outcome.detail);
  return { kind: 'answered' };
}

/** The fault a request meets: a rule, or why its x-mock-fault header is unusable. */
export interface PickedFault {
  rule?: FaultRule & { id?: string };
  error?: string;
}

const NO_FAULT: PickedFault = {};

/** The rule that applies to this request: the x-mock-fault header first, then the world's rules. */
export function pickFault(request: FastifyRequest, target: FaultTarget): PickedFault {
  const header = headerValue(request, 'x-mock-fault');
  if (header !== undefined && header.trim() !== '') {
    const parsed = parseFaultHeader(header);
    return parsed.ok ? { rule: parsed.rule } : { error: parsed.error };
  }
  const { faults } = request.world;
  // No rules (the usual case): nothing to match, and nothing to build for matching.
  if (faults.list().length === 0) return NO_FAULT;
  const rule = faults.select({
    path: target.path,
    apiVer: target.apiVer,
    iotId: target.iotId,
    appKey: headerValue(request, 'x-ca-key'),
    header: (name) => headerValue(request, name),
  });
  return { rule };
}

/**
 * Applies the fault that matches this request, if any: waits, answers a gateway error, drops
 * or hangs the connection, or tells the caller which business error to answer.
 */
export async function applyFaults(
  request: FastifyRequest,
  reply: FastifyReply,
  target: FaultTarget,
  inFlight: InFlightFaults,
  picked: PickedFault = pickFault(request, target),
): Promise<FaultVerdict> {
  if (picked.error) return { kind: 'business', error: BusinessErrors.REQUEST_PARAMETER_ERROR, detail: picked.error };
  const rule = picked.rule;
  if (!rule) return { kind: 'pass' };
  const id = rule.id ?? '?';
  const outcome = request.outcome;
  outcome.faultRuleId = id;
  reply.header('x-mock-fault-rule', id);
  switch (rule.type) {
    case 'latency': {
      const delay = request.world.faults.sampleDelay(rule.delay);
      const timeoutMs = rule.timeoutMs ?? target.timeoutMs;
      if (delay >= timeoutMs) {
        // The real gateway gives up at the timeout; the backend call never happens.
        outcome.detail = `fault ${id}: latency ${delay} ms reached the ${timeoutMs} ms timeout of ${target.path}; the operation did not run`;
        return answerTimeout(request, reply, timeoutMs, inFlight);
      }
      outcome.detail = `fault ${id}: latency ${delay} ms`;
      if (!(await sleep(delay, request, inFlight))) return abandon(request, reply);
      return { kind: 'pass' };
    }
    case 'timeout': {
      const timeoutMs = rule.timeoutMs ?? target.timeoutMs;
      outcome.detail = `fault ${id}: backend timeout after ${timeoutMs} ms; the operation did not run`;
      return answerTimeout(request, reply, timeoutMs, inFlight);
    }
    case 'error': {
      const error = businessErrorByCode(rule.code)!;
      return { kind: 'business', error, detail: `fault ${id}: injected business code ${rule.code}` };
    }
    case 'gateway': {
      const error = GATEWAY_BY_STATUS[rule.status];
      outcome.gatewayError = error.errorCode;
      outcome.detail = `fault ${id}: injected gateway ${rule.status} ${error.errorCode}`;
      sendGatewayError(reply, error, undefined, outcome.detail);
      return { kind: 'answered' };
    }
    case 'drop': {
      outcome.detail = `fault ${id}: connection dropped without an answer`;
      recordRequest(request, null, reply.elapsedTime);
      reply.hijack();
      cutConnection(request, reply);
      return { kind: 'answered' };
    }
    case 'hang': {
      outcome.detail = `fault ${id}: request hung; no answer until the client gives up or the server closes`;
      reply.hijack();
      const socket = request.raw.socket as Socket | undefined;
      await new Promise<void>((resolve) => {
        const end = () => {
          unregister();
          socket?.off?.('close', end);
          recordRequest(request, null, reply.elapsedTime);
          resolve();
        };
        const unregister = inFlight.add(() => {
          end();
          cutConnection(request, reply);
        });
        socket?.on?.('close', end);
      });
      return { kind: 'answered' };
    }
  }
}
