/**
 * The control plane under /__admin in the OpenAPI document, from its contract (admin/contract.ts).
 * Its routes validate their input inside the handler (to answer a 400 that names the field), so
 * the schemas are attached here, for the document only, with their examples.
 */
import { z } from 'zod';
import { ADMIN_ROUTES, type AdminRoute } from '../admin/contract.js';

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

const withExample = (schema: z.ZodType, example: unknown) => (example === undefined ? schema : schema.meta({ 'x-examples': { example: { value: example } } }));

/** The zod route schema of an admin route for the OpenAPI document, or undefined if it has none. */
export function adminRouteSchema(method: string, url: string): Record<string, unknown> | undefined {
  const route: AdminRoute | undefined = (ADMIN_ROUTES as Record<string, AdminRoute>)[`${method} ${url}`];
  if (!route) return undefined;
  const answer = route.response === undefined ? z.null().describe('no content') : withExample(route.response, route.example).describe('OK');
  return {
    tags: ['admin'],
    summary: route.summary,
    security: ADMIN_SECURITY,
    description: 'Plain JSON, not the Aliyun envelope. With `--admin-token`, press Authorize, or send `x-admin-token: <token>` (or `Authorization: Bearer <token>`).',
    ...(route.body ? { body: withExample(route.body, route.request) } : {}),
    ...(route.querystring ? { querystring: route.querystring } : {}),
    response: {
      [route.status ?? 200]: answer,
      ...(route.body || route.querystring ? { 400: ErrorBody.describe('invalid input: the error names the field and what it expects') } : {}),
      ...(url.includes(':') ? { 404: ErrorBody.describe('no such id') } : {}),
      401: ErrorBody.describe('admin token missing or wrong (only with --admin-token)'),
    },
  };
}
