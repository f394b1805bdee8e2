/**
 * What a business rule answers, in every family: a value (with the change it made, as data, when
 * it made one) or a business error with the precise reason, which goes to the x-mock-error-detail
 * header, the log and the journal.
 */
import { BusinessErrors, type BusinessError } from '../errors/catalogue.js';
import type { DeviceFixture } from '../fixtures/schema.js';
import type { RuleContext } from './rule-context.js';

/** A refused call: the business error and why. */
export interface Failure {
  ok: false;
  error: BusinessError;
  detail: string;
}

/** A result or a failure; `change` is what a state file logs (families that report changes this way). */
export type Outcome<T, Change = never> = { ok: true; value: T; change?: Change } | Failure;

/** A failed outcome. */
export function fail(error: BusinessError, detail: string): Failure {
  return { ok: false, error, detail };
}

/** The device an API call names, or 2063 (unknown) / 403 (forbidden, or another project's). */
export function findDevice(ctx: RuleContext, iotId: string): Outcome<DeviceFixture> {
  const device = ctx.directory.devices.get(iotId);
  if (!device) return fail(BusinessErrors.IOTID_NOT_EXIST, `params.iotId: no device "${iotId}" in the fixtures`);
  if (device.forbidden) return fail(BusinessErrors.REQUEST_FORBIDDEN, `device "${iotId}" is marked forbidden in the fixtures`);
  if (ctx.callerProjectId !== undefined && device.projectId !== ctx.callerProjectId) {
    return fail(
      BusinessErrors.REQUEST_FORBIDDEN,
      `device "${iotId}" belongs to project "${device.projectId}", the calling app to "${ctx.callerProjectId}"`,
    );
  }
  return { ok: true, value: device };
}
