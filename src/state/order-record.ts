import { z } from 'zod';
import { orderFields, orderFrom, periodsOf, toPeriodList, type Order, type OrderFields } from '../services/streaming/order.js';

const Period = z.object({ start: z.number().finite(), end: z.number().finite() });

/** An order as stored in the state file; checked on load so a damaged row stops the server. */
// Loose: fields other branches add to Order survive a round trip.
export const OrderRecord = z.looseObject({
  orderId: z.string().min(1),
  outOrderNo: z.string().min(1),
  iotId: z.string().min(1),
  identityId: z.string(),
  commodityCode: z.string(),
  commodityName: z.string(),
  copies: z.number().int(),
  months: z.number().int(),
  price: z.string(),
  userName: z.string().nullable(),
  userId: z.string().nullable(),
  periods: z.array(Period).min(1),
  frozen: z.boolean(),
  paymentStatus: z.union([z.literal(0), z.literal(1), z.literal(2)]),
  settlesAt: z.number().nullable(),
  createdAt: z.number(),
});

/** The stored form of an order: its periods as `[{start, end}]`, as the store kept them before they were packed. */
export function encodeOrder(order: Order): string {
  return JSON.stringify({ ...orderFields(order), periods: periodsOf(order) });
}

/** An order read back, or a reason it is not one. */
export function decodeOrder(text: string): { ok: true; order: Order } | { ok: false; reason: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { ok: false, reason: `not JSON (${(err as Error).message.slice(0, 80)})` };
  }
  const parsed = OrderRecord.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { ok: false, reason: `${issue.path.join('.') || '(order)'}: ${issue.message}` };
  }
  return { ok: true, order: orderFrom({ ...parsed.data, periods: toPeriodList(parsed.data.periods) } as OrderFields) };
}
