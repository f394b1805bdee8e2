/**
 * The gateway's work on one API call, with no transport: signature, envelope, faults, the
 * operation lookup by path and apiVer, the business checks, the operation, the journal's outcome
 * and the answer's bytes. The Fastify routes and the MSW handlers both call it, so their answers
 * are the same bytes. No Fastify, no Node built-ins: it runs in a browser.
 */
import { BusinessErrors, businessErrorByCode, GatewayErrors, injectableGatewayError, type BusinessError } from '../errors/catalogue.js';
import { parseFaultHeader } from '../faults/header.js';
import type { FaultRule } from '../faults/schema.js';
import type { RawHeaders } from '../journal/journal.js';
import type { Operation } from '../platform/operation.js';
import type { World } from '../world.js';
import { envelopeAnswer, gatewayRefusal, refuseCall, type GatewayAnswer } from './answers.js';
import { parseEnvelope, type EnvelopeResult, type ParsedEnvelope } from './envelope.js';
import type { RequestOutcome } from './request-outcome.js';
import { createSignatureCheck, type CheckedRequest, type SignatureOptions } from './signature-check.js';

/** An API request as the gateway reads it, from any transport: the body's bytes exactly as received. */
export type GatewayRequest = CheckedRequest;

/** What the transport does for the core: wait out injected delays, and log what only operators should see. */
export interface CallTransport {
  /** Waits `ms` for an injected latency or timeout; resolves false when the client left or the server closed first. */
  wait(ms: number, reason: 'latency' | 'timeout'): Promise<boolean>;
  /** An emulator-side failure (a state file write), with the reason the caller will not see. */
  logError(err: Error, message: string): void;
}

/** How the call ends: an answer to send, a connection to drop without a byte, or one to hold open. */
export type CallResult = { kind: 'answer'; answer: GatewayAnswer } | { kind: 'drop' } | { kind: 'hang' };

/** What a business-layer check sees: the world, the request's headers, the envelope and the operation. */
export interface CallCheckInput {
  world: World;
  headers: RawHeaders;
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

export interface GatewayOptions {
  operations: readonly Operation[];
  checks?: readonly CallCheck[];
  /** Absent: no signature is checked (the MSW handlers, see the README). */
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
  /** The gateway's 413 for a body over the limit (the transport drains the rest before sending it). */
  bodyTooLarge(outcome: RequestOutcome, detail: string): GatewayAnswer;
}

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

/** A header's first value, only if the client sent it: a name like "constructor" must not read Object.prototype. */
export function firstHeader(headers: RawHeaders, name: string): string | undefined {
  const v = headers[name] as unknown;
  return typeof v === 'string' ? v : Array.isArray(v) ? (v[0] as string) : undefined;
}

/** What the gateway knows about the call when faults are decided. */
interface FaultTarget {
  path: string;
  apiVer?: string;
  iotId?: string;
  /** The API's gateway timeout (spec §5). */
  timeoutMs: number;
}

/** The fault a request meets: a rule, or why its x-mock-fault header is unusable. */
interface PickedFault {
  rule?: FaultRule & { id?: string };
  error?: string;
}

const NO_FAULT: PickedFault = {};

/** The rule that applies to this request: the x-mock-fault header first, then the world's rules. */
function pickFault(world: World, headers: RawHeaders, target: FaultTarget): PickedFault {
  const header = firstHeader(headers, 'x-mock-fault');
  if (header !== undefined && header.trim() !== '') {
    const parsed = parseFaultHeader(header);
    return parsed.ok ? { rule: parsed.rule } : { error: parsed.error };
  }
  // No rules (the usual case): nothing to match, and nothing to build for matching.
  if (world.faults.list().length === 0) return NO_FAULT;
  const rule = world.faults.select({
    path: target.path,
    apiVer: target.apiVer,
    iotId: target.iotId,
    appKey: firstHeader(headers, 'x-ca-key'),
    header: (name) => firstHeader(headers, name),
  });
  return { rule };
}

const answered = (answer: GatewayAnswer): CallResult => ({ kind: 'answer', answer });

/** Builds a gateway over `operations`; `checks` run in order between the envelope and the operation. */
export function createGateway(options: GatewayOptions): Gateway {
  const routes = indexOperations(options.operations);
  const checks = options.checks ?? [];
  const checkSignature = options.signatures ? createSignatureCheck(options.signatures) : undefined;

  /** The 504 once the API's timeout has passed on the transport; a drop when the client left first. */
  async function timeoutAnswer(outcome: RequestOutcome, timeoutMs: number, transport: () => CallTransport): Promise<CallResult> {
    if (!(await transport().wait(timeoutMs, 'timeout'))) return abandoned(outcome);
    return answered(gatewayRefusal(outcome, GatewayErrors.BACKEND_TIMEOUT, undefined, outcome.detail));
  }

  /** The client left or the server closed during a delay: nothing more to answer. */
  function abandoned(outcome: RequestOutcome): CallResult {
    outcome.detail = `${outcome.detail ?? 'injected delay'}; the connection closed before the answer`;
    return { kind: 'drop' };
  }

  /**
   * Applies the fault rule: waits, answers a gateway error, drops or hangs the connection, or
   * answers a business error; latency then runs the call. Always before the operation, so a
   * timed-out call changes nothing.
   */
  async function applyFault(
    world: World,
    outcome: RequestOutcome,
    target: FaultTarget,
    picked: PickedFault,
    transport: () => CallTransport,
    id: string,
    language: string | null | undefined,
    proceed: () => CallResult | Promise<CallResult>,
  ): Promise<CallResult> {
    if (picked.error) return answered(refuseCall(outcome, id, BusinessErrors.REQUEST_PARAMETER_ERROR, language, picked.error));
    const rule = picked.rule!;
    const ruleId = rule.id ?? '?';
    outcome.faultRuleId = ruleId;
    switch (rule.type) {
      case 'latency': {
        const delay = world.faults.sampleDelay(rule.delay);
        const timeoutMs = rule.timeoutMs ?? target.timeoutMs;
        if (delay >= timeoutMs) {
          // The real gateway gives up at the timeout; the backend call never happens.
          outcome.detail = `fault ${ruleId}: latency ${delay} ms reached the ${timeoutMs} ms timeout of ${target.path}; the operation did not run`;
          return timeoutAnswer(outcome, timeoutMs, transport);
        }
        outcome.detail = `fault ${ruleId}: latency ${delay} ms`;
        if (!(await transport().wait(delay, 'latency'))) return abandoned(outcome);
        return proceed();
      }
      case 'timeout': {
        const timeoutMs = rule.timeoutMs ?? target.timeoutMs;
        outcome.detail = `fault ${ruleId}: backend timeout after ${timeoutMs} ms; the operation did not run`;
        return timeoutAnswer(outcome, timeoutMs, transport);
      }
      case 'error': {
        const error = businessErrorByCode(rule.code)!;
        return answered(refuseCall(outcome, id, error, language, `fault ${ruleId}: injected business code ${rule.code}`));
      }
      case 'gateway': {
        // The schema took only the catalogue's injectable statuses.
        const error = injectableGatewayError(rule.status)!;
        return answered(gatewayRefusal(outcome, error, undefined, `fault ${ruleId}: injected gateway ${rule.status} ${error.errorCode}`));
      }
      case 'drop':
        outcome.detail = `fault ${ruleId}: connection dropped without an answer`;
        return { kind: 'drop' };
      case 'hang':
        outcome.detail = `fault ${ruleId}: request hung; no answer until the client gives up or the server closes`;
        return { kind: 'hang' };
    }
  }

  /** The call once faults let it through: envelope errors, operation lookup, checks, the operation, the answer. */
  function answerCall(
    world: World,
    request: GatewayRequest,
    outcome: RequestOutcome,
    versions: ReadonlyMap<string, Operation>,
    id: string,
    parsed: EnvelopeResult,
    transport: () => CallTransport,
  ): CallResult | Promise<CallResult> {
    if (!parsed.ok) return answered(refuseCall(outcome, id, BusinessErrors.REQUEST_PARAMETER_ERROR, parsed.language, parsed.detail));
    const { request: meta, params } = parsed.envelope;
    const language = meta.language;
    const apiVer = meta.apiVer;
    const operation = apiVer ? versions.get(apiVer) : undefined;
    // The device, for the journal: under the operation's own param name (transfer names its source).
    const device = params[operation?.deviceParam ?? 'iotId'];
    if (typeof device === 'string') outcome.iotId = device;
    if (!operation) {
      const known = [...versions.keys()].join(', ');
      return answered(
        apiVer
          ? refuseCall(outcome, id, BusinessErrors.SERVICE_NOT_FOUND, language, `request.apiVer "${apiVer}" is not a version of ${request.path}; known: ${known}`)
          : refuseCall(outcome, id, BusinessErrors.REQUEST_PARAMETER_ERROR, language, `request.apiVer is required; ${request.path} has ${known}`),
      );
    }
    const caller: { projectId?: string } = {};
    for (const check of checks) {
      const refused = check({ world, headers: request.headers, envelope: parsed.envelope, operation, caller });
      if (refused) return answered(refuseCall(outcome, id, refused.error, language, refused.detail));
    }
    const result = operation.handle({ world, params, request: meta, now: world.clock.now(), callerProjectId: caller.projectId });
    if (!result.ok) return answered(refuseCall(outcome, id, result.error, language, result.detail));
    outcome.code = 200;
    const ok = () => answered(envelopeAnswer(outcome, { id, code: 200, message: null, localizedMsg: null, data: result.data }));
    // With a state file, the answer leaves only once its changes (and all before them) are committed.
    const committed = world.persistence?.commit(result.effects);
    if (!committed) return ok();
    return committed.then(ok, (err: Error) => {
      transport().logError(err, 'state file write failed: answering code 500 in the envelope');
      return answered(refuseCall(outcome, id, BusinessErrors.SERVICE_ERROR, language, err.message));
    });
  }

  /** Stamps the fault rule that fired on whatever answer the call ends with. */
  function withRuleHeader(outcome: RequestOutcome, result: CallResult): CallResult {
    if (result.kind === 'answer' && outcome.faultRuleId !== undefined) result.answer.headers['x-mock-fault-rule'] = outcome.faultRuleId;
    return result;
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
      const world = admit ? admit() : named;
      const id = world.ids.uuid();
      const parsed = parseEnvelope(request.body);
      // Faults act at the gateway, before the backend: they see what the envelope says, if anything.
      const sent = parsed.ok ? parsed.envelope : undefined;
      const sentApiVer = sent?.request.apiVer ?? undefined;
      const target = sentApiVer ? versions.get(sentApiVer) : undefined;
      const sentDevice = sent?.params[target?.deviceParam ?? 'iotId'];
      const sentIotId = typeof sentDevice === 'string' ? sentDevice : undefined;
      if (sentIotId !== undefined) outcome.iotId = sentIotId;
      const faultTarget = { path: request.path, apiVer: sentApiVer, iotId: sentIotId, timeoutMs: target?.timeoutMs ?? Math.max(...[...versions.values()].map((v) => v.timeoutMs)) };
      const picked = pickFault(world, request.headers, faultTarget);
      if (picked.rule === undefined && picked.error === undefined) return answerCall(world, request, outcome, versions, id, parsed, transport);
      const proceed = () => answerCall(world, request, outcome, versions, id, parsed, transport);
      const language = parsed.ok ? parsed.envelope.request.language : parsed.language;
      return applyFault(world, outcome, faultTarget, picked, transport, id, language, proceed).then((result) => withRuleHeader(outcome, result));
    },
    notFound(outcome, method, path) {
      return gatewayRefusal(outcome, GatewayErrors.API_NOT_FOUND, undefined, `no API at ${method} ${path}`);
    },
    unsupportedMethod(outcome, method) {
      return gatewayRefusal(outcome, GatewayErrors.UNSUPPORTED_METHOD, `${GatewayErrors.UNSUPPORTED_METHOD.message} \`${method}\``);
    },
    unroutable(outcome, detail) {
      return gatewayRefusal(outcome, GatewayErrors.API_NOT_FOUND, undefined, detail);
    },
    bodyTooLarge(outcome, detail) {
      return gatewayRefusal(outcome, GatewayErrors.REQUEST_BODY_TOO_LARGE, undefined, detail);
    },
  };
}
