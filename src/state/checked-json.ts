/** Rows and changes as stored JSON, checked against the family's schema on the way in and out. */
import type { z } from 'zod';

/** The first problem of a parse, as `field: message`. */
function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0]!;
  return `${issue.path.join('.') || '(row)'}: ${issue.message}`;
}

/** `value` as JSON, checked against `schema` first: throws naming the field when it could not be read back. */
export function encodeChecked(schema: z.ZodType, value: unknown, what: string): string {
  const checked = schema.safeParse(value);
  if (!checked.success) throw new Error(`${what} cannot be stored: ${firstIssue(checked.error)}`);
  return JSON.stringify(value);
}

/** A stored text parsed and checked against `schema`, or the reason it is not valid. */
export function decodeChecked<T>(schema: z.ZodType, text: string): { ok: true; value: T } | { ok: false; reason: string } {
  const json = parseJson(text);
  if (!json.ok) return json;
  const parsed = schema.safeParse(json.value);
  if (!parsed.success) return { ok: false, reason: firstIssue(parsed.error) };
  return { ok: true, value: parsed.data as T };
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false; reason: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (err) {
    return { ok: false, reason: `not JSON (${(err as Error).message.slice(0, 80)})` };
  }
}
