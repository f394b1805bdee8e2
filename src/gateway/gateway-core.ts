/**
 * The gateway's work on one API call, with no transport, as a pipeline of named steps over one
 * call context (call-context.ts): signature, envelope, faults (fault-step.ts), token and
 * permissions (the checks the composition gives), operation, answer. The Fastify routes and the
 * MSW handlers both call it, so their answers are the same bytes. No Fastify, no Node built-ins:
 * it runs in a browser.
 */
import { wholeSecond } from '../core/clock.js';
import { BusinessErrors, GatewayErrors } from '../errors/catalogue.js';
import type { Operation } from '../platform/operation.js';
import type { World } from '../world.js';
import { envelopeAnswer, gatewayRefusal, refuseCall, type GatewayAnswer } from './answers.js';
import { answered, type AcceptedCall, type CallCheck, type CallContext, type CallResult, type CallTransport, type GatewayRequest } from './call-context.js';
import { parseEnvelope } from './envelope.js';
import { applyFault, pickFault } from './fault-step.js';
import type { RequestOutcome } from './request-outcome.js';
import { createSignatureCheck, type SignatureOptions } from './signature-check.js';

export interface GatewayOptions {
  operations: readonly Operation[];
  /** The business checks between the envelope and the operation, in order: the cloud token, then the app's permissions. */
  checks?: readonly CallCheck[];
  /** Absent: no signature is checked (the MSW handlers, see docs/msw.md). */
  signatures?: SignatureOptions;
}

/** The world of a call the gateway let in (past the signature check). */
export type AdmitCall = () => World;

/** One emulated gateway in front of a set of operations; it holds the caches of its signature check. */
export interface Gateway {
  /** The API paths, each with its operations by apiVer. */
  readonly routes: ReadonlyMap<string, ReadonlyMap<string, Operation>>;
  /**
   * Answers one POST to an API path (a key of `routes`). Synchronous unless a fault waits or a state
   * file commits; `transport` is asked for only then (most calls build none). `world` is the one the
   * request names; `admit`, called once the signature check lets the call in, returns the world the
   * call then acts on (a session kept only from then on, so a refused caller creates none).
   */
  call(world: World, request: GatewayRequest, outcome: RequestOutcome, transport: () => CallTransport, admit?: AdmitCall): CallResult | Promise<CallResult>;
  /** The gateway's 404 for a path with no API. */
  notFound(outcome: RequestOutcome, method: string, path: string): GatewayAnswer;
  /** The gateway's 405 for a method other than POST on an API path. */
  unsupportedMethod(outcome: RequestOutcome, method: string): GatewayAnswer;
  /** The gateway's 404 for a path no route can read (a bad `%` escape): no API has such a path [model]. */
  unroutable(outcome: RequestOutcome, detail: string): GatewayAnswer;
  /**
   * The gateway's 413 for a body over `limit` bytes, `size` when the transport knows it (the
   * transport drains the rest before sending it); every transport words it alike.
   */
  bodyTooLarge(outcome: RequestOutcome, limit: number, size?: number): GatewayAnswer;
}

/** The methods an API path takes, as a 405's Allow header lists them. */
export const API_METHODS = 'POST, OPTIONS';

/** Why a path with a bad `%` escape reaches no API. */
export function badPathDetail(path: string): string {
  return `the path ${JSON.stringify(path)} is not valid percent-encoding`;
}

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
 * The envelope step: the call's id, its envelope, the operation its apiVer names and the device
 * it names, read once for the fault rules, the checks and the journal.
 */
function readEnvelope(call: CallContext): void {
  call.id = call.world.ids.uuid();
  const parsed = parseEnvelope(call.request.body);
  if (!parsed.ok) {
    call.envelopeError = parsed.detail;
    call.language = parsed.language;
    return;
  }
  const { request, params } = parsed.envelope;
  call.envelope = parsed.envelope;
  call.language = request.language;
  call.apiVer = request.apiVer ?? undefined;
  call.operation = call.apiVer ? call.versions.get(call.apiVer) : undefined;
  const device = params[call.operation?.deviceParam ?? 'iotId'];
  if (typeof device === 'string') call.iotId = call.outcome.iotId = device;
}

/** The operation step's refusal: no envelope, or no operation at this path for its apiVer. */
function refuseUnaccepted(call: CallContext): CallResult {
  const { outcome, id, language, request } = call;
  if (call.envelopeError !== undefined) return answered(refuseCall(outcome, id, BusinessErrors.REQUEST_PARAMETER_ERROR, language, call.envelopeError));
  const known = [...call.versions.keys()].join(', ');
  return answered(
    call.apiVer
      ? refuseCall(outcome, id, BusinessErrors.SERVICE_NOT_FOUND, language, `request.apiVer "${call.apiVer}" is not a version of ${request.path}; known: ${known}`)
      : refuseCall(outcome, id, BusinessErrors.REQUEST_PARAMETER_ERROR, language, `request.apiVer is required; ${request.path} has ${known}`),
  );
}

/** Builds a gateway over `operations`; `checks` run in order between the envelope and the operation. */
export function createGateway(options: GatewayOptions): Gateway {
  const routes = indexOperations(options.operations);
  const checks = options.checks ?? [];
  const checkSignature = options.signatures ? createSignatureCheck(options.signatures) : undefined;

  /** The steps after faults: the checks (token, permissions), the operation and its answer. */
  function answerCall(call: CallContext): CallResult | Promise<CallResult> {
    if (call.envelope === undefined || call.operation === undefined) return refuseUnaccepted(call);
    const accepted = call as AcceptedCall;
    const { outcome, id, language, world } = accepted;
    for (const check of checks) {
      const refused = check(accepted);
      if (refused) return answered(refuseCall(outcome, id, refused.error, language, refused.detail));
    }
    const result = accepted.operation.handle({ world, params: accepted.envelope.params, request: accepted.envelope.request, now: wholeSecond(world.clock.now()), callerProjectId: accepted.callerProjectId });
    if (!result.ok) return answered(refuseCall(outcome, id, result.error, language, result.detail));
    outcome.code = 200;
    const ok = () => answered(envelopeAnswer(outcome, { id, code: 200, message: null, localizedMsg: null, data: result.data }));
    // With a state file, the answer leaves only once its changes (and all before them) are committed.
    const committed = world.persistence?.commit(result.effects);
    if (!committed) return ok();
    return committed.then(ok, (err: Error) => {
      call.transport().logError(err, 'state file write failed: answering code 500 in the envelope');
      return answered(refuseCall(outcome, id, BusinessErrors.SERVICE_ERROR, language, err.message));
    });
  }

  return {
    routes,
    call(named, request, outcome, transport, admit) {
      const versions = routes.get(request.path);
      if (!versions) return answered(this.notFound(outcome, request.method, request.path));
      outcome.api = request.path;
      // The gateway checks the signature before anything else, faults included.
      const refusedSignature = checkSignature?.(named, request, outcome);
      if (refusedSignature) return answered(refusedSignature);
      // Every field is set here, so every call's context has one shape.
      const call: CallContext = {
        world: admit ? admit() : named,
        request,
        outcome,
        transport,
        versions,
        id: '',
        envelope: undefined,
        envelopeError: undefined,
        language: undefined,
        apiVer: undefined,
        operation: undefined,
        iotId: undefined,
        fault: undefined,
        faultError: undefined,
        callerProjectId: undefined,
      };
      readEnvelope(call);
      if (!pickFault(call)) return answerCall(call);
      return applyFault(call, answerCall);
    },
    notFound(outcome, method, path) {
      return gatewayRefusal(outcome, GatewayErrors.API_NOT_FOUND, undefined, `no API at ${method} ${path}`);
    },
    unsupportedMethod(outcome, method) {
      const answer = gatewayRefusal(outcome, GatewayErrors.UNSUPPORTED_METHOD, `${GatewayErrors.UNSUPPORTED_METHOD.message} \`${method}\``);
      // [model] RFC 9110 section 15.5.6: a 405 lists the methods the path takes; no public page shows the gateway's.
      answer.headers.allow = API_METHODS;
      return answer;
    },
    unroutable(outcome, detail) {
      return gatewayRefusal(outcome, GatewayErrors.API_NOT_FOUND, undefined, detail);
    },
    bodyTooLarge(outcome, limit, size) {
      const detail = size === undefined ? `Request body is too large: the limit is ${limit} bytes` : `Request body is too large: ${size} bytes, the limit is ${limit}`;
      return gatewayRefusal(outcome, GatewayErrors.REQUEST_BODY_TOO_LARGE, undefined, detail);
    },
  };
}
