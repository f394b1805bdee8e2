import type { z } from 'zod';
import { BusinessErrors, type BusinessError } from '../errors/catalogue.js';
import type { EnvelopeRequest } from '../gateway/envelope.js';
import type { CallWorld } from './family-world.js';
import { overlongParam, TOO_LONG_MESSAGE } from './params.js';

/** One API call as an operation sees it: no HTTP, just the world, the envelope and the instant. */
export interface ApiCall {
  world: CallWorld;
  params: Record<string, unknown>;
  request: EnvelopeRequest;
  /** The clock's reading when the call reached the backend. */
  now: number;
  /** The calling app's project when the caller is known. */
  callerProjectId?: string;
}

/**
 * What an operation changed, for the HTTP layer to persist before it answers: the changes of one
 * family (an operation belongs to one), tagged with the family's key. The family names what a
 * change holds (family-state.ts); the state file checks it against the family's schema before
 * writing it.
 */
export interface Effects {
  /** The family's key (its savedState key). */
  family: string;
  /** The changes, in the order they happened. */
  changes: readonly unknown[];
}

/** What an operation answers: data for code 200, or a business error with its precise reason. */
export type ApiResult =
  | { ok: true; data: unknown; effects?: Effects }
  | { ok: false; error: BusinessError; detail: string };

/** An API of the family: path, version, the gateway timeout, its parameters and its handler. */
export interface Operation {
  path: string;
  apiVer: string;
  /** The API gateway's backend timeout for this API (超时时间 on each API's page). */
  timeoutMs: number;
  summary: string;
  params: z.ZodType;
  /** The param naming the device, for the journal and fault matching; absent: `iotId`. */
  deviceParam?: string;
  /** Params of the documentation's request example; absent: made up from the params' names and the fixtures. */
  exampleParams?: Record<string, unknown>;
  /** The help.aliyun.com document id of the API's page; absent: no page documents it (docs/conformance.md says so). */
  docPage?: string;
  /**
   * Params and answer fields whose source is not the page's table, for docs/conformance.md: "example"
   * (only the page's example shows it), "[model] why", or "client: who". Fields not listed are documented.
   */
  fieldSources?: Readonly<Record<string, string>>;
  handle(call: ApiCall): ApiResult;
}

/**
 * Parses `params` with an operation's schema; a mismatch is a 460 naming the field and what was expected.
 * A string past MAX_TEXT_PARAM (params.ts) in any param is the same 460 whatever the schema says.
 * `accepts`, a hand-written check that must accept nothing the schema refuses, skips zod on a hot path;
 * its params are then read as they were sent (handlers read only the schema's fields).
 */
export function parseParams<S extends z.ZodType>(
  schema: S,
  params: Record<string, unknown>,
  accepts?: (params: Record<string, unknown>) => boolean,
): { ok: true; value: z.infer<S> } | { ok: false; error: BusinessError; detail: string } {
  const overlong = overlongParam(params);
  if (overlong !== null) return { ok: false, error: BusinessErrors.REQUEST_PARAMETER_ERROR, detail: `params.${overlong}: ${TOO_LONG_MESSAGE}` };
  if (accepts?.(params)) return { ok: true, value: params as z.infer<S> };
  const parsed = schema.safeParse(params);
  if (parsed.success) return { ok: true, value: parsed.data };
  const detail = parsed.error.issues
    .slice(0, 3)
    .map((issue) => `params.${issue.path.join('.') || '(all)'}: ${issue.message}`)
    .join('; ');
  return { ok: false, error: BusinessErrors.REQUEST_PARAMETER_ERROR, detail };
}
