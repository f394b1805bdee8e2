/**
 * The verdict on one call: the target's answer matches the emulator's, differs from it (drift),
 * was a refusal of the caller (credentials, permissions, quota: no verdict on the emulator), or
 * never came (the network, a server error, a timeout). Pure.
 */
import { compareToShape, showValue, type Difference } from './compare.js';
import { shapeOfAll } from './shape.js';

/** How a call ended, worst last but one: drift outranks refused, refused outranks failed. */
export type Outcome = 'match' | 'drift' | 'refused' | 'failed' | 'skipped';

/** What came back from the target for one call. */
export type TargetAnswer =
  | { ok: true; status: number; headers: Record<string, string>; text: string }
  | { ok: false; error: string };

/** One answer of the emulator to the same call. */
export interface EmulatorAnswer {
  status: number;
  body: Record<string, unknown> | null;
}

/** The verdict on one call. */
export interface Verdict {
  outcome: Exclude<Outcome, 'skipped'>;
  /** Why (refused, failed), or a summary (drift). */
  reason?: string;
  /** The target's HTTP status and business code, when it answered. */
  httpStatus?: number;
  code?: number;
  differences: Difference[];
  /** The target's envelope data, for the steps after (code 200 only). */
  data?: unknown;
}

/** Business codes that refuse the caller, not the call: a cloud token, a permission, a quota (help.aliyun.com 127995). */
const REFUSING_CODES = new Set([401, 403, 429]);
/** Business codes of a service in trouble: no verdict on the emulator either. */
const FAILING_CODES = new Set([500, 503]);
/** The envelope fields compared by their text, not their shape. */
const TEXT_FIELDS = ['message', 'localizedMsg'] as const;
/** 2063 iotId not exist: for a device the caller named, the account does not hold it. */
const NO_SUCH_DEVICE = 2063;

function gatewayVerdict(status: number, headers: Record<string, string>): Verdict {
  const errorCode = headers['x-ca-error-code'] ?? '';
  const message = headers['x-ca-error-message'] ?? '';
  const said = `HTTP ${status}${errorCode ? ` ${errorCode}` : ''}${message ? ` ${message}` : ''}`;
  // The gateway's A-codes refuse the app (key, signature, timestamp, nonce); throttling refuses the rate.
  if (errorCode.startsWith('A') || status === 401 || status === 403 || status === 429) return { outcome: 'refused', reason: `the gateway refused the call: ${said}`, httpStatus: status, differences: [] };
  // No API at a path the emulator serves, or not by POST: the service has moved away from the emulator.
  if (errorCode === 'I404NF' || errorCode === 'I405UM') {
    return { outcome: 'drift', reason: `the API is not there: ${said}`, httpStatus: status, differences: [{ path: '(API)', kind: 'code', emulator: 'HTTP 200 and an envelope', target: said, count: 1 }] };
  }
  return { outcome: 'failed', reason: `the service did not answer the call: ${said}`, httpStatus: status, differences: [] };
}

function withoutTextFields(body: Record<string, unknown>): Record<string, unknown> {
  const { code: _c, message: _m, localizedMsg: _l, ...rest } = body;
  return rest;
}

/**
 * Judges the target's answer against the emulator's answers to the same call: the answers with
 * the target's business code give the schema (field names, JSON types, formats) and the message
 * texts; a code none of them answers is drift unless it refuses the caller (`refusing`: codes
 * that, for this call, say the caller named something the account lacks).
 */
export function judge(target: TargetAnswer, emulator: readonly EmulatorAnswer[], namedDevice: boolean, refusing: readonly number[] = []): Verdict {
  if (!target.ok) return { outcome: 'failed', reason: target.error, differences: [] };
  let body: unknown;
  try {
    body = target.status === 200 && target.text !== '' ? JSON.parse(target.text) : undefined;
  } catch {
    body = undefined;
  }
  if (body === undefined) {
    if (target.status !== 200 || target.headers['x-ca-error-code']) return gatewayVerdict(target.status, target.headers);
    return { outcome: 'drift', reason: 'the answer is not JSON', httpStatus: 200, differences: [{ path: '(body)', kind: 'type', emulator: 'the JSON envelope {id, code, message, localizedMsg, data}', target: showValue(target.text), count: 1 }] };
  }
  const envelope = body as Record<string, unknown>;
  if (typeof body !== 'object' || body === null || Array.isArray(body) || typeof envelope.code !== 'number') {
    return { outcome: 'drift', reason: 'the answer is not the envelope', httpStatus: 200, differences: [{ path: '(body)', kind: 'type', emulator: 'the JSON envelope {id, code, message, localizedMsg, data}', target: showValue(body), count: 1 }] };
  }
  const code = envelope.code;
  const base = { httpStatus: target.status, code };
  const same = emulator.filter((a) => a.body?.code === code).map((a) => a.body!);
  if (same.length === 0) {
    const said = `code ${code} ${JSON.stringify(envelope.message ?? null)}`;
    if (REFUSING_CODES.has(code) || refusing.includes(code) || (code === NO_SUCH_DEVICE && namedDevice)) return { ...base, outcome: 'refused', reason: `the service refused the call: ${said}`, differences: [] };
    if (FAILING_CODES.has(code)) return { ...base, outcome: 'failed', reason: `the service failed the call: ${said}`, differences: [] };
    const expected = [...new Set(emulator.map((a) => (a.body ? `code ${String(a.body.code)}` : `HTTP ${a.status}`)))].join(' or ');
    return { ...base, outcome: 'drift', reason: `the emulator answers ${expected}`, differences: [{ path: 'code', kind: 'code', emulator: expected, target: said, count: 1 }] };
  }
  const differences: Difference[] = [];
  for (const field of TEXT_FIELDS) {
    const expected = same[0]![field];
    if (!Object.hasOwn(envelope, field)) differences.push({ path: field, kind: 'missing', emulator: showValue(expected), target: 'absent', count: 1 });
    else if (envelope[field] !== expected) differences.push({ path: field, kind: 'message', emulator: showValue(expected), target: showValue(envelope[field]), count: 1 });
  }
  differences.push(...compareToShape(withoutTextFields(envelope), shapeOfAll(same.map(withoutTextFields))!));
  return {
    ...base,
    outcome: differences.length ? 'drift' : 'match',
    ...(differences.length ? { reason: `${differences.length} difference${differences.length === 1 ? '' : 's'}` } : {}),
    differences,
    ...(code === 200 ? { data: envelope.data } : {}),
  };
}
