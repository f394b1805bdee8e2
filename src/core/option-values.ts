/**
 * The one reading of switches and numbers, whether they come from a flag, an environment
 * variable, a --config file or code: the same words mean the same everywhere, and a value that
 * means nothing is refused with the values that would have been accepted.
 */
import { z } from 'zod';

const TRUE_WORDS = new Set(['true', '1', 'yes', 'on']);
const FALSE_WORDS = new Set(['false', '0', 'no', 'off']);

/** What a switch accepts, as every error about one says it. */
export const SWITCH_EXPECTED = 'expected true or false (also 1/0, yes/no, on/off)';

/** A switch's value: a boolean as is, a word of SWITCH_EXPECTED (any case); undefined for anything else. */
export function readSwitch(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value !== 'string') return undefined;
  const word = value.trim().toLowerCase();
  return TRUE_WORDS.has(word) ? true : FALSE_WORDS.has(word) ? false : undefined;
}

/** Plain decimal notation: what a person types for a count, a port or a size. */
const DECIMAL_TEXT = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

/**
 * A number's value: a finite number as is, or text in plain decimal notation ("8080", " 2.5 ");
 * undefined for anything else (true, "", null, and "0x10" or "1e3", which Number() would read
 * but which a flag or a variable more likely got by mistake).
 */
export function readNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string' || !DECIMAL_TEXT.test(value.trim())) return undefined;
  const n = Number(value.trim());
  return Number.isFinite(n) ? n : undefined;
}

/** A switch option: true/false or one of the words; anything else is refused with SWITCH_EXPECTED. */
export function switchOption() {
  return z.preprocess((v) => readSwitch(v) ?? v, z.boolean({ error: SWITCH_EXPECTED }));
}

/**
 * A whole-number option from min to max; anything else (a word, a fraction, a boolean, out of
 * range) is refused with `expected`, which says what is accepted.
 */
export function wholeNumberOption(min: number, max: number, expected = `expected a whole number from ${min} to ${max}`) {
  const error = expected;
  return z.preprocess((v) => readNumber(v) ?? v, z.number({ error }).int({ error }).min(min, { error }).max(max, { error }));
}

/**
 * A list option: repeated flags (an array), or one text of comma-separated entries (the
 * environment, a single flag); each entry trimmed and not empty, else refused with `expected`.
 */
export function commaListOption(expected: string) {
  return z.preprocess(
    (v) => (typeof v === 'string' ? v.split(',').map((s) => s.trim()).filter(Boolean) : v),
    z.array(z.string().trim().min(1, { error: expected })),
  );
}
