/** The shape of a journal entry and page, as GET /__admin/requests answers them: one zod schema gives the type and the docs. */
import { z } from 'zod';

/** One recorded API call. */
export const JournalEntry = z.object({
  id: z.string().describe('the X-Ca-Request-Id the caller received'),
  time: z.string().describe("the world's clock when the request arrived, ISO"),
  timeMs: z.number(),
  method: z.string(),
  path: z.string(),
  api: z.string().nullable().describe('the API path when the request reached an API, else null (unknown path)'),
  iotId: z.string().nullable(),
  headers: z.record(z.string(), z.string()).describe('request headers, secrets masked'),
  requestBody: z.string().nullable().describe('the body as text, cloud tokens masked, cut at the journal body limit'),
  status: z.number().nullable().describe('HTTP status; null when the connection was dropped or the request hung'),
  code: z.number().nullable().describe("the envelope's business code, or null for gateway errors and dropped calls"),
  gatewayError: z.string().nullable().describe('the X-Ca-Error-Code of a gateway error'),
  responseBody: z.string().nullable(),
  latencyMs: z.number().nullable().describe('real milliseconds from arrival to answer (or to the drop)'),
  faultRuleId: z.string().nullable(),
  detail: z.string().nullable().describe('the precise reason of an error answer or a fault'),
});
/**
 * One recorded API call, secrets masked.
 * @example
 * const [last]: JournalEntry[] = (await admin.requests({ limit: 1 })).requests;
 * last?.code; // the envelope's business code, null for a gateway error
 */
export type JournalEntry = z.infer<typeof JournalEntry>;

/** A filtered page of the journal, newest first. */
export const JournalPage = z.object({
  total: z.number().int().describe('entries matching the filter (before the limit)'),
  count: z.number().int(),
  requests: z.array(JournalEntry),
});
/**
 * A filtered page of the journal, newest first.
 * @example
 * const page: JournalPage = await admin.requests({ iotId: 'bZGD54swRg******FkEs000101' });
 * page.total; // entries matching, before the limit
 */
export type JournalPage = z.infer<typeof JournalPage>;
