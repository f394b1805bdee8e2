/**
 * The bound every family's text params share. [model] No page of the 直播分享 or 云存储 APIs
 * documents a length limit and no real client comes near one; the emulator sets 256 characters so
 * that a careless or hostile caller cannot make it hold (and answer, and journal) megabytes per
 * order. Declared once here: the families' schemas use `textParam`, and `parseParams`
 * (operation.ts) refuses a longer string in any param before the schema is read, so a new family
 * is bounded even where its schema says only `z.string()`.
 */
import { z } from 'zod';

/** The longest text a param may have. */
export const MAX_TEXT_PARAM = 256;

/** The 460 detail's message for a text past the bound: the words zod uses for `.max()`. */
export const TOO_LONG_MESSAGE = `Too big: expected string to have <=${MAX_TEXT_PARAM} characters`;

/**
 * A required text param of 1..256 characters.
 * @example textParam('设备ID').parse('a'.repeat(257)) // throws
 */
export const textParam = (description: string) => z.string().min(1).max(MAX_TEXT_PARAM, TOO_LONG_MESSAGE).describe(description);

/** An optional text param (absent or null) of at most 256 characters. */
export const optionalTextParam = (description: string) => z.string().max(MAX_TEXT_PARAM, TOO_LONG_MESSAGE).nullish().describe(description);

/** The first param (top level or nested) holding a string longer than MAX_TEXT_PARAM, as a dotted path; null when none does. */
export function overlongParam(params: Record<string, unknown>): string | null {
  for (const key in params) {
    const path = overlongAt(params[key], key, 0);
    if (path !== null) return path;
  }
  return null;
}

function overlongAt(value: unknown, path: string, depth: number): string | null {
  if (typeof value === 'string') return value.length > MAX_TEXT_PARAM ? path : null;
  // The gateway's body limit bounds the depth in practice; 32 keeps a pathological body from recursing far.
  if (value === null || typeof value !== 'object' || depth >= 32) return null;
  for (const [key, inner] of Object.entries(value)) {
    const found = overlongAt(inner, `${path}.${key}`, depth + 1);
    if (found !== null) return found;
  }
  return null;
}
