/**
 * The gateway's fault step: which fault rule a call meets (the x-mock-fault header first, then the
 * world's rules), and what it does: wait, answer a gateway or business error, drop or hang the
 * connection. Faults act at the gateway, after the envelope is read and before the backend, so a
 * call a fault stops changes nothing.
 */
import { BusinessErrors, businessErrorByCode, GatewayErrors, injectableGatewayError } from '../errors/catalogue.js';
import { parseFaultHeader } from '../faults/header.js';
import { answered, firstHeader, type CallContext, type CallResult } from './call-context.js';
import { gatewayRefusal, refuseCall } from './answers.js';

/**
 * Sets the fault the call meets (`call.fault`, or `call.faultError` for an unusable header);
 * false when there is none, the usual case, which costs a header read and nothing else.
 */
export function pickFault(call: CallContext): boolean {
  const header = firstHeader(call.request.headers, 'x-mock-fault');
  if (header !== undefined && header.trim() !== '') {
    const parsed = parseFaultHeader(header);
    if (parsed.ok) call.fault = parsed.rule;
    else call.faultError = parsed.error;
    return true;
  }
  const { faults } = call.world;
  if (faults.list().length === 0) return false;
  const { headers } = call.request;
  call.fault = faults.select({
    path: call.request.path,
    apiVer: call.apiVer,
    iotId: call.iotId,
    appKey: firstHeader(headers, 'x-ca-key'),
    header: (name) => firstHeader(headers, name),
  });
  return call.fault !== undefined;
}

/** The API's gateway timeout: its version's, or the longest of the path's when the apiVer names none. */
function apiTimeoutMs(call: CallContext): number {
  if (call.operation) return call.operation.timeoutMs;
  let longest = 0;
  for (const op of call.versions.values()) longest = Math.max(longest, op.timeoutMs);
  return longest;
}

/** The client left or the server closed during a delay: nothing more to answer. */
function abandoned(call: CallContext): CallResult {
  call.outcome.detail = `${call.outcome.detail ?? 'injected delay'}; the connection closed before the answer`;
  return { kind: 'drop' };
}

/**
 * The 504 once the API's timeout has passed; a drop when the client left first. The timeout is
 * emulated time spent: a frozen clock moves on by it (a running one has moved by itself), so the
 * server and the MSW handlers read the same time after it, whether or not their transport waited.
 */
async function timeoutAnswer(call: CallContext, timeoutMs: number): Promise<CallResult> {
  if (!(await call.transport().wait(timeoutMs, 'timeout'))) return abandoned(call);
  const { clock } = call.world;
  if (clock.frozen) clock.advance(timeoutMs);
  return answered(gatewayRefusal(call.outcome, GatewayErrors.BACKEND_TIMEOUT, undefined, call.outcome.detail));
}

/** Stamps the fault rule that fired on whatever answer the call ends with. */
function withRuleHeader(call: CallContext, result: CallResult): CallResult {
  if (result.kind === 'answer' && call.outcome.faultRuleId !== undefined) result.answer.headers['x-mock-fault-rule'] = call.outcome.faultRuleId;
  return result;
}

/** Carries out the fault `pickFault` set; a latency below the timeout then runs the call with `proceed`. */
export async function applyFault(call: CallContext, proceed: (call: CallContext) => CallResult | Promise<CallResult>): Promise<CallResult> {
  return withRuleHeader(call, await faultResult(call, proceed));
}

async function faultResult(call: CallContext, proceed: (call: CallContext) => CallResult | Promise<CallResult>): Promise<CallResult> {
  const { outcome } = call;
  if (call.faultError !== undefined) return answered(refuseCall(outcome, call.id, BusinessErrors.REQUEST_PARAMETER_ERROR, call.language, call.faultError));
  const rule = call.fault!;
  const ruleId = rule.id ?? '?';
  outcome.faultRuleId = ruleId;
  switch (rule.type) {
    case 'latency': {
      const delay = call.world.faults.sampleDelay(rule.delay);
      const timeoutMs = rule.timeoutMs ?? apiTimeoutMs(call);
      if (delay >= timeoutMs) {
        // The real gateway gives up at the timeout; the backend call never happens.
        outcome.detail = `fault ${ruleId}: latency ${delay} ms reached the ${timeoutMs} ms timeout of ${call.request.path}; the operation did not run`;
        return timeoutAnswer(call, timeoutMs);
      }
      outcome.detail = `fault ${ruleId}: latency ${delay} ms`;
      if (!(await call.transport().wait(delay, 'latency'))) return abandoned(call);
      return proceed(call);
    }
    case 'timeout': {
      const timeoutMs = rule.timeoutMs ?? apiTimeoutMs(call);
      outcome.detail = `fault ${ruleId}: backend timeout after ${timeoutMs} ms; the operation did not run`;
      return timeoutAnswer(call, timeoutMs);
    }
    case 'error': {
      const error = businessErrorByCode(rule.code)!;
      return answered(refuseCall(outcome, call.id, error, call.language, `fault ${ruleId}: injected business code ${rule.code}`));
    }
    case 'gateway': {
      // The schema and the header took only the catalogue's injectable statuses.
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
