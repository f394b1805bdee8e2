/** 直播分享 handlers: parse params, call the model, shape the data. No state of their own. */
import { z } from 'zod';
import { parseParams, type ApiCall, type ApiResult } from '../operation.js';
import { createOrder, type StreamingContext } from './model.js';
import { renderOrder } from './order.js';

/** The streaming context of one call. */
export function contextOf(call: ApiCall): StreamingContext {
  const { world } = call;
  return { store: world.store, now: call.now, zone: world.zone, ids: world.ids, callerProjectId: call.callerProjectId };
}

/** params of /vision/customer/streaming/order/create (spec §5). */
export const CreateOrderParams = z.object({
  iotId: z.string().min(1).describe('设备ID'),
  commodityCode: z.string().min(1).describe('直播分享套餐代码'),
  copies: z.number().int().min(1).max(60).describe('购买数量, 1..60'),
  userName: z.string().nullish().describe('用户昵称'),
  userId: z.string().nullish().describe('用户ID'),
  immediateUse: z.boolean().nullish().describe('是否立即使用, default false'),
});

const isNullish = (value: unknown, type: 'string' | 'boolean'): boolean => value === undefined || value === null || typeof value === type;

/** What CreateOrderParams accepts (a subset is enough: anything else goes to zod), without zod's cost. */
export function acceptsCreateOrderParams(p: Record<string, unknown>): boolean {
  const { iotId, commodityCode, copies } = p;
  return (
    typeof iotId === 'string' && iotId.length >= 1 &&
    typeof commodityCode === 'string' && commodityCode.length >= 1 &&
    typeof copies === 'number' && Number.isInteger(copies) && copies >= 1 && copies <= 60 &&
    isNullish(p.userName, 'string') && isNullish(p.userId, 'string') && isNullish(p.immediateUse, 'boolean')
  );
}

/** POST /vision/customer/streaming/order/create */
export function handleCreateOrder(call: ApiCall): ApiResult {
  const params = parseParams(CreateOrderParams, call.params, acceptsCreateOrderParams);
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
  if (!created.ok) return created;
  return { ok: true, data: renderOrder(created.value, ctx.now, ctx.zone, false), effects: { orders: created.changed ?? [] } };
}
