/**
 * The doorbell family's two APIs: quiet/set starts a quiet period on a device (a write the state
 * file logs), quiet/get reads whether the device is quiet now. [model] No Aliyun page: this family
 * exists to show that a family defined outside src/ gets everything the built-in ones get.
 */
import { z } from 'zod';
import { BusinessErrors } from '../../../../src/errors/catalogue.js';
import { parseParams, type ApiCall, type ApiResult, type Operation } from '../../../../src/platform/operation.js';
import { fail, findDevice, type Failure } from '../../../../src/platform/outcome.js';
import { applyQuiet, doorbellOf, quietPeriodsOf, type QuietPeriod } from './state.js';
import { DOORBELL_KEY } from './fixture-file.js';

export const QUIET_SET = '/vision/customer/doorbell/quiet/set';
export const QUIET_GET = '/vision/customer/doorbell/quiet/get';

const QuietSetParams = z.object({
  iotId: z.string().min(1).describe('the doorbell'),
  minutes: z.number().int().min(1).max(1440).describe('how long the chime stays silent, from now'),
});
const QuietGetParams = z.object({ iotId: z.string().min(1).describe('the doorbell') });

/** The period running at `now` on a device, if any. */
function runningAt(periods: readonly QuietPeriod[], now: number): QuietPeriod | undefined {
  return periods.find((p) => p.start <= now && now < p.end);
}

/** The call's params, once they parse and name a device the caller may use; else the refusal (460, 2063 or 403). */
function paramsOfDevice<S extends typeof QuietGetParams>(schema: S, call: ApiCall): { ok: true; value: z.infer<S> } | Failure {
  const params = parseParams(schema, call.params);
  if (!params.ok) return params;
  const { world, now, callerProjectId } = call;
  const device = findDevice({ directory: world.directory, now, zone: world.zone, ids: world.ids, callerProjectId }, params.value.iotId);
  return device.ok ? params : device;
}

/** POST quiet/set: a quiet period of `minutes` from now; refused while one runs. */
function quietSet(call: ApiCall): ApiResult {
  const params = paramsOfDevice(QuietSetParams, call);
  if (!params.ok) return params;
  const { world, now } = call;
  const state = doorbellOf(world);
  const running = runningAt(quietPeriodsOf(state, params.value.iotId), now);
  // [model] one quiet period at a time: a second one would make "until" ambiguous.
  if (running) return fail(BusinessErrors.REQUEST_PARAMETER_ERROR, `params.iotId: device "${running.iotId}" is quiet until ${world.zone.formatLocal(running.end)}`);
  const period: QuietPeriod = { quietId: world.ids.digits(12, true), iotId: params.value.iotId, start: now, end: now + params.value.minutes * 60_000 };
  applyQuiet(state, period);
  const data = { quietId: period.quietId, iotId: period.iotId, startTime: world.zone.formatLocal(period.start), endTime: world.zone.formatLocal(period.end) };
  return { ok: true, data, effects: { family: DOORBELL_KEY, changes: [{ kind: 'quiet', ...period }] } };
}

/** POST quiet/get: whether the device is quiet now, and until when. */
function quietGet(call: ApiCall): ApiResult {
  const params = paramsOfDevice(QuietGetParams, call);
  if (!params.ok) return params;
  const { world, now } = call;
  const periods = quietPeriodsOf(doorbellOf(world), params.value.iotId);
  const running = runningAt(periods, now);
  return { ok: true, data: { iotId: params.value.iotId, quiet: running !== undefined, until: running ? world.zone.formatLocal(running.end) : null, periods: periods.length } };
}

/** The family's operations table. */
export const doorbellOperations: readonly Operation[] = [
  { path: QUIET_SET, apiVer: '1.0.0', timeoutMs: 3000, summary: '门铃静音 (start a quiet period of the doorbell chime)', params: QuietSetParams, handle: quietSet },
  { path: QUIET_GET, apiVer: '1.0.0', timeoutMs: 3000, summary: '门铃静音状态 (whether the doorbell is quiet now)', params: QuietGetParams, handle: quietGet },
];
