/** 直播分享 handlers: parse params, call the rules, shape the data. No state of their own. */
import { z } from 'zod';
import { integerParam } from '../../platform/integer-param.js';
import { optionalTextParam, textParam } from '../../platform/params.js';
import { parseParams, type ApiCall, type ApiResult } from '../../platform/operation.js';
import { renderOrder } from './order.js';
import { createOrder, enableOwnOrder, findOwnOrder, listOrders, payOrder, type Outcome, type StreamingContext } from './rules.js';
import type { Order } from './order.js';
import { STREAMING_KEY, streamingStoreOf } from './store.js';

/** The largest pageSize order/query accepts, and the one it uses when none is given. */
export const MAX_PAGE_SIZE = 50;
export const DEFAULT_PAGE_SIZE = 20;

/** params of /vision/customer/streaming/order/create (help.aliyun.com 190252). */
export const CreateOrderParams = z.object({
  iotId: textParam('设备ID'),
  commodityCode: textParam('直播分享套餐代码'),
  copies: integerParam(1, 60).describe('购买数量, 1..60'),
  userName: optionalTextParam('用户昵称'),
  userId: optionalTextParam('用户ID'),
  immediateUse: z.boolean().nullish().describe('是否立即使用, default false'),
});

/** params of /vision/customer/streaming/commodity/query: none. */
export const CommodityQueryParams = z.object({});

/** params naming one order of one device (pay, get, enable). */
export const OrderRefParams = z.object({
  iotId: textParam('设备ID'),
  orderId: textParam('订单ID'),
});

/** params of /vision/customer/streaming/order/query. */
export const OrderQueryParams = z.object({
  iotId: textParam('设备ID'),
  pageNo: integerParam(0, Number.MAX_SAFE_INTEGER).nullish().describe('页码; 0 and 1 are the first page'),
  pageSize: integerParam(1, MAX_PAGE_SIZE)
    .nullish()
    .describe(`每页数量, default ${DEFAULT_PAGE_SIZE}, max ${MAX_PAGE_SIZE}`),
});

/** The streaming context of one call. */
function contextOf(call: ApiCall): StreamingContext {
  const { world } = call;
  return {
    directory: world.directory,
    store: streamingStoreOf(world),
    now: call.now,
    zone: world.zone,
    ids: world.ids,
    callerProjectId: call.callerProjectId,
  };
}

/** An order outcome as the API's answer: the order (with iotId or not) and the change to persist. */
function answer(outcome: Outcome<Order>, ctx: StreamingContext, withIotId: boolean): ApiResult {
  if (!outcome.ok) return outcome;
  const data = renderOrder(outcome.value, ctx.now, ctx.zone, withIotId);
  return outcome.change ? { ok: true, data, effects: { family: STREAMING_KEY, changes: [outcome.change] } } : { ok: true, data };
}

/** POST /vision/customer/streaming/order/create */
export function handleCreateOrder(call: ApiCall): ApiResult {
  const params = parseParams(CreateOrderParams, call.params);
  if (!params.ok) return params;
  const p = params.value;
  const ctx = contextOf(call);
  const created = createOrder(ctx, {
    iotId: p.iotId,
    commodityCode: p.commodityCode,
    copies: p.copies,
    userName: p.userName ?? null,
    userId: p.userId ?? null,
    immediateUse: p.immediateUse ?? false,
  });
  return answer(created, ctx, false);
}

/** POST /vision/customer/streaming/commodity/query */
export function handleCommodityQuery(call: ApiCall): ApiResult {
  const params = parseParams(CommodityQueryParams, call.params);
  if (!params.ok) return params;
  const data = [...streamingStoreOf(call.world).packages.values()].map((p) => ({
    commodityName: p.commodityName,
    commodityCode: p.commodityCode,
    months: p.months,
    quota: p.quota,
    price: p.price,
  }));
  return { ok: true, data };
}

/** POST /vision/customer/streaming/order/pay */
export function handlePayOrder(call: ApiCall): ApiResult {
  const params = parseParams(OrderRefParams, call.params);
  if (!params.ok) return params;
  const ctx = contextOf(call);
  return answer(payOrder(ctx, params.value.iotId, params.value.orderId, call.world.settings.paymentSettleMs ?? 0), ctx, true);
}

/** POST /vision/customer/streaming/order/get */
export function handleGetOrder(call: ApiCall): ApiResult {
  const params = parseParams(OrderRefParams, call.params);
  if (!params.ok) return params;
  const ctx = contextOf(call);
  return answer(findOwnOrder(ctx, params.value.iotId, params.value.orderId), ctx, true);
}

/** POST /vision/customer/streaming/order/query */
export function handleQueryOrders(call: ApiCall): ApiResult {
  const params = parseParams(OrderQueryParams, call.params);
  if (!params.ok) return params;
  const ctx = contextOf(call);
  const pageNo = Math.max(1, params.value.pageNo ?? 1);
  const pageSize = params.value.pageSize ?? DEFAULT_PAGE_SIZE;
  const page = listOrders(ctx, params.value.iotId, pageNo, pageSize);
  if (!page.ok) return page;
  const { orders, ...totals } = page.value;
  return { ok: true, data: { ...totals, orderList: orders.map((o) => renderOrder(o, ctx.now, ctx.zone, true)) } };
}

/** POST /vision/customer/streaming/order/enable */
export function handleEnableOrder(call: ApiCall): ApiResult {
  const params = parseParams(OrderRefParams, call.params);
  if (!params.ok) return params;
  const ctx = contextOf(call);
  return answer(enableOwnOrder(ctx, params.value.iotId, params.value.orderId), ctx, true);
}
