/** Handlers of the 直播分享 APIs around create: packages, pay, get, query, enable. No state of their own. */
import { z } from 'zod';
import { parseParams, type ApiCall, type ApiResult } from '../operation.js';
import { contextOf } from './handlers.js';
import { enableOwnOrder, findOwnOrder, listOrders, payOrder } from './lifecycle.js';
import { renderOrder } from './order.js';

/** The largest pageSize order/query accepts, and the one it uses when none is given. */
export const MAX_PAGE_SIZE = 50;
export const DEFAULT_PAGE_SIZE = 20;

/** A whole number sent as a number or as a numeric string ("2"), as SDKs do for paging. */
const wholeNumber = z.union([z.number().int(), z.string().trim().regex(/^-?\d+$/, 'expected digits').transform(Number)]);

/** params of /vision/customer/streaming/commodity/query: none. */
export const CommodityQueryParams = z.object({});

/** params naming one order of one device (pay, get, enable). */
export const OrderRefParams = z.object({
  iotId: z.string().min(1).describe('设备ID'),
  orderId: z.string().min(1).describe('订单ID'),
});

/** params of /vision/customer/streaming/order/query. */
export const OrderQueryParams = z.object({
  iotId: z.string().min(1).describe('设备ID'),
  pageNo: wholeNumber.pipe(z.number().min(0, 'pageNo must be 0 or more')).nullish().describe('页码; 0 and 1 are the first page'),
  pageSize: wholeNumber
    .pipe(z.number().min(1, 'pageSize must be 1 or more').max(MAX_PAGE_SIZE, `pageSize must be ${MAX_PAGE_SIZE} or less`))
    .nullish()
    .describe(`每页数量, default ${DEFAULT_PAGE_SIZE}, max ${MAX_PAGE_SIZE}`),
});

/** POST /vision/customer/streaming/commodity/query */
export function handleCommodityQuery(call: ApiCall): ApiResult {
  const params = parseParams(CommodityQueryParams, call.params);
  if (!params.ok) return params;
  const data = [...call.world.store.packages.values()].map((p) => ({
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
  const paid = payOrder(ctx, params.value.iotId, params.value.orderId, call.world.settings.paymentSettleMs ?? 0);
  if (!paid.ok) return paid;
  return { ok: true, data: renderOrder(paid.value, ctx.now, ctx.zone, true), effects: { orders: paid.changed ?? [] } };
}

/** POST /vision/customer/streaming/order/get */
export function handleGetOrder(call: ApiCall): ApiResult {
  const params = parseParams(OrderRefParams, call.params);
  if (!params.ok) return params;
  const ctx = contextOf(call);
  const found = findOwnOrder(ctx, params.value.iotId, params.value.orderId);
  if (!found.ok) return found;
  return { ok: true, data: renderOrder(found.value, ctx.now, ctx.zone, true) };
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
  const enabled = enableOwnOrder(ctx, params.value.iotId, params.value.orderId);
  if (!enabled.ok) return enabled;
  return { ok: true, data: renderOrder(enabled.value, ctx.now, ctx.zone, true), effects: { orders: enabled.changed ?? [] } };
}
