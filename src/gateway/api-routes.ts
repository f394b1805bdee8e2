import type { FastifyInstance, FastifyReply, FastifyRequest, RouteShorthandOptions } from 'fastify';
import { BusinessErrors, GatewayErrors, type BusinessError } from '../errors/catalogue.js';
import type { Operation } from '../services/operation.js';
import { operationRouteOptions } from '../services/operation-route.js';
import { parseEnvelope, type EnvelopeResult, type ParsedEnvelope } from './envelope.js';
import { applyFaults, pickFault, trackInFlightFaults, type InFlightFaults } from './fault-gate.js';
import { sendBusinessError, sendEnvelope, sendGatewayError } from './respond.js';
import type { SignatureGate } from './signature-check.js';
import type { World } from '../world.js';
import './request-state.js';

/** What a business-layer check sees: the request, its world, the parsed envelope and the operation. */
export interface CallCheckInput {
  request: FastifyRequest;
  envelope: ParsedEnvelope;
  operation: Operation;
  /** What checks learn about the caller (e.g. its project, from a cloud token or an app key). */
  caller: { projectId?: string };
}

/**
 * A check between the envelope and the operation (cloud token, app permissions...): it returns
 * a business error to answer instead, or undefined to let the call through.
 */
export type CallCheck = (input: CallCheckInput) => { error: BusinessError; detail: string } | undefined;

const OTHER_METHODS = ['GET', 'PUT', 'DELETE', 'PATCH', 'HEAD'] as const;

/** Groups operations by path, each path's versions by apiVer. */
export function indexOperations(operations: readonly Operation[]): Map<string, Map<string, Operation>> {
  const byPath = new Map<string, Map<string, Operation>>();
  for (const op of operations) {
    const versions = byPath.get(op.path) ?? new Map<string, Operation>();
    versions.set(op.apiVer, op);
    byPath.set(op.path, versions);
  }
  return byPath;
}

/**
 * Registers every API as POST behind the gateway: raw body to envelope, apiVer to operation,
 * operation to the response envelope. Other methods on an API path get the gateway's 405.
 */
export function registerApiRoutes(
  app: FastifyInstance,
  operations: readonly Operation[],
  checks: readonly CallCheck[] = [],
  gate: SignatureGate = () => false,
  admit: AdmitSession = (request) => request.world,
): void {
  const inFlight = trackInFlightFaults(app);
  for (const [path, versions] of indexOperations(operations)) {
    const documented = operationRouteOptions([...versions.values()], app.world.fixtures) as RouteShorthandOptions;
    app.post(path, documented, (request, reply) => answer(request, reply, path, versions, checks, inFlight, gate, admit));
    app.route({
      method: [...OTHER_METHODS],
      url: path,
      schema: { hide: true },
      handler: (request, reply) => {
        request.outcome.gatewayError = GatewayErrors.UNSUPPORTED_METHOD.errorCode;
        sendGatewayError(reply, GatewayErrors.UNSUPPORTED_METHOD, `${GatewayErrors.UNSUPPORTED_METHOD.message} \`${request.method}\``);
      },
    });
  }
}

/** The world of a request the gateway let in: its session is kept from then on (a refused caller creates none). */
export type AdmitSession = (request: FastifyRequest) => World;

/**
 * Answers one API call. Synchronous unless a fault applies or a state file must commit: most
 * calls cost no promise and no microtask turn.
 */
function answer(
  request: FastifyRequest,
  reply: FastifyReply,
  path: string,
  versions: Map<string, Operation>,
  checks: readonly CallCheck[],
  inFlight: InFlightFaults,
  gate: SignatureGate,
  admit: AdmitSession,
): Promise<void> | undefined {
  const outcome = request.outcome;
  outcome.api = path;
  // The gateway checks the signature before anything else, faults included.
  if (gate(request, reply)) return;
  const world = (request.world = admit(request));
  const id = world.ids.uuid();
  const parsed = parseEnvelope(request.body as Buffer | undefined);
  // Faults act at the gateway, before the backend: they see what the envelope says, if anything.
  const sent = parsed.ok ? parsed.envelope : undefined;
  const sentApiVer = sent?.request.apiVer ?? undefined;
  const target = sentApiVer ? versions.get(sentApiVer) : undefined;
  const sentDevice = sent?.params[target?.deviceParam ?? 'iotId'];
  const sentIotId = typeof sentDevice === 'string' ? sentDevice : undefined;
  if (sentIotId !== undefined) outcome.iotId = sentIotId;
  const faultTarget = { path, apiVer: sentApiVer, iotId: sentIotId, timeoutMs: target?.timeoutMs ?? Math.max(...[...versions.values()].map((v) => v.timeoutMs)) };
  const picked = pickFault(request, faultTarget);
  if (picked.rule === undefined && picked.error === undefined) return answerCall(request, reply, path, versions, checks, id, parsed);
  return applyFaults(request, reply, faultTarget, inFlight, picked).then((verdict) => {
    if (verdict.kind === 'answered') return;
    if (verdict.kind === 'business') {
      outcome.code = verdict.error.code;
      outcome.detail = verdict.detail;
      sendBusinessError(reply, id, verdict.error, parsed.ok ? parsed.envelope.request.language : parsed.language, verdict.detail);
      return;
    }
    return answerCall(request, reply, path, versions, checks, id, parsed);
  });
}

/** The call once faults let it through: envelope errors, checks, the operation, the answer. */
function answerCall(
  request: FastifyRequest,
  reply: FastifyReply,
  path: string,
  versions: Map<string, Operation>,
  checks: readonly CallCheck[],
  id: string,
  parsed: EnvelopeResult,
): Promise<void> | undefined {
  const { world } = request;
  const outcome = request.outcome;
  if (!parsed.ok) {
    outcome.code = BusinessErrors.REQUEST_PARAMETER_ERROR.code;
    outcome.detail = parsed.detail;
    sendBusinessError(reply, id, BusinessErrors.REQUEST_PARAMETER_ERROR, parsed.language, parsed.detail);
    return;
  }
  const { request: meta, params } = parsed.envelope;
  const language = meta.language;
  const apiVer = meta.apiVer;
  const operation = apiVer ? versions.get(apiVer) : undefined;
  const device = params[operation?.deviceParam ?? 'iotId'];
  if (typeof device === 'string') outcome.iotId = device;
  if (!operation) {
    const known = [...versions.keys()].join(', ');
    const [error, detail] = apiVer
      ? [BusinessErrors.SERVICE_NOT_FOUND, `request.apiVer "${apiVer}" is not a version of ${path}; known: ${known}`]
      : [BusinessErrors.REQUEST_PARAMETER_ERROR, `request.apiVer is required; ${path} has ${known}`];
    outcome.code = error.code;
    outcome.detail = detail;
    sendBusinessError(reply, id, error, language, detail);
    return;
  }
  const caller: { projectId?: string } = {};
  for (const check of checks) {
    const refused = check({ request, envelope: parsed.envelope, operation, caller });
    if (refused) {
      outcome.code = refused.error.code;
      outcome.detail = refused.detail;
      sendBusinessError(reply, id, refused.error, language, refused.detail);
      return;
    }
  }
  const result = operation.handle({ world, params, request: meta, now: world.clock.now(), callerProjectId: caller.projectId });
  if (!result.ok) {
    outcome.code = result.error.code;
    outcome.detail = result.detail;
    sendBusinessError(reply, id, result.error, language, result.detail);
    return;
  }
  outcome.code = 200;
  const body = { id, code: 200, message: null, localizedMsg: null, data: result.data };
  // With a state file, the answer leaves only once its changes (and all before them) are committed.
  const committed = world.persistence?.commit(result.effects);
  if (!committed) {
    sendEnvelope(reply, body);
    return;
  }
  return committed.then(
    () => {
      sendEnvelope(reply, body);
    },
    (err: Error) => {
      request.log.error({ err }, 'state file write failed: answering code 500 in the envelope');
      outcome.code = BusinessErrors.SERVICE_ERROR.code;
      outcome.detail = err.message;
      sendBusinessError(reply, id, BusinessErrors.SERVICE_ERROR, language, err.message);
    },
  );
}
