import { z } from 'zod';
import { commaListOption, switchOption, wholeNumberOption } from '../core/option-values.js';
import { createZoneTime, isCalendarTime, isValidZone, outOfRangeReason } from '../core/zone-time.js';
import { DEFAULT_JOURNAL_BYTES } from '../journal/journal.js';
import { checkStateFileSessions, checkTimeouts, ReliabilityOptions } from './reliability-options.js';

/**
 * Every option of the emulator, field by field, before the checks that read several of them
 * (ConfigSchema adds those). The MSW handlers take the fields that make sense without a server
 * from here (src/msw/options.ts), so both read an option alike and refuse it in the same words.
 */
export const ConfigFields = z.object({
  port: wholeNumberOption(0, 65535, 'expected a port number from 0 to 65535')
    .default(8080)
    .meta({ short: 'p', envAliases: ['PORT'], valueName: 'port' })
    .describe('TCP port; 0 picks a free one'),
  host: z.string().trim().min(1, { error: 'expected an address such as 127.0.0.1 or 0.0.0.0' }).default('127.0.0.1').meta({ envAliases: ['HOST'], valueName: 'host' }).describe('address to bind; 0.0.0.0 exposes it to the network'),
  fixtures: z.string().min(1).optional().meta({ valueName: 'dir', defaultText: 'built-in' }).describe('fixtures folder'),
  timezone: z
    .string()
    .default('Asia/Shanghai')
    .refine(isValidZone, 'expected an IANA zone name such as Asia/Shanghai')
    .meta({ valueName: 'zone' })
    .describe('zone of startTime/endTime and of calendar months'),
  now: z
    .string()
    .optional()
    .refine((v) => v === undefined || (isCalendarTime(v) && !Number.isNaN(Date.parse(v))), 'expected an ISO instant such as 2024-05-01T00:00:00Z')
    .meta({ valueName: 'instant', defaultText: 'real time' })
    .describe('start the clock at this ISO instant, frozen'),
  seed: wholeNumberOption(0, 0xffffffff)
    .optional()
    .meta({ defaultText: 'random' })
    .describe('seed of every generated id'),
  bodyLimit: wholeNumberOption(1, Number.MAX_SAFE_INTEGER, 'expected a whole number of bytes above 0')
    .default(1024 * 1024)
    .meta({ valueName: 'bytes' })
    .describe('largest request body in bytes (larger: gateway 413)'),
  requireCloudToken: switchOption()
    .default(false)
    .describe('every API but /cloud/token needs a valid request.cloudToken'),
  paymentSettleMs: wholeNumberOption(0, Number.MAX_SAFE_INTEGER, 'expected a whole number of ms, 0 or more').default(0).describe('pay answers paymentStatus 2 and the order reads as paid this many ms later; 0: paid at once'),
  admin: switchOption()
    .default(true)
    .describe('serve the control plane under /__admin (--no-admin turns it off)'),
  adminToken: z.string().min(1).optional().describe('require this token (x-admin-token or Authorization: Bearer) on /__admin'),
  adminHosts: commaListOption('expected a host name such as devbox.lan')
    .default([])
    .meta({ valueName: 'names', repeatable: true, defaultText: 'none' })
    .describe('more Host names /__admin answers to, comma-separated (loopback names and --host always pass; ".example.com" allows its subdomains)'),
  faults: z.string().min(1).optional().describe('JSON file of fault rules in force at start'),
  syntheticDevices: wholeNumberOption(0, 100_000)
    .default(0)
    .meta({ valueName: 'n' })
    .describe('add N devices for load tests, iotIds LoadTestDevice000000000001 and on (see Load testing)'),
  journalSize: wholeNumberOption(1, 1_000_000).default(10_000).describe("requests each session's journal keeps"),
  journalBytes: wholeNumberOption(1024 * 1024, Number.MAX_SAFE_INTEGER, 'expected a number of bytes, at least 1048576 (1 MiB)')
    .default(DEFAULT_JOURNAL_BYTES)
    .meta({ valueName: 'bytes' })
    .describe('bytes the journals of all sessions keep together, about; the oldest entries go first'),
  isolateBy: z.enum(['header', 'app-key']).default('header').describe('what picks a request\'s session: the x-mock-session header, or the X-Ca-Key of the calling app'),
  maxSessions: wholeNumberOption(1, 1_000_000).default(1000).describe('most named sessions kept at once; the least recently used goes first'),
  sessionIdleMs: wholeNumberOption(0, Number.MAX_SAFE_INTEGER, 'expected a whole number of ms, 0 (never) or more').default(1_800_000).describe('drop a session unused for this many ms; 0 never'),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info').describe('log level'),
  logFormat: z
    .enum(['json', 'pretty'])
    .optional()
    .meta({ defaultText: 'pretty on a terminal, else json' })
    .describe('log line format: one JSON object per line, or human-readable'),
  verifySignature: switchOption().default(false).describe("check every request's X-Ca signature (apps with verifySignature are checked anyway)"),
  https: switchOption().default(false).describe('serve HTTPS with a self-signed certificate generated at start'),
  tlsCert: z.string().min(1).optional().describe('serve HTTPS with this PEM certificate file (with --tls-key)'),
  tlsKey: z.string().min(1).optional().describe('the PEM private key file of --tls-cert'),
  ...ReliabilityOptions,
});

/** The start instant (`now`, ISO or epoch ms) must be one its zone can show, as every instant the admin API takes. */
export function checkStartInstant(c: { timezone: string; now?: string | number | undefined }, ctx: z.RefinementCtx): void {
  const ms = c.now === undefined ? NaN : typeof c.now === 'number' ? c.now : Date.parse(c.now);
  // Text that is no instant at all, or a zone that is none, is refused by its own field.
  if (Number.isNaN(ms) || !isValidZone(c.timezone)) return;
  const outside = outOfRangeReason(createZoneTime(c.timezone), ms);
  if (outside) ctx.addIssue({ code: 'custom', path: ['now'], message: `"${c.now}" is out of range: ${outside}` });
}

/**
 * Every option of the emulator, validated once; the CLI, env and programmatic callers all feed this.
 * To add an option, add a field: `.describe()` is its help text, `.default()` its default, and the
 * flag (--kebab-case), the variable (ALIYUN_MOCK_SCREAMING_SNAKE), --help and the README table
 * follow from it (src/runtime/cli/options.ts). `.meta({...})` with OptionMeta fields is optional.
 */
export const ConfigSchema = ConfigFields.refine((c) => (c.tlsCert === undefined) === (c.tlsKey === undefined), {
  message: 'give both --tls-cert and --tls-key, or neither',
  path: ['tlsCert'],
})
  .superRefine(checkTimeouts)
  .superRefine(checkStartInstant)
  .superRefine(checkStateFileSessions);

/**
 * The validated options of a running emulator, defaults filled in: what `app.config` holds.
 * @example
 * const mock = await startMock();
 * const config: Config = mock.app.config;
 * config.timezone; // 'Asia/Shanghai'
 */
export type Config = z.infer<typeof ConfigSchema>;
export type ConfigInput = z.input<typeof ConfigSchema>;

/** Each refused option as `<name>: <what it expects>`, the option named by `nameOf` (a flag, or a key in code). */
export function describeOptionIssues(error: z.ZodError, nameOf: (key: string) => string): string {
  return error.issues
    .map((i) => {
      const [key, ...within] = i.path.map(String);
      return `${nameOf(key ?? '?')}: ${within.length ? `${within.join('.')}: ` : ''}${i.message}`;
    })
    .join('; ');
}

/** An option key as its flag: bodyLimit -> --body-limit. */
export const flagOf = (key: string): string => `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

/** Validated config; throws an Error listing each bad option and what it expects. */
export function parseConfig(input: ConfigInput = {}): Config {
  const parsed = ConfigSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw new Error(`invalid options: ${describeOptionIssues(parsed.error, flagOf)}`);
}
