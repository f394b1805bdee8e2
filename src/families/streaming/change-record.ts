/**
 * The 直播分享 family's records, each defined once: a snapshot row per order, and a change per call
 * (or admin edit) that changed something. The rules state their changes in this shape, the replay
 * reads it, and the state file checks every row and change against these schemas before writing
 * it and when reading it back. A change names what the caller did and what was drawn (ids), never
 * the orders it moved, so writing one costs the same however long the device's queue is.
 */
import { z } from 'zod';

const Instant = z.number().finite();
const Id = z.string().min(1);
const Period = z.object({ start: Instant, end: Instant }).refine((p) => p.end > p.start, 'end must be after start');
const PaymentStatus = z.union([z.literal(0), z.literal(1), z.literal(2)]);

/** What an order was bought as (device-orders.ts OrderTerms). */
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

/** An order as a snapshot row holds it (order.ts OrderFields): its periods as plain instants. */
export const OrderRecord = z.looseObject({
  orderId: Id,
  outOrderNo: Id,
  iotId: Id,
  ...Terms.shape,
  periods: z.array(Period).min(1),
  frozen: z.boolean(),
  paymentStatus: PaymentStatus,
  settlesAt: Instant.nullable(),
  createdAt: Instant,
});

/** One change to a store as data, with the instant it happened at. */
export const StreamingChange = z.discriminatedUnion('kind', [
  /** order/create, with the ids it drew. */
  z.object({
    kind: z.literal('create'),
    now: Instant,
    iotId: Id,
    commodityCode: Id,
    copies: z.number().int().min(1),
    userName: z.string().nullable(),
    userId: z.string().nullable(),
    immediateUse: z.boolean(),
    orderId: Id,
    outOrderNo: Id,
  }),
  /** order/pay of an unpaid order. */
  z.object({ kind: z.literal('pay'), now: Instant, iotId: Id, orderId: Id, settleMs: z.number().finite().min(0) }),
  /** order/enable of a waiting order. */
  z.object({ kind: z.literal('enable'), now: Instant, iotId: Id, orderId: Id }),
  /** An order placed by the admin API, with its instants resolved. */
  z.object({
    kind: z.literal('place'),
    now: Instant,
    iotId: Id,
    orderId: Id,
    outOrderNo: Id,
    terms: Terms,
    periods: z.array(Period).min(1),
    frozen: z.boolean(),
    paymentStatus: PaymentStatus,
    createdAt: Instant,
  }),
  /** An admin edit of an order's frozen flag or payment status. */
  z.object({ kind: z.literal('edit'), now: Instant, orderId: Id, frozen: z.boolean().optional(), paymentStatus: PaymentStatus.optional() }),
]);
export type StreamingChange = z.infer<typeof StreamingChange>;
