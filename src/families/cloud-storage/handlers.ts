/** Cloud-storage and free-trial handlers: parse params, call the rules, shape the data. No state of their own. */
import type { z } from 'zod';
import { parseParams, type ApiCall, type ApiResult } from '../../platform/operation.js';
import {
  consumeFreePlan,
  checkFreeQuota,
  enableFreePlan,
  getFreePlan,
  renderFreePlan,
  setFreePlanStatus,
} from './free-trial.js';
import { renderEnabled, renderOrder, renderOrderState, wirePrice, type RecordSettings } from './order.js';
import * as P from './params.js';
import {
  bindOrder,
  buyPackage,
  checkPackage,
  enableOrder,
  findOwnOrder,
  listOrders,
  setOrderStatus,
  spanOf,
  transferOrder,
  type CloudContext,
} from './rules.js';
import { FAMILY_KEY } from './fixture-file.js';
import { cloudStorageOf } from './state.js';
import type { CallWorld } from '../../platform/family-world.js';

/** The cloud-storage context of a world at `now` (for one call, or an admin read). */
export function contextAt(world: CallWorld, now: number, callerProjectId?: string): CloudContext {
  return {
    directory: world.directory,
    now,
    zone: world.zone,
    ids: world.ids,
    callerProjectId,
    cloud: cloudStorageOf(world, now),
    settleMs: world.settings.paymentSettleMs ?? 0,
  };
}

/** The cloud-storage context of one call, collecting the changes it makes. */
const contextOf = (call: ApiCall): CloudContext => ({ ...contextAt(call.world, call.now, call.callerProjectId), changes: [] });

/** A handler over parsed params and the call's context; what the call changed goes with its answer, for a state file. */
function handler<S extends z.ZodType>(schema: S, body: (p: z.infer<S>, ctx: CloudContext) => ApiResult) {
  return (call: ApiCall): ApiResult => {
    const params = parseParams(schema, call.params);
    if (!params.ok) return params;
    const ctx = contextOf(call);
    const result = body(params.value, ctx);
    const changes = ctx.changes!;
    if (!result.ok || changes.length === 0) return result;
    return { ...result, effects: { family: FAMILY_KEY, changes } };
  };
}

/** The recording settings present in params, for the order to keep. */
function settingsOf(p: Partial<Record<keyof RecordSettings, unknown>>): RecordSettings {
  const out: Record<string, unknown> = {};
  for (const key of ['enableDefaultPlan', 'preRecordDuration', 'recordDuration', 'eventRecordProlong', 'maxRecordFileDuration'] as const) {
    if (p[key] !== undefined && p[key] !== null) out[key] = p[key];
  }
  return out as RecordSettings;
}

/** POST /vision/customer/cloudstorage/commodity/query */
export const handleCommodityQuery = handler(P.CommodityQueryParams, (_p, ctx) => ({
  ok: true,
  data: [...ctx.cloud.packages.values()].filter((p) => p.listed !== false).map((p) => ({
    commodityName: p.commodityName,
    commodityCode: p.commodityCode,
    specification: p.specification,
    recordType: p.recordType,
    price: wirePrice(p.price),
    lifecycle: p.lifecycle,
    months: p.months,
  })),
}));

/** POST /vision/customer/cloudstorage/commodity/check */
export const handleCommodityCheck = handler(P.CommodityCheckParams, (p, ctx) => {
  const checked = checkPackage(ctx, p.iotId, p.commodityCode, p.specification);
  return checked.ok ? { ok: true, data: checked.value } : checked;
});

/** POST /vision/customer/cloudstorage/commodity/buy */
export const handleBuy = handler(P.BuyParams, (p, ctx) => {
  const bought = buyPackage(ctx, {
    iotId: p.iotId,
    commodityCode: p.commodityCode,
    specification: p.specification,
    copies: p.copies,
    userName: p.userName,
    userId: p.userId ?? null,
    immediateUse: p.immediateUse ?? false,
    deviceNoOwner: p.deviceNoOwner ?? false,
    settings: settingsOf(p),
  });
  return bought.ok ? { ok: true, data: { orderId: bought.value.orderId } } : bought;
});

/** POST /vision/customer/cloudstorage/order/get */
export const handleOrderGet = handler(P.OrderGetParams, (p, ctx) => {
  const found = findOwnOrder(ctx, p.iotId, p.orderId);
  return found.ok ? { ok: true, data: renderOrder(found.value, spanOf(ctx, found.value), ctx.now, ctx.zone) } : found;
});

/** POST /vision/customer/cloudstorage/order/query */
export const handleOrderQuery = handler(P.OrderQueryParams, (p, ctx) => {
  const page = listOrders(ctx, p.iotId, p.pageNo ?? 0, p.pageSize ?? P.DEFAULT_PAGE_SIZE);
  if (!page.ok) return page;
  const { orders, ...totals } = page.value;
  return { ok: true, data: { ...totals, orderList: orders.map((o) => renderOrder(o, spanOf(ctx, o), ctx.now, ctx.zone)) } };
});

/** POST /vision/customer/cloudstorage/commodity/enable */
export const handleCommodityEnable = handler(P.CommodityEnableParams, (p, ctx) => {
  const found = findOwnOrder(ctx, p.iotId, p.orderId);
  if (!found.ok) return found;
  const enabled = enableOrder(ctx, found.value);
  return enabled.ok ? { ok: true, data: renderEnabled(enabled.value, spanOf(ctx, enabled.value), ctx.now, ctx.zone) } : enabled;
});

/** POST /vision/customer/cloudstorage/transfer */
export const handleTransfer = handler(P.TransferParams, (p, ctx) => {
  const moved = transferOrder(ctx, {
    srcIotId: p.srcIotId,
    srcOrderId: p.srcOrderId,
    dstIotId: p.dstIotId,
    immediateUse: p.immediateUse ?? false,
    supportCrossIdentityTransfer: p.supportCrossIdentityTransfer ?? false,
    userName: p.userName ?? null,
    userId: p.userId ?? null,
    settings: settingsOf(p),
  });
  return moved.ok ? { ok: true, data: renderOrderState(moved.value, spanOf(ctx, moved.value), ctx.now, ctx.zone) } : moved;
});

/** POST /vision/customer/cloudstorage/status/set */
export const handleStatusSet = handler(P.StatusSetParams, (p, ctx) => {
  const set = setOrderStatus(ctx, p.iotId, p.orderId, p.status, p.deviceNoOwner ?? false);
  return set.ok ? { ok: true, data: renderOrderState(set.value, spanOf(ctx, set.value), ctx.now, ctx.zone) } : set;
});

/** POST /vision/customer/cloudstorage/bind/order */
export const handleBindOrder = handler(P.BindOrderParams, (p, ctx) => {
  const bound = bindOrder(ctx, { iotId: p.iotId, orderId: p.orderId, userName: p.userName ?? null, userId: p.userId ?? null, settings: settingsOf(p) });
  return bound.ok ? { ok: true, data: renderOrder(bound.value, spanOf(ctx, bound.value), ctx.now, ctx.zone) } : bound;
});

/** POST /vision/customer/freecloudstorage/get */
export const handleFreeGet = handler(P.DeviceParams, (p, ctx) => {
  const view = getFreePlan(ctx, p.iotId);
  return view.ok ? { ok: true, data: renderFreePlan(ctx, view.value) } : view;
});

/** POST /vision/customer/freecloudstorage/consume */
export const handleFreeConsume = handler(P.ConsumeParams, (p, ctx) => {
  const view = consumeFreePlan(ctx, { iotId: p.iotId, quota: p.quota ?? 1, immediateUse: p.immediateUse ?? false, settings: settingsOf(p) });
  return view.ok ? { ok: true, data: renderFreePlan(ctx, view.value) } : view;
});

/** POST /vision/customer/freecloudstorage/enable */
export const handleFreeEnable = handler(P.DeviceParams, (p, ctx) => {
  const view = enableFreePlan(ctx, p.iotId);
  return view.ok ? { ok: true, data: renderFreePlan(ctx, view.value, false) } : view;
});

/** POST /vision/customer/freecloudstorage/status/set */
export const handleFreeStatusSet = handler(P.FreeStatusSetParams, (p, ctx) => {
  const view = setFreePlanStatus(ctx, p.iotId, p.status);
  return view.ok ? { ok: true, data: renderFreePlan(ctx, view.value) } : view;
});

/** POST /vision/customer/freestorage/quota/check */
export const handleQuotaCheck = handler(P.DeviceParams, (p, ctx) => {
  const checked = checkFreeQuota(ctx, p.iotId);
  return checked.ok ? { ok: true, data: null } : checked;
});
