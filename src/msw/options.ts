/**
 * The MSW handlers' options: the config schema's fields that make sense without a server, taken
 * from it (config/schema.ts), so that a value is read and refused in the same words as by the
 * server; plus what only the handlers have: base URLs, fixtures and fault rules as values, and
 * whether a fixed clock stands still.
 */
import { z } from 'zod';
import { checkStartInstant, ConfigFields, describeOptionIssues } from '../config/schema.js';
import { FaultRule, type FaultRuleInput } from '../faults/schema.js';
import type { Fixtures } from '../fixtures/schema.js';
import type { ApiFamily } from '../platform/api-family.js';

/**
 * The real gateway's address: what the apps and SDKs call, and where the handlers answer by default.
 * @example
 * createHandlers({ baseUrl: [DEFAULT_BASE_URL, 'http://127.0.0.1:8080'] });
 */
export const DEFAULT_BASE_URL = 'https://api.link.aliyun.com';

/**
 * The server's options where they make sense without a server.
 * @example
 * const options: HandlersOptions = { now: '2024-11-15T02:00:00Z', seed: 42, faults: [{ type: 'drop', match: { path: '/vision/customer/streaming/order/pay' } }] };
 * const { handlers, control } = createHandlers(options);
 */
export interface HandlersOptions {
  /** The gateway's address, or several (default https://api.link.aliyun.com). */
  baseUrl?: string | readonly string[];
  /** Fixtures as objects (the fixture files' contents, validated here; `families` holds each family's own file by name); default: the built-in ones. */
  fixtures?: Partial<Record<keyof Fixtures, unknown>>;
  /** Seed of every generated id; default random. */
  seed?: number;
  /** Start the clock at this instant (ISO or epoch ms), frozen unless `frozen: false`; default the real time, running. */
  now?: string | number;
  /** With `now`: whether time stands still (default true). */
  frozen?: boolean;
  /** IANA zone of startTime/endTime and of calendar months (default Asia/Shanghai). */
  timezone?: string;
  /** Every API but /cloud/token needs a valid request.cloudToken. */
  requireCloudToken?: boolean;
  /** pay answers paymentStatus 2 and the order reads as paid this many ms later (default 0). */
  paymentSettleMs?: number;
  /** Fault rules in force at start (and after reset). */
  faults?: readonly FaultRuleInput[];
  /** Requests the journal keeps (default 10 000). */
  journalSize?: number;
  /** Bytes the journal keeps, about, at least 1 MiB; the oldest entries go first (default 64 MiB). */
  journalBytes?: number;
  /** Largest request body in bytes; larger gets the gateway's 413 (default 1 MiB). */
  bodyLimit?: number;
  /** The API families to serve (default: `API_FAMILIES`, the built-in ones); one more: `[...API_FAMILIES, yours]`. */
  families?: readonly ApiFamily[];
}

/** The handlers' options: the server's fields, as the server parses them, and the handlers' own. */
export const HandlersOptionsSchema = ConfigFields.pick({
  seed: true,
  timezone: true,
  requireCloudToken: true,
  paymentSettleMs: true,
  journalSize: true,
  journalBytes: true,
  bodyLimit: true,
})
  .extend({
    baseUrl: z.union([z.string(), z.array(z.string())]).default([DEFAULT_BASE_URL]),
    fixtures: z.record(z.string(), z.unknown()).optional(),
    // The server's `now` takes ISO text (a flag's value); code may give epoch ms as well.
    now: z.union([z.number(), ConfigFields.shape.now], { error: 'expected an ISO instant such as 2024-05-01T00:00:00Z, or epoch ms' }),
    frozen: z.boolean().default(true),
    faults: z.array(FaultRule).default([]),
    // Code, not data: familyTable checks the lines, as for the server (createHandlers names the option).
    families: z.array(z.custom<ApiFamily>()).optional(),
  })
  .superRefine(checkStartInstant);

/** The parsed options, defaults filled in. */
export type ParsedHandlersOptions = z.output<typeof HandlersOptionsSchema>;

/** A bad option, named as the caller spelled it, in the server's words. */
export function optionsError(detail: string): Error {
  return new Error(`aliyun-living-mock/msw: invalid options: ${detail}`);
}

/** Validated options; throws an Error naming each bad option and what it expects, as the server does. */
export function parseHandlersOptions(options: HandlersOptions): ParsedHandlersOptions {
  const parsed = HandlersOptionsSchema.safeParse(options);
  if (parsed.success) return parsed.data;
  throw optionsError(describeOptionIssues(parsed.error, (key) => key));
}
