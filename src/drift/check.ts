/**
 * The drift check: sends the documented sequence of calls (sequence.ts) to a target, signed with
 * the caller's app, and judges each answer against the emulator's answers to the same call on
 * worlds holding the same devices (reference.ts, judge.ts). It never prints, logs or keeps the
 * app secret or a cloud token: the report is masked before anyone sees it.
 */
import { isSecretField } from '../logging/secrets.js';
import type { Difference } from './compare.js';
import { judge, type Outcome, type TargetAnswer } from './judge.js';
import { createReference } from './reference.js';
import { CHECK_STEPS, checkedParams, operationOf, type CheckStep, type Learned } from './sequence.js';
import { createRequestSigner, type AppCredentials } from './sign.js';

/** Aliyun's API gateway for the Living IoT Platform (cn-shanghai). */
export const DEFAULT_TARGET = 'https://api.link.aliyun.com';

/** What a check needs. */
export interface CheckOptions {
  /** Base URL of the service to check, e.g. https://api.link.aliyun.com */
  target: string;
  app: AppCredentials;
  /** The devices to read (and, with allowWrites, to write to). */
  iotIds: readonly string[];
  /** The project whose cloud token the calls carry; without it, no token is asked for. */
  projectId?: string;
  /** Also send the calls that change the account: an unpaid order and a trial claim per device. */
  allowWrites?: boolean;
  /** Extra ms a call may take past its API's gateway timeout before it counts as failed. */
  graceMs?: number;
  /** The fetch to send with (tests); default globalThis.fetch. */
  fetch?: typeof fetch;
}

/** One call of the check and its verdict. */
export interface CallReport {
  step: string;
  title: string;
  path: string;
  apiVer: string;
  iotId?: string;
  outcome: Outcome;
  reason?: string;
  httpStatus?: number;
  code?: number;
  differences: Difference[];
}

/** The result of a check: every call, the counts and the exit code. */
export interface CheckReport {
  target: string;
  devices: number;
  writes: boolean;
  startedAt: string;
  finishedAt: string;
  /** The worst outcome: drift, else refused, else failed, else match. */
  result: Exclude<Outcome, 'skipped'>;
  exitCode: number;
  counts: Record<Outcome, number>;
  calls: CallReport[];
}

/** Exit codes of `check`: 0 all match, 1 drift, 2 wrong options, 3 refused (and no drift), 4 failed calls (and nothing worse). */
export const CHECK_EXIT = { match: 0, drift: 1, usage: 2, refused: 3, failed: 4 } as const;

const MASK = '***';

/** Every string of a value with each secret (4 characters or more) replaced by the mask. */
function masked<T>(value: T, secrets: readonly string[]): T {
  const text = (s: string) => secrets.reduce((out, secret) => (secret.length >= 4 ? out.split(secret).join(MASK) : out), s);
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return text(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, inner]) => [k, walk(inner)]));
    return v;
  };
  return walk(value) as T;
}

/** A difference at a secret field (a cloud token) shows no value. */
function maskSecretFields(d: Difference): Difference {
  const last = d.path.split('.').pop()!.replace('[]', '');
  return isSecretField(last) ? { ...d, emulator: d.emulator.replace(/ ".*$/, ` ${MASK}`), target: d.target.replace(/ ".*$/, ` ${MASK}`) } : d;
}

async function send(options: CheckOptions, step: CheckStep, body: string, sign: ReturnType<typeof createRequestSigner>): Promise<TargetAnswer> {
  const bytes = new TextEncoder().encode(body);
  const url = new URL(step.path, options.target.endsWith('/') ? options.target : `${options.target}/`).toString();
  const timeoutMs = operationOf(step).timeoutMs + (options.graceMs ?? 5000);
  try {
    const res = await (options.fetch ?? fetch)(url, { method: 'POST', headers: sign(step.path, bytes), body: bytes, signal: AbortSignal.timeout(timeoutMs) });
    const headers: Record<string, string> = {};
    res.headers.forEach((value, name) => (headers[name] = value));
    return { ok: true, status: res.status, headers, text: await res.text() };
  } catch (err) {
    const e = err as Error & { cause?: { code?: string; message?: string } };
    const why = e.name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : (e.cause?.code ?? e.cause?.message ?? e.message);
    return { ok: false, error: `the call did not reach the service: ${why}` };
  }
}

/** The steps in the order they run: global ones, then each device's, then the probe. */
function plan(options: CheckOptions): { step: CheckStep; iotId?: string }[] {
  const steps = CHECK_STEPS.filter((s) => options.allowWrites || !s.writes);
  const last = steps.filter((s) => s.id === 'unknown-device');
  const first = steps.filter((s) => !s.perDevice && s.id !== 'unknown-device');
  const devices = options.iotIds.flatMap((iotId) => steps.filter((s) => s.perDevice).map((step) => ({ step, iotId })));
  return [...first.map((step) => ({ step })), ...devices, ...last.map((step) => ({ step }))];
}

/** Runs the check and returns its report (masked); it throws only when the emulator's own side cannot be built. */
export async function runCheck(options: CheckOptions): Promise<CheckReport> {
  const startedAt = new Date().toISOString();
  const sign = createRequestSigner(options.app);
  const reference = await createReference(options.iotIds, options.projectId);
  const learned: Learned = { orders: new Map() };
  const calls: CallReport[] = [];
  // Once the gateway refuses the app itself (key, signature), every later call would be refused alike.
  let refusedApp: string | undefined;
  try {
    for (const { step, iotId } of plan(options)) {
      const input = { iotId, projectId: options.projectId, learned };
      const built = refusedApp ? { skip: refusedApp } : step.params(input);
      const base = { step: step.id, title: step.title, path: step.path, apiVer: step.apiVer, ...(iotId ? { iotId } : {}) };
      if ('skip' in built) {
        calls.push({ ...base, outcome: 'skipped', reason: built.skip, differences: [] });
        continue;
      }
      const params = checkedParams(step, built.params);
      const request = { apiVer: step.apiVer, ...(learned.cloudToken && step.id !== 'cloud-token' ? { cloudToken: learned.cloudToken } : {}) };
      const body = JSON.stringify({ id: String(Date.now()), version: '1.0', request, params });
      const target = await send(options, step, body, sign);
      const verdict = judge(target, await reference.answer(step, params), iotId !== undefined, step.refusedBy);
      if (verdict.data !== undefined) step.learn?.(verdict.data, input);
      const { data: _d, outcome, reason, httpStatus, code, differences } = verdict;
      if (outcome === 'refused' && httpStatus !== 200) refusedApp = `not sent: the gateway refused the app on ${step.path}`;
      // The gateway's refusal quotes its string-to-sign, which names the app key.
      const shown = reason?.split(options.app.appKey).join(MASK);
      calls.push({ ...base, outcome, ...(shown ? { reason: shown } : {}), ...(httpStatus ? { httpStatus } : {}), ...(code !== undefined ? { code } : {}), differences: differences.map(maskSecretFields) });
    }
  } finally {
    await reference.close();
  }
  const counts: Record<Outcome, number> = { match: 0, drift: 0, refused: 0, failed: 0, skipped: 0 };
  for (const c of calls) counts[c.outcome] += 1;
  const result = counts.drift ? 'drift' : counts.refused ? 'refused' : counts.failed ? 'failed' : 'match';
  const secrets = [options.app.appSecret, ...(learned.cloudToken ? [learned.cloudToken] : [])];
  return masked(
    { target: options.target, devices: options.iotIds.length, writes: options.allowWrites ?? false, startedAt, finishedAt: new Date().toISOString(), result, exitCode: CHECK_EXIT[result], counts, calls },
    secrets,
  );
}
