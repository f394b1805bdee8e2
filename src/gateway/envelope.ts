import { z } from 'zod';

/**
 * The envelope's `request` part. SDKs send null for unset fields (Tea) and extra fields of
 * their own; both are tolerated, unknown fields ignored.
 */
export const EnvelopeRequest = z.object({
  apiVer: z.string().nullish(),
  cloudToken: z.string().nullish(),
  iotToken: z.string().nullish(),
  language: z.string().nullish(),
  locale: z.string().nullish(),
});
export type EnvelopeRequest = z.infer<typeof EnvelopeRequest>;

/** The request envelope `{id, version, request, params}`. */
export const Envelope = z.object({
  id: z.union([z.string(), z.number()]).nullish(),
  version: z.string().nullish(),
  request: EnvelopeRequest.nullish(),
  params: z.record(z.string(), z.unknown()).nullish(),
});

/** A parsed envelope with defaults filled in. */
export interface ParsedEnvelope {
  id: string | number | null;
  request: EnvelopeRequest;
  params: Record<string, unknown>;
}

/** Why a body is not an envelope, in words a user can act on. */
export type EnvelopeResult = { ok: true; envelope: ParsedEnvelope } | { ok: false; detail: string; language?: string };

const decoder = new TextDecoder('utf-8');
// Tested instead of trim(), which would copy every body.
const NOT_BLANK = /\S/;

/** Parses raw body bytes (any content type) into the envelope. */
export function parseEnvelope(body: Uint8Array | string | undefined | null): EnvelopeResult {
  const text = body === undefined || body === null ? '' : typeof body === 'string' ? body : decoder.decode(body);
  if (!NOT_BLANK.test(text)) return { ok: false, detail: 'body is empty; send the JSON envelope {"id","version","request":{"apiVer"},"params"}' };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    // V8 quotes the start of the input in some messages; it may hold a token, and details are logged.
    const reason = (err as Error).message.replace(/, (\.\.\.)?"[\s\S]*"(\.\.\.)? is not valid JSON$/, '');
    return { ok: false, detail: `body is not valid JSON: ${reason}` };
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    const kind = json === null ? 'null' : Array.isArray(json) ? 'an array' : `a ${typeof json}`;
    return { ok: false, detail: `body is ${kind}; the envelope must be a JSON object` };
  }
  const parsed = Envelope.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    // A malformed envelope may still say which language its error should be in.
    const language = (json as { request?: { language?: unknown } }).request?.language;
    return { ok: false, detail: `${issue.path.join('.') || '(envelope)'}: ${issue.message}`, ...(typeof language === 'string' ? { language } : {}) };
  }
  // params is taken as sent, not as zod rebuilt it: a rebuilt record would assign a "__proto__" key.
  const params = (json as { params?: Record<string, unknown> | null }).params ?? {};
  return { ok: true, envelope: { id: parsed.data.id ?? null, request: parsed.data.request ?? {}, params } };
}
