/**
 * The admin API's contract: each route under /__admin with its input and answer as zod schemas.
 * AdminClient takes its types from here, and the OpenAPI document its schemas and examples
 * (src/docs/admin-docs.ts); no answer type is written by hand anywhere else.
 */
import { z } from 'zod';
import { FaultRule, type StoredFaultRule as StoredFaultRuleType } from '../faults/schema.js';
import { IdentityFixture } from '../fixtures/schema.js';
import { JournalEntry, JournalPage } from '../journal/entry.js';
import { SessionSummary } from '../sessions/sessions.js';
import { AdvanceClockBody, ChangesQuery, DeviceBody, OrderBody, OrderPatch, RequestsQuery, SetClockBody, DeviceOrdersQuery, DevicesQuery } from './schemas.js';

const Ok = z.object({ ok: z.literal(true) });
const Status = z.union([z.literal(0), z.literal(1), z.literal(2)]);

/** GET /__admin/clock and what changes the clock answer. */
export const AdminClock = z.object({
  now: z.string().describe('ISO instant'),
  nowMs: z.number(),
  frozen: z.boolean(),
  timezone: z.string(),
});
/**
 * The emulator's clock as the admin API shows it.
 * @example
 * const clock: AdminClock = await admin.advanceClock('40d');
 * clock.now; // '2024-12-25T02:00:00.000Z'
 */
export type AdminClock = z.infer<typeof AdminClock>;

/** An order as the admin API shows it: the API's rendering (with iotId) plus its periods and frozen flag. */
export const AdminOrder = z.object({
  identityId: z.string(),
  orderId: z.string(),
  outOrderNo: z.string(),
  commodityName: z.string(),
  commodityCode: z.string(),
  copies: z.number().int(),
  startTime: z.string(),
  endTime: z.string(),
  startTimeUTC: z.string(),
  endTimeUTC: z.string(),
  status: Status.describe('0 in effect or waiting, 1 expired, 2 frozen'),
  paymentStatus: Status.describe('0 unpaid, 1 paid, 2 paying'),
  price: z.string(),
  userName: z.string().nullable(),
  userId: z.string().nullable(),
  months: z.number().int(),
  iotId: z.string(),
  periods: z.array(z.object({ start: z.string(), end: z.string() })).describe('the stretches of time the order holds, ISO'),
  frozen: z.boolean(),
});
/**
 * An order as the admin API shows it: the API's fields, its periods and its frozen flag.
 * @example
 * const order: AdminOrder = await admin.addOrder('bZGD54swRg******FkEs000101', { commodityCode: 'streamingResource_20_10' });
 * await admin.updateOrder(order.orderId, { frozen: true });
 */
export type AdminOrder = z.infer<typeof AdminOrder>;

/** A device with its administrator identity and its orders in creation order. */
export const AdminDevice = z.object({
  iotId: z.string(),
  nickName: z.string().nullable(),
  productKey: z.string().nullable(),
  deviceName: z.string().nullable(),
  projectId: z.string(),
  identityId: z.string(),
  identity: IdentityFixture.nullable(),
  forbidden: z.boolean(),
  /** How many orders the device has; `orders` shows at most `ordersLimit` of them (see the query). */
  orderCount: z.number().int(),
  /** The device's newest orders (at most ordersLimit, skipping ordersOffset), in creation order. */
  orders: z.array(AdminOrder),
  /** The other families' orders of the device, one timeline lane each on the admin page; each family renders its own order shape. */
  lanes: z.array(
    z.object({
      family: z.string(),
      orderCount: z.number().int().describe("how many orders of this family the device has; `orders` shows the window ordersLimit/ordersOffset choose, as for the device's own"),
      orders: z.array(z.record(z.string(), z.unknown())),
    }),
  ),
});
/**
 * A device as the admin API shows it, with its newest orders and the other families' lanes.
 * @example
 * const device: AdminDevice = await admin.device('bZGD54swRg******FkEs000101');
 * device.orders.map((o) => o.orderId);
 */
export type AdminDevice = z.infer<typeof AdminDevice>;

/** GET /__admin/devices: a page of the devices. */
export const AdminDevicesPage = z.object({
  total: z.number().int().describe('how many devices the world has'),
  offset: z.number().int().describe('devices skipped before this page'),
  limit: z.number().int().describe('the most devices this page holds'),
  devices: z.array(AdminDevice),
});
/**
 * A page of the device list.
 * @example
 * for (let offset = 0; ; offset += 100) {
 *   const page: AdminDevicesPage = await admin.devices({ offset, limit: 100 });
 *   page.devices.forEach((d) => console.log(d.iotId, d.orderCount));
 *   if (offset + page.limit >= page.total) break;
 * }
 */
export type AdminDevicesPage = z.infer<typeof AdminDevicesPage>;

/** GET /__admin/families: each API family's operations and packages on sale. */
export const AdminFamilies = z.object({
  families: z.array(
    z.object({
      name: z.string(),
      operations: z.array(z.object({ path: z.string(), apiVers: z.array(z.string()), summary: z.string(), deviceParam: z.string().nullable() })),
      packages: z.array(z.record(z.string(), z.unknown())).describe("what the family's commodity/query answers"),
    }),
  ),
});
export type AdminFamilies = z.infer<typeof AdminFamilies>;

/** A fault rule as stored: its id always set, and how often it fired. */
export const StoredFaultRule = z.discriminatedUnion(
  'type',
  FaultRule.options.map((rule) => rule.extend({ id: z.string(), fired: z.number().int() })) as unknown as [z.ZodObject, ...z.ZodObject[]],
) as unknown as z.ZodType<StoredFaultRuleType>;

const Rules = z.object({ rules: z.array(StoredFaultRule) });

/** GET /__admin/changes: what changed since the stamp the page last read (see src/admin/changes.ts). */
export const AdminChanges = z.object({
  since: z.string().describe('the stamp to send next time ("epoch.version")'),
  full: z.boolean().describe('true when the answer is a page of the snapshot (no stamp, or one from another epoch: a restart, a new session): read the next pages with offset, then poll with the first page\'s stamp'),
  total: z.number().int().optional().describe('in a snapshot page: how many devices the world has'),
  offset: z.number().int().optional().describe('in a snapshot page: devices skipped before this page'),
  limit: z.number().int().optional().describe('in a snapshot page: the most devices this page holds'),
  clock: AdminClock,
  devices: z.array(AdminDevice).describe('in a snapshot page, its devices in the directory\'s order; after a stamp, the devices whose orders or state changed since'),
  order: z.array(z.string()).optional().describe('after a stamp: every iotId in order, when the set of devices changed (a snapshot\'s order is its pages\' order)'),
  faults: z.array(StoredFaultRule).optional().describe('the fault rules, when they (or a fired count) changed'),
  journal: z.object({ version: z.number().int(), size: z.number().int() }).describe('moves on when the journal gains or loses entries'),
});
export type AdminChanges = z.infer<typeof AdminChanges>;

/** GET /__admin/sessions */
export const AdminSessions = z.object({
  isolateBy: z.enum(['header', 'app-key']),
  header: z.string().describe('what names a session'),
  sessions: z.array(SessionSummary),
});

/** One admin route: what it is for, what it takes, what it answers, and examples of both. */
export interface AdminRoute {
  summary: string;
  body?: z.ZodType;
  querystring?: z.ZodType;
  /** The answer's schema; none for an empty answer. */
  response?: z.ZodType;
  /** The success status when not 200. */
  status?: 201 | 204;
  request?: unknown;
  example?: unknown;
}

const CLOCK = { now: '2024-11-15T02:00:00.000Z', nowMs: 1731636000000, frozen: true, timezone: 'Asia/Shanghai' };
const OK = { ok: true };
const RULE = { type: 'latency', match: { path: '/vision/customer/streaming/order/pay' }, delay: 12000, times: 1 };
const STORED = { id: 'f1', ...RULE, fired: 0 };

/** Every admin route, by "METHOD url" as Fastify registers it. */
export const ADMIN_ROUTES = {
  'GET /__admin/health': { summary: 'The emulator is up; its clock reading', response: z.object({ status: z.literal('ok'), now: z.string() }), example: { status: 'ok', now: CLOCK.now } },
  'POST /__admin/reset': { summary: 'Back to the fixtures, the start instant and the seed; journal and faults cleared', response: Ok, example: OK },
  'GET /__admin/clock': { summary: "The emulator's clock", response: AdminClock, example: CLOCK },
  'PUT /__admin/clock': {
    summary: 'Set the clock (ISO instant, epoch ms, or "now+3d")',
    body: SetClockBody,
    response: AdminClock,
    request: { now: '2024-12-31T16:00:00Z', frozen: true },
    example: { ...CLOCK, now: '2024-12-31T16:00:00.000Z', nowMs: 1735660800000 },
  },
  'POST /__admin/clock/advance': {
    summary: 'Move the clock on: {"by": "40d"} (ms, s, m, h, d, w, M, y) or {"ms": N}',
    body: AdvanceClockBody,
    response: AdminClock,
    request: { by: '40d' },
    example: { ...CLOCK, now: '2024-12-25T02:00:00.000Z', nowMs: 1735092000000 },
  },
  'GET /__admin/faults': { summary: 'The fault rules in force, first match wins', response: Rules, example: { rules: [STORED] } },
  // The route also takes {"rules": [...]}; the bare array is documented.
  'PUT /__admin/faults': { summary: 'Replace every fault rule', body: z.array(FaultRule), response: Rules, request: [RULE], example: { rules: [STORED] } },
  'POST /__admin/faults': { summary: 'Add one fault rule', body: FaultRule, response: StoredFaultRule, status: 201, request: RULE, example: { ...STORED, id: 'f2' } },
  'DELETE /__admin/faults': { summary: 'Clear every fault rule', response: Ok, example: OK },
  'DELETE /__admin/faults/:id': { summary: 'Remove one fault rule', response: Ok, example: OK },
  'GET /__admin/requests': { summary: 'The request journal, newest first, filtered', querystring: RequestsQuery, response: JournalPage },
  'GET /__admin/requests/:id': { summary: 'One journal entry (secrets masked)', response: JournalEntry },
  'DELETE /__admin/requests': { summary: 'Empty the journal', response: Ok, example: OK },
  'GET /__admin/devices': { summary: 'A page of the devices (offset, limit), each with its newest orders and timeline', querystring: DevicesQuery, response: AdminDevicesPage },
  'GET /__admin/changes': {
    summary: 'What changed since a stamp: the clock, the devices whose orders changed, the rules, the journal (the admin page polls this); without a stamp, a page of the snapshot (offset, limit)',
    querystring: ChangesQuery,
    response: AdminChanges,
  },
  'GET /__admin/families': { summary: "The API families: their operations and the packages they sell (read in-process: not journaled)", response: AdminFamilies },
  'GET /__admin/devices/:iotId': { summary: 'One device with its newest orders and timeline', querystring: DeviceOrdersQuery, response: AdminDevice },
  'PUT /__admin/devices/:iotId': { summary: 'Add or replace a device (fixture shape)', body: DeviceBody, response: AdminDevice },
  'POST /__admin/devices/:iotId/orders': {
    summary: 'Add an order to a device (fixture shape)',
    body: OrderBody,
    response: AdminOrder,
    status: 201,
    request: { commodityCode: 'streamingResource_20_10', copies: 1, startTime: 'now-40d', paymentStatus: 1 },
  },
  'PUT /__admin/orders/:orderId': { summary: 'Freeze an order or set its payment status', body: OrderPatch, response: AdminOrder, request: { frozen: true } },
  'GET /__admin/sessions': { summary: 'The sessions: the default one first, then the live ones, least recently used first', response: AdminSessions },
  'DELETE /__admin/sessions/:name': { summary: 'Drop a session; its next use starts afresh', status: 204 },
} satisfies Record<string, AdminRoute>;

/** The admin routes' keys, e.g. "GET /__admin/clock". */
export type AdminRouteKey = keyof typeof ADMIN_ROUTES;

/** What a route answers (its response schema's output). */
export type AdminAnswer<K extends AdminRouteKey> = (typeof ADMIN_ROUTES)[K] extends { response: infer S extends z.ZodType } ? z.infer<S> : void;

/** What a route takes as its body (its body schema's input). */
export type AdminBody<K extends AdminRouteKey> = (typeof ADMIN_ROUTES)[K] extends { body: infer S extends z.ZodType } ? z.input<S> : never;
