/**
 * Documentation of the control plane under /__admin. Its routes validate their input inside the
 * handler (to answer a 400 that names the field), so the same zod schemas are attached here,
 * for the OpenAPI document only, with examples.
 */
import { z } from 'zod';
import { SetClockBody, AdvanceClockBody, RequestsQuery, DeviceBody, OrderBody, OrderPatch } from '../admin/schemas.js';
import { FaultRule } from '../faults/schema.js';

export interface AdminDoc {
  summary: string;
  body?: z.ZodType;
  querystring?: z.ZodType;
  request?: unknown;
  response?: unknown;
}

const CLOCK = { now: '2024-11-15T02:00:00.000Z', nowMs: 1731636000000, frozen: true, timezone: 'Asia/Shanghai' };
const OK = { ok: true };
const RULE = { type: 'latency', match: { path: '/vision/customer/streaming/order/pay' }, delay: 12000, times: 1 };
const STORED = { id: 'f1', ...RULE, fired: 0 };

/** The documentation of each admin route, by "METHOD url" as Fastify registers it. */
export const ADMIN_DOCS: Record<string, AdminDoc> = {
  'GET /__admin/health': { summary: 'The emulator is up; its clock reading', response: { status: 'ok', now: CLOCK.now } },
  'POST /__admin/reset': { summary: 'Back to the fixtures, the start instant and the seed; journal and faults cleared', response: OK },
  'GET /__admin/clock': { summary: "The emulator's clock", response: CLOCK },
  'PUT /__admin/clock': { summary: 'Set the clock (ISO instant, epoch ms, or "now+3d")', body: SetClockBody, request: { now: '2024-12-31T16:00:00Z', frozen: true }, response: { ...CLOCK, now: '2024-12-31T16:00:00.000Z', nowMs: 1735660800000 } },
  'POST /__admin/clock/advance': { summary: 'Move the clock on: {"by": "40d"} (ms, s, m, h, d, w, M, y) or {"ms": N}', body: AdvanceClockBody, request: { by: '40d' }, response: { ...CLOCK, now: '2024-12-25T02:00:00.000Z', nowMs: 1735092000000 } },
  'GET /__admin/faults': { summary: 'The fault rules in force, first match wins', response: { rules: [STORED] } },
  // The route also takes {"rules": [...]}; the bare array is documented.
  'PUT /__admin/faults': { summary: 'Replace every fault rule', body: z.array(FaultRule), request: [RULE], response: { rules: [STORED] } },
  'POST /__admin/faults': { summary: 'Add one fault rule', body: FaultRule, request: RULE, response: { ...STORED, id: 'f2' } },
  'DELETE /__admin/faults': { summary: 'Clear every fault rule', response: OK },
  'DELETE /__admin/faults/:id': { summary: 'Remove one fault rule', response: OK },
  'GET /__admin/requests': { summary: 'The request journal, newest first, filtered', querystring: RequestsQuery },
  'GET /__admin/requests/:id': { summary: 'One journal entry (secrets masked)' },
  'DELETE /__admin/requests': { summary: 'Empty the journal', response: OK },
  'GET /__admin/devices': { summary: 'Every device with its orders and timeline' },
  'GET /__admin/devices/:iotId': { summary: 'One device with its orders and timeline' },
  'PUT /__admin/devices/:iotId': { summary: 'Add or replace a device (fixture shape)', body: DeviceBody },
  'POST /__admin/devices/:iotId/orders': { summary: 'Add an order to a device (fixture shape)', body: OrderBody, request: { commodityCode: 'streamingResource_20_10', copies: 1, startTime: 'now-40d', paymentStatus: 1 } },
  'PUT /__admin/orders/:orderId': { summary: 'Freeze an order or set its payment status', body: OrderPatch, request: { frozen: true } },
  'GET /__admin/sessions': { summary: 'The live sessions (worlds isolated by header or app key); a read creates none' },
  'DELETE /__admin/sessions/:name': { summary: 'Drop one session and its world (the default one is reset instead)' },
};

/**
 * The admin token as OpenAPI security schemes, so the docs page has an Authorize button: the
 * emulator takes it in x-admin-token or as a bearer token.
 */
export const ADMIN_SECURITY_SCHEMES = {
  adminToken: { type: 'apiKey', in: 'header', name: 'x-admin-token', description: 'the value of --admin-token (only needed when the emulator runs with it)' },
  adminBearer: { type: 'http', scheme: 'bearer', description: 'the same token as Authorization: Bearer <token>' },
} as const;

/** Either scheme will do; [] (none) too, since without --admin-token the control plane is open. */
const ADMIN_SECURITY = [{ adminToken: [] }, { adminBearer: [] }, {}];

const ErrorBody = z.object({ error: z.string().describe('what was wrong and how to fix it') });

/** The zod route schema of an admin route for the OpenAPI document, or undefined if it has none. */
export function adminRouteSchema(method: string, url: string): Record<string, unknown> | undefined {
  const doc = ADMIN_DOCS[`${method} ${url}`];
  if (!doc) return undefined;
  const response = doc.response === undefined ? z.unknown().describe('OK') : z.unknown().describe('OK').meta({ 'x-examples': { example: { value: doc.response } } });
  return {
    tags: ['admin'],
    summary: doc.summary,
    security: ADMIN_SECURITY,
    description: 'Plain JSON, not the Aliyun envelope. With `--admin-token`, press Authorize, or send `x-admin-token: <token>` (or `Authorization: Bearer <token>`).',
    ...(doc.body ? { body: doc.request === undefined ? doc.body : doc.body.meta({ 'x-examples': { example: { value: doc.request } } }) } : {}),
    ...(doc.querystring ? { querystring: doc.querystring } : {}),
    response: {
      200: response,
      ...(doc.body || doc.querystring ? { 400: ErrorBody.describe('invalid input: the error names the field and what it expects') } : {}),
      ...(url.includes(':') ? { 404: ErrorBody.describe('no such id') } : {}),
      401: ErrorBody.describe('admin token missing or wrong (only with --admin-token)'),
    },
  };
}
