/**
 * An integer parameter as the platform reads it. [model] The pages type these params Int, yet
 * public clients send some as strings ("copies":"1" from a Java client, pageNo "0" in the examples
 * of help.aliyun.com 177887), and the platform's Java services bind a string of digits to an Int
 * field the way their JSON binding coerces it; so a string that is an integer is read as one.
 * Anything else stays a 460: a fraction ("1.5"), text ("abc"), "" and padded digits (" 1").
 */
import { z } from 'zod';

/** Digits with an optional sign, nothing around them: what a Java service's Integer binding takes. */
const INTEGER_TEXT = /^[+-]?\d+$/;

/**
 * An integer sent as a JSON number or as a string of one, read as a number; `min`..`max` name the
 * documented range in the 460's detail.
 * @example integerParam(1, 60).parse('1') // 1
 */
export function integerParam(min: number, max: number) {
  const range = z.number().int().min(min, `expected an integer from ${min} to ${max}`).max(max, `expected an integer from ${min} to ${max}`);
  const text = z
    .string()
    .regex(INTEGER_TEXT, 'expected an integer, or a string of one such as "1"')
    .transform(Number)
    .refine(Number.isSafeInteger, 'expected an integer, or a string of one such as "1"');
  return z.union([z.number(), text], { error: 'expected an integer, or a string of one such as "1"' }).pipe(range);
}
