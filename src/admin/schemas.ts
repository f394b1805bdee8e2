/** The admin API's input shapes, validated with zod; each mismatch is a 400 saying which field and why. */
import { z } from 'zod';
import { GLOB_MAX_LENGTH } from '../core/glob.js';
import { DeviceFixture, OrderFixture } from '../fixtures/schema.js';

/** PUT /__admin/clock */
export const SetClockBody = z.strictObject({
  /** An ISO instant, epoch ms, or relative to the clock ("now+3d"). */
  now: z.union([z.string().min(1), z.number().finite()]),
  frozen: z.boolean().optional(),
});

/** POST /__admin/clock/advance: exactly one of `by` ("40d": units ms, s, m, h, d, w, M, y) or `ms`. */
export const AdvanceClockBody = z.union([
  z.strictObject({ by: z.string().min(1) }),
  z.strictObject({ ms: z.number().int().finite() }),
]);

/** GET /__admin/requests query. */
/** How many of a device's orders the admin API shows: the newest `ordersLimit`, skipping the newest `ordersOffset`. */
export const DeviceOrdersQuery = z.strictObject({
  ordersLimit: z.coerce.number().int().min(0).max(10_000).default(200).describe("orders shown, newest by creation; default 200, so a device of 100 000 orders reads as fast as one of 10"),
  ordersOffset: z.coerce.number().int().min(0).default(0).describe('newest orders to skip, to page back through a long history'),
});
export type DeviceOrdersQuery = z.infer<typeof DeviceOrdersQuery>;

/** The devices GET /__admin/devices answers when no `limit` is given, and the most it answers at once. */
export const DEVICES_PAGE_DEFAULT = 100;
export const DEVICES_PAGE_MAX = 1000;

/** GET /__admin/devices query: a page of the device list (in the directory's order), each device's lanes windowed as DeviceOrdersQuery says. */
export const DevicesQuery = DeviceOrdersQuery.extend({
  offset: z.coerce.number().int().min(0).default(0).describe('devices to skip, in the directory\'s order'),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(DEVICES_PAGE_MAX)
    .default(DEVICES_PAGE_DEFAULT)
    .describe(`devices answered; default ${DEVICES_PAGE_DEFAULT}, at most ${DEVICES_PAGE_MAX}, so a world of 100 000 devices reads in pages`),
});
export type DevicesQuery = z.infer<typeof DevicesQuery>;

export const RequestsQuery = z.strictObject({
  path: z.string().min(1).max(GLOB_MAX_LENGTH, `at most ${GLOB_MAX_LENGTH} characters`).optional(),
  iotId: z.string().min(1).optional(),
  code: z.string().min(1).optional(),
  since: z.string().min(1).optional(),
  until: z.string().min(1).optional(),
  limit: z.coerce.number().int().positive().optional(),
});

/**
 * GET /__admin/changes query: the stamp of the last answer read; absent (or of another epoch), a
 * page of the snapshot, paged as GET /__admin/devices is (`offset`, `limit`: the same definitions).
 */
export const ChangesQuery = DevicesQuery.pick({ offset: true, limit: true }).extend({
  since: z.string().min(1).max(100).optional(),
});
export type ChangesQuery = z.infer<typeof ChangesQuery>;

/** PUT /__admin/devices/:iotId: a device in the fixture shape; its iotId comes from the path. */
export const DeviceBody = DeviceFixture.extend({ iotId: z.string().min(1).optional() });

/** POST /__admin/devices/:iotId/orders: an order in the fixture shape; its iotId comes from the path. */
export const OrderBody = OrderFixture.extend({ iotId: z.string().min(1).optional() });

/** PUT /__admin/orders/:orderId */
export const OrderPatch = z
  .strictObject({
    frozen: z.boolean().optional(),
    paymentStatus: z.union([z.literal(0), z.literal(1), z.literal(2)]).optional(),
  })
  .refine((p) => p.frozen !== undefined || p.paymentStatus !== undefined, 'give frozen and/or paymentStatus');
