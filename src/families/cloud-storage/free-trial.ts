/**
 * The free plan (免费云存储): each bound user of a device may claim it once, and a device may be
 * claimed by at most three users (returns and exchanges, 363074). A claim makes a free order
 * (orderType 1) on the device's cloud-storage queue.
 */
import { BusinessErrors } from '../../errors/catalogue.js';
import type { CloudOrder, RecordSettings } from './order.js';
import { fail, findDevice, type Outcome } from '../../platform/outcome.js';
import { claimFreePlan, enableOrder, freezeOrder, spanOf, unavailableReason, type CloudContext } from './rules.js';
import { freePackage, freeTrialOf, type FreeClaim, type FreeTrial } from './state.js';

/** The most users that may claim a device's free plan. */
export const MAX_FREE_CLAIMERS = 3;

/** The free plan as its APIs show it, with the current administrator's claim if any. */
export interface FreeView {
  trial: FreeTrial;
  claim: FreeClaim | undefined;
  order: CloudOrder | undefined;
  /** Whether the administrator may still claim (not yet, and fewer than three users have). */
  claimable: boolean;
}

function viewOf(ctx: CloudContext, iotId: string, identityId: string): FreeView {
  const trial = freeTrialOf(ctx.cloud, iotId);
  const claim = trial.claims.find((c) => c.identityId === identityId);
  const order = claim ? ctx.cloud.orders.get(claim.orderId) : undefined;
  return { trial, claim, order, claimable: !claim && trial.claims.length < MAX_FREE_CLAIMERS };
}

/** Why the device's administrator cannot claim the free plan, or null when they can. */
function refusal(view: FreeView, iotId: string, identityId: string): string | null {
  if (view.claim) return `user "${identityId}" already claimed the free plan of device "${iotId}" (once per bound user)`;
  if (!view.claimable) return `device "${iotId}"'s free plan was claimed by ${view.trial.claims.length} users already (at most ${MAX_FREE_CLAIMERS} per device)`;
  return null;
}

/** freecloudstorage/get: the plan and the current administrator's claim. */
export function getFreePlan(ctx: CloudContext, iotId: string): Outcome<FreeView> {
  const device = findDevice(ctx, iotId);
  if (!device.ok) return device;
  return { ok: true, value: viewOf(ctx, iotId, device.value.identityId) };
}

/** freestorage/quota/check: 200 when the administrator may claim; 460 naming the limit otherwise. */
export function checkFreeQuota(ctx: CloudContext, iotId: string): Outcome<null> {
  const device = findDevice(ctx, iotId);
  if (!device.ok) return device;
  const reason = refusal(viewOf(ctx, iotId, device.value.identityId), iotId, device.value.identityId);
  return reason ? fail(BusinessErrors.REQUEST_PARAMETER_ERROR, reason) : { ok: true, value: null };
}

/** What freecloudstorage/consume is given, already type-checked. */
export interface ConsumeInput {
  iotId: string;
  quota: number;
  immediateUse: boolean;
  settings: RecordSettings;
}

/** freecloudstorage/consume: the administrator claims `quota` months of the free plan. */
export function consumeFreePlan(ctx: CloudContext, input: ConsumeInput): Outcome<FreeView> {
  const device = findDevice(ctx, input.iotId);
  if (!device.ok) return device;
  const identityId = device.value.identityId;
  const view = viewOf(ctx, input.iotId, identityId);
  const reason = refusal(view, input.iotId, identityId);
  if (reason) return fail(BusinessErrors.REQUEST_PARAMETER_ERROR, reason);
  if (input.quota > view.trial.plan.months) {
    return fail(BusinessErrors.REQUEST_PARAMETER_ERROR, `params.quota: ${input.quota} months asked, the free plan has ${view.trial.plan.months}`);
  }
  const pkg = freePackage(view.trial.plan);
  const mixed = unavailableReason(ctx, input.iotId, pkg);
  if (mixed) return fail(BusinessErrors.REQUEST_PARAMETER_ERROR, mixed);
  const placed = claimFreePlan(ctx, { iotId: input.iotId, identityId, quota: input.quota, immediateUse: input.immediateUse, settings: input.settings });
  if (!placed.ok) return placed;
  return { ok: true, value: viewOf(ctx, input.iotId, identityId) };
}

/** The administrator's free order, or 460 when they have not claimed the plan. */
function claimedOrder(ctx: CloudContext, iotId: string): Outcome<{ order: CloudOrder; identityId: string }> {
  const device = findDevice(ctx, iotId);
  if (!device.ok) return device;
  const view = viewOf(ctx, iotId, device.value.identityId);
  if (!view.order) return fail(BusinessErrors.REQUEST_PARAMETER_ERROR, `user "${device.value.identityId}" has not claimed device "${iotId}"'s free plan (freecloudstorage/consume first)`);
  return { ok: true, value: { order: view.order, identityId: device.value.identityId } };
}

/**
 * freecloudstorage/enable: the claimed free order takes effect now. With nothing claimed there is
 * nothing to put in effect: the plan is answered as it stands, unclaimed, as 177889's example
 * answers code 200 with consumed 0 and no times [doc: example; model: that nothing changes].
 */
export function enableFreePlan(ctx: CloudContext, iotId: string): Outcome<FreeView> {
  const device = findDevice(ctx, iotId);
  if (!device.ok) return device;
  const view = viewOf(ctx, iotId, device.value.identityId);
  if (!view.order) return { ok: true, value: view };
  const enabled = enableOrder(ctx, view.order);
  if (!enabled.ok) return enabled;
  return { ok: true, value: viewOf(ctx, iotId, device.value.identityId) };
}

/** freecloudstorage/status/set: only 2 (freeze) is supported (201345). */
export function setFreePlanStatus(ctx: CloudContext, iotId: string, status: number): Outcome<FreeView> {
  const claimed = claimedOrder(ctx, iotId);
  if (!claimed.ok) return claimed;
  if (status !== 2) return fail(BusinessErrors.REQUEST_PARAMETER_ERROR, `params.status: ${status} cannot be set; only 2 (frozen) is supported`);
  freezeOrder(ctx, claimed.value.order);
  return { ok: true, value: viewOf(ctx, iotId, claimed.value.identityId) };
}

/** The free plan's wire form (177867); `withQuota` false drops remainQuota (enable, 177889). */
export function renderFreePlan(ctx: CloudContext, view: FreeView, withQuota = true): Record<string, unknown> {
  const { plan } = view.trial;
  const span = view.order ? spanOf(ctx, view.order) : undefined;
  const expired = !view.order || !span ? 0 : view.order.frozen ? 2 : span.end <= ctx.now ? 1 : 0;
  const times = span
    ? { startTime: ctx.zone.formatLocal(span.start), endTime: ctx.zone.formatLocal(span.end), startTimeUTC: ctx.zone.formatUtc(span.start), endTimeUTC: ctx.zone.formatUtc(span.end) }
    : { startTime: '', endTime: '', startTimeUTC: '', endTimeUTC: '' };
  const remainQuota = view.claim ? plan.months - view.claim.quota : view.claimable ? plan.months : 0;
  return {
    type: plan.type,
    lifecycle: plan.lifecycle,
    months: view.claim ? view.claim.quota : plan.months,
    consumed: view.claim ? 1 : 0,
    startTime: times.startTime,
    endTime: times.endTime,
    expired,
    startTimeUTC: times.startTimeUTC,
    endTimeUTC: times.endTimeUTC,
    ...(withQuota ? { remainQuota } : {}),
  };
}
