/**
 * One API call as the gateway's steps see it: a single object per call that each step reads and
 * fills in (signature, envelope, faults, token, permissions, operation, answer), instead of a
 * parameter list per step. No Fastify, no Node built-ins: it runs in a browser.
 */
import type { BusinessError } from '../errors/catalogue.js';
import type { FaultRule } from '../faults/schema.js';
import type { RawHeaders } from '../journal/journal.js';
import type { Operation } from '../platform/operation.js';
import type { World } from '../world.js';
import type { GatewayAnswer } from './answers.js';
import type { ParsedEnvelope } from './envelope.js';
import type { RequestOutcome } from './request-outcome.js';
import type { CheckedRequest } from './signature-check.js';

/** An API request as the gateway reads it, from any transport: the body's bytes exactly as received. */
export type GatewayRequest = CheckedRequest;

/** What the transport does for the core: wait out injected delays, and log what only operators should see. */
export interface CallTransport {
  /**
   * Waits `ms` for an injected latency or timeout; resolves false when the client left or the server
   * closed first. A transport may skip the real wait of a timeout on a frozen clock (the core moves
   * the clock on by it either way).
   */
  wait(ms: number, reason: 'latency' | 'timeout'): Promise<boolean>;
  /** An emulator-side failure (a state file write), with the reason the caller will not see. */
  logError(err: Error, message: string): void;
}

/** How the call ends: an answer to send, a connection to drop without a byte, or one to hold open. */
export type CallResult = { kind: 'answer'; answer: GatewayAnswer } | { kind: 'drop' } | { kind: 'hang' };

/** Everything the gateway learns about one call, filled in step by step. */
export interface CallContext {
  /** The world the request names; once the signature step lets the call in, the world it acts on. */
  world: World;
  readonly request: GatewayRequest;
  /** What the journal and the log line learn. */
  readonly outcome: RequestOutcome;
  /** The transport, asked for only when a fault waits or a state file commits. */
  readonly transport: () => CallTransport;
  /** The API's operations at this path, by apiVer. */
  readonly versions: ReadonlyMap<string, Operation>;
  /** The envelope id of the answer, drawn from the world's ids once the call is let in. */
  id: string;
  /** The envelope; undefined when the body is none (see `envelopeError`). */
  envelope: ParsedEnvelope | undefined;
  /** Why the body is not an envelope. */
  envelopeError: string | undefined;
  /** request.language, of a malformed envelope too when it says one. */
  language: string | null | undefined;
  /** request.apiVer as sent. */
  apiVer: string | undefined;
  /** The operation at this path and apiVer. */
  operation: Operation | undefined;
  /** The device the call names, under its operation's param (transfer names its source); read once. */
  iotId: string | undefined;
  /** The fault rule this call meets, if any. */
  fault: (FaultRule & { id?: string }) | undefined;
  /** Why the call's x-mock-fault header is unusable. */
  faultError: string | undefined;
  /** The caller's project, as the token and permission checks learn it. */
  callerProjectId: string | undefined;
}

/** A call past the envelope and the operation lookup: what the checks and the operation see. */
export type AcceptedCall = CallContext & { envelope: ParsedEnvelope; operation: Operation };

/**
 * A check between the envelope and the operation (cloud token, app permissions...): it returns
 * a business error to answer instead, or undefined to let the call through.
 */
export type CallCheck = (call: AcceptedCall) => { error: BusinessError; detail: string } | undefined;

/** A header's first value, only if the client sent it: a name like "constructor" must not read Object.prototype. */
export function firstHeader(headers: RawHeaders, name: string): string | undefined {
  const v = headers[name] as unknown;
  return typeof v === 'string' ? v : Array.isArray(v) ? (v[0] as string) : undefined;
}

/** A call that ends with `answer`. */
export const answered = (answer: GatewayAnswer): CallResult => ({ kind: 'answer', answer });
