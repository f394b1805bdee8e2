import { z } from 'zod';
import type { StreamingChange } from '../families/streaming/rules.js';
import { orderFields, type Order, type OrderFields } from '../families/streaming/order.js';

const Period = z.object({ start: z.number().finite(), end: z.number().finite() }).refine((p) => p.end > p.start, 'end must be after start');
const Instant = z.number().finite();
const PaymentStatus = z.union([z.literal(0), z.literal(1), z.literal(2)]);

/** What an order was bought as (order-terms fields). */
const Terms = z.object({
  identityId: z.string(),
  commodityCode: z.string(),
  commodityName: z.string(),
  copies: z.number().int(),
  months: z.number().int(),
  price: z.string(),
  userName: z.string().nullable(),
  userId: z.string().nullable(),
});


/** An order as stored in the state file's snapshot; checked before it is written and when it is read. */
export const OrderRecord = z.looseObject({
  orderId: z.string().min(1),
  outOrderNo: z.string().min(1),
  iotId: z.string().min(1),
  ...Terms.shape,
  periods: z.array(Period).min(1),
  frozen: z.boolean(),
  paymentStatus: PaymentStatus,
  settlesAt: Instant.nullable(),
  createdAt: Instant,
});


/** A change as stored in the state file's log; checked before it is written and when it is read. */
export const ChangeRecord = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('create'),
    now: Instant,
    iotId: z.string().min(1),
    commodityCode: z.string().min(1),
    copies: z.number().int().min(1),
    userName: z.string().nullable(),
    userId: z.string().nullable(),
    immediateUse: z.boolean(),
    orderId: z.string().min(1),
    outOrderNo: z.string().min(1),
  }),
  z.object({ kind: z.literal('pay'), now: Instant, iotId: z.string().min(1), orderId: z.string().min(1), settleMs: z.number().finite().min(0) }),
  z.object({ kind: z.literal('enable'), now: Instant, iotId: z.string().min(1), orderId: z.string().min(1) }),
  z.object({
    kind: z.literal('place'),
    now: Instant,
    iotId: z.string().min(1),
    orderId: z.string().min(1),
    outOrderNo: z.string().min(1),
    terms: Terms,
    periods: z.array(Period).min(1),
    frozen: z.boolean(),
    paymentStatus: PaymentStatus,
    createdAt: Instant,
  }),
  z.object({ kind: z.literal('edit'), now: Instant, orderId: z.string().min(1), frozen: z.boolean().optional(), paymentStatus: PaymentStatus.optional() }),
]);

/** The first problem of a parse, as `field: message`. */
function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0]!;
  return `${issue.path.join('.') || '(row)'}: ${issue.message}`;
}

/** `value` as JSON, checked against `schema` first: throws naming the field when it could not be read back. */
export function encodeChecked(schema: z.ZodType, value: unknown, what: string): string {
  const checked = schema.safeParse(value);
  if (!checked.success) throw new Error(`${what} cannot be stored: ${firstIssue(checked.error)}`);
  return JSON.stringify(value);
}

/** A stored text parsed and checked against `schema`, or the reason it is not valid. */
export function decodeChecked<T>(schema: z.ZodType, text: string): { ok: true; value: T } | { ok: false; reason: string } {
  const json = parseJson(text);
  if (!json.ok) return json;
  const parsed = schema.safeParse(json.value);
  if (!parsed.success) return { ok: false, reason: firstIssue(parsed.error) };
  return { ok: true, value: parsed.data as T };
}

/** The stored form of an order (its periods as plain instants), checked. */
export function encodeOrder(order: Order): string {
  const fields = orderFields(order);
  return encodeChecked(OrderRecord, fields, `order "${fields.orderId}"`);
}

/** An order read back, or a reason it is not one. */
export function decodeOrder(text: string): { ok: true; value: OrderFields } | { ok: false; reason: string } {
  return decodeChecked<OrderFields>(OrderRecord, text);
}

/** The stored form of a change, checked. */
export function encodeChange(change: StreamingChange): string {
  return encodeChecked(ChangeRecord, change, `a ${change.kind} change`);
}

/** A change read back, or a reason it is not one. */
export function decodeChange(text: string): { ok: true; value: StreamingChange } | { ok: false; reason: string } {
  return decodeChecked<StreamingChange>(ChangeRecord, text);
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false; reason: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (err) {
    return { ok: false, reason: `not JSON (${(err as Error).message.slice(0, 80)})` };
  }
}
