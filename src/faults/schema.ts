import { z } from 'zod';
import { GLOB_MAX_LENGTH } from '../core/glob.js';
import { BUSINESS_CODES, businessErrorByCode, INJECTABLE_GATEWAY_ERRORS } from '../errors/catalogue.js';

/** The longest delay or timeout a fault takes: Node's timers hold at most 2^31-1 ms (about 24.8 days) and fire at once past it. */
export const MAX_DELAY_MS = 2_147_483_647;
const TOO_LONG = `at most ${MAX_DELAY_MS} ms (2^31-1, about 24.8 days: the longest timer Node keeps)`;

/** Milliseconds of a delay or a timeout: a whole number a timer can wait. */
const millis = () => z.number().int().nonnegative().max(MAX_DELAY_MS, TOO_LONG);

/** Which requests a rule applies to; every given field must match, none given matches every API call. */
export const FaultMatch = z.strictObject({
  /** The API path, exact or with `*` wildcards ("/vision/customer/streaming/order/*"). */
  path: z.string().min(1).max(GLOB_MAX_LENGTH, `path: at most ${GLOB_MAX_LENGTH} characters`).optional(),
  apiVer: z.string().min(1).optional(),
  iotId: z.string().min(1).optional(),
  /** The calling app's X-Ca-Key. */
  appKey: z.string().min(1).optional(),
  /** A request header: present (no value) or equal to value. */
  header: z.strictObject({ name: z.string().min(1), value: z.string().optional() }).optional(),
});
export type FaultMatch = z.infer<typeof FaultMatch>;

/** How long a latency rule waits: fixed, uniform in [min, max], or lognormal around a median with a cap (WireMock's vocabulary). */
export const Delay = z.union([
  millis(),
  z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('fixed'), ms: millis() }),
    z
      .strictObject({ kind: z.literal('uniform'), min: millis(), max: millis() })
      .refine((d) => d.max >= d.min, 'uniform delay: max must be >= min'),
    z.strictObject({
      kind: z.literal('lognormal'),
      median: z.number().positive(),
      sigma: z.number().positive().max(10),
      /** Longest delay drawn; lognormal tails are long. */
      cap: millis().positive().default(60_000),
    }),
  ]),
]);
export type Delay = z.infer<typeof Delay>;

const common = {
  /** Given or generated ("f1", "f2"...); names the rule in the journal and x-mock-fault-rule. */
  id: z.string().min(1).max(64).regex(/^[\w.-]+$/, 'id: letters, digits, "_", "-" and "." only').optional(),
  description: z.string().max(500).optional(),
  match: FaultMatch.default({}),
  /** Chance that a matching request is hit, drawn from the world's seeded random source. */
  probability: z.number().min(0).max(1).optional(),
  /** Fire this many times, then stop matching. */
  times: z.number().int().positive().optional(),
};

/** The statuses a fault of type `gateway` answers: the catalogue's injectable gateway errors. */
export const GATEWAY_FAULT_STATUSES: readonly number[] = INJECTABLE_GATEWAY_ERRORS.map((e) => e.httpStatus);

/** What a fault of type `error` takes, in the words every refusal of one uses. */
export const BUSINESS_CODE_EXPECTED = `a business code of the catalogue (${BUSINESS_CODES.join(', ')})`;

/** The gateway statuses a fault takes, as a sentence lists them: "429, 500 or 503". */
export const GATEWAY_STATUS_CHOICES = GATEWAY_FAULT_STATUSES.join(', ').replace(/, (\d+)$/, ' or $1');

/** A business code from the catalogue, answered in the envelope (HTTP 200) instead of running the API. */
const businessCode = z
  .number()
  .int()
  .refine((c) => businessErrorByCode(c) !== undefined, { message: `code must be ${BUSINESS_CODE_EXPECTED}` });

/** A fault rule: data, tagged by `type`. First matching rule wins. */
export const FaultRule = z.discriminatedUnion('type', [
  z.strictObject({
    ...common,
    type: z.literal('latency'),
    delay: Delay,
    /** Overrides the API's gateway timeout (超时时间 on its page) for this rule; a delay reaching it answers 504 at it. */
    timeoutMs: millis().positive().optional(),
  }),
  z.strictObject({ ...common, type: z.literal('error'), code: businessCode }),
  z.strictObject({ ...common, type: z.literal('gateway'), status: z.literal(GATEWAY_FAULT_STATUSES, { error: `status must be ${GATEWAY_STATUS_CHOICES} (the catalogue's injectable gateway errors)` }) }),
  z.strictObject({ ...common, type: z.literal('timeout'), timeoutMs: millis().positive().optional() }),
  z.strictObject({ ...common, type: z.literal('drop') }),
  z.strictObject({ ...common, type: z.literal('hang') }),
]);
export type FaultRule = z.infer<typeof FaultRule>;
/**
 * A fault rule as you write it (an id, a match and the defaults may be left out).
 * @example
 * const slowCreate: FaultRuleInput = { type: 'latency', delay: { kind: 'uniform', min: 200, max: 800 }, match: { path: '/vision/customer/streaming/order/create' }, times: 3 };
 * await admin.addFault(slowCreate);
 */
export type FaultRuleInput = z.input<typeof FaultRule>;

/**
 * The most fault rules a world holds. [model] WireMock and LocalStack keep no limit; here each API
 * call scans the rules in order (first match wins), so the count bounds what a call costs: 1 000 is
 * far past any test's needs, and a scan of them stays well under a millisecond.
 */
export const MAX_FAULT_RULES = 1000;

/** Why a list or an addition past MAX_FAULT_RULES is refused, and what to do. */
export const TOO_MANY_RULES = `at most ${MAX_FAULT_RULES} fault rules; match more requests with one rule (a * glob, no iotId) or DELETE /__admin/faults/:id the ones done with`;

/** A list of rules, as `--faults rules.json` and PUT /__admin/faults take it (a bare array or {rules}). */
export const FaultRules = z
  .preprocess((v) => (Array.isArray(v) ? { rules: v } : v), z.strictObject({ rules: z.array(FaultRule).max(MAX_FAULT_RULES, TOO_MANY_RULES) }))
  .transform((r) => r.rules);

/**
 * A stored rule: its id is always set, and it counts how often it fired.
 * @example
 * const { rules } = await admin.faults();
 * rules.filter((r: StoredFaultRule) => r.fired > 0).map((r) => r.id);
 */
export type StoredFaultRule = FaultRule & { id: string; fired: number };

/** zod issues as one line a user can act on. */
export function describeIssues(error: z.ZodError, prefix = ''): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${prefix}${i.path.join('.') || '(body)'}: ${i.message}`)
    .join('; ');
}
