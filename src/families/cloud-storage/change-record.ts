/**
 * The cloud-storage family's records in a state file (platform/family-state.ts): a snapshot row
 * per order and per device's free plan, and one change per call that changed something. A change
 * names what the caller did, with the ids drawn and the instant, never the orders it moved, so
 * writing one costs the same however long the device's queue is.
 */
import { z } from 'zod';

const Instant = z.number().finite();
const Id = z.string().min(1);
const recordType = z.union([z.literal(1), z.literal(2)]);
const Period = z.object({ start: Instant, end: Instant }).refine((p) => p.end > p.start, 'end must be after start');

/** Recording settings as an order keeps them (absent keys were not sent). */
const Settings = z.object({
  enableDefaultPlan: z.boolean().optional(),
  preRecordDuration: z.number().int().optional(),
  recordDuration: z.number().int().optional(),
  eventRecordProlong: z.boolean().optional(),
  maxRecordFileDuration: z.number().int().optional(),
});

const Package = z.object({
  commodityName: z.string(),
  commodityCode: Id,
  specification: Id,
  recordType,
  price: z.string(),
  lifecycle: z.number().int().positive(),
  months: z.number().int().positive(),
  listed: z.boolean().optional(),
});

const FreePlan = z.object({ type: recordType, lifecycle: z.number().int().positive(), months: z.number().int().positive() });

/** An order as the snapshot stores it: its fields and its segments on the device's queue (none when frozen). */
const OrderRow = z.object({
  kind: z.literal('order'),
  orderId: Id,
  outOrderNo: Id,
  iotId: Id,
  identityId: z.string().nullable(),
  pkg: Package,
  copies: z.number().int().min(1),
  price: z.string(),
  userName: z.string().nullable(),
  userId: z.string().nullable(),
  orderType: z.union([z.literal(0), z.literal(1)]),
  paymentStatus: z.union([z.literal(0), z.literal(1)]),
  settlesAt: Instant.nullable(),
  frozen: z.boolean(),
  frozenSpan: Period.nullable(),
  createdAt: Instant,
  settings: Settings,
  segments: z.array(Period),
}).refine((o) => (o.frozen ? o.frozenSpan !== null && o.segments.length === 0 : o.frozenSpan === null && o.segments.length > 0), 'a frozen order keeps its span and no segments; any other, segments on its queue');

/** A device's free plan and who claimed it. */
const TrialRow = z.object({
  kind: z.literal('trial'),
  iotId: Id,
  plan: FreePlan,
  claims: z.array(z.object({ identityId: Id, orderId: Id, quota: z.number().int().min(1) })),
});

/** A snapshot row of the family, checked before it is written and when it is read. */
export const CloudRow = z.discriminatedUnion('kind', [OrderRow, TrialRow]);
export type CloudRow = z.infer<typeof CloudRow>;
export type CloudOrderRow = z.infer<typeof OrderRow>;

/** A change of the family's state as data, checked before it is written and when it is read. */
export const CloudChange = z.discriminatedUnion('kind', [
  /** commodity/buy, with the buyer it resolved and the settle instant it set. */
  z.object({
    kind: z.literal('buy'), now: Instant, iotId: Id, identityId: z.string().nullable(), commodityCode: Id, specification: Id,
    copies: z.number().int().min(1), userName: z.string(), userId: z.string().nullable(), immediateUse: z.boolean(),
    settlesAt: Instant.nullable(), settings: Settings, orderId: Id, outOrderNo: Id,
  }),
  /** freecloudstorage/consume: the administrator's claim and the free order it made. */
  z.object({
    kind: z.literal('consume'), now: Instant, iotId: Id, identityId: Id, quota: z.number().int().min(1), immediateUse: z.boolean(),
    settings: Settings, orderId: Id, outOrderNo: Id,
  }),
  /** commodity/enable, freecloudstorage/enable: a waiting order took effect. */
  z.object({ kind: z.literal('enable'), now: Instant, orderId: Id }),
  /** status/set 2, freecloudstorage/status/set 2. */
  z.object({ kind: z.literal('freeze'), now: Instant, orderId: Id }),
  /** status/set 0: a frozen order back in use. */
  z.object({ kind: z.literal('unfreeze'), now: Instant, orderId: Id }),
  /** transfer, with the target's administrator it resolved. */
  z.object({
    kind: z.literal('transfer'), now: Instant, orderId: Id, dstIotId: Id, identityId: z.string().nullable(), immediateUse: z.boolean(),
    userName: z.string().nullable(), userId: z.string().nullable(), settings: Settings,
  }),
  /** bind/order, with the administrator it resolved. */
  z.object({
    kind: z.literal('bind'), now: Instant, orderId: Id, identityId: z.string().nullable(), userName: z.string().nullable(),
    userId: z.string().nullable(), settings: Settings,
  }),
]);
export type CloudChange = z.infer<typeof CloudChange>;
