/**
 * The options of state, timeouts and admin security, kept apart from config.ts so that the
 * schema there only spreads them in.
 */
import { z } from 'zod';

const ms = (fallback: number, what: string) => z.coerce.number().int().min(1).max(3_600_000).default(fallback).meta({ valueName: 'ms' }).describe(what);

/** A boolean that also accepts the strings an environment variable carries. */
const flag = z
  .union([z.boolean(), z.enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'])])
  .transform((v) => v === true || v === 'true' || v === '1' || v === 'yes' || v === 'on');

/** Zod fields spread into ConfigSchema. */
export const ReliabilityOptions = {
  stateFile: z.string().min(1).optional().meta({ valueName: 'path', defaultText: 'in memory' }).describe('SQLite file that keeps the orders across restarts'),
  stateFileRepair: z
    .union([z.boolean(), z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1')])
    .default(false)
    .describe('load a damaged --state-file anyway: skip the rows that cannot be read, log each, and rewrite the file without them'),
  allowInsecureAdmin: flag.default(false).describe('allow a non-loopback bind without an admin token'),
  // Slow or abandoned clients must not hold the server: each limit closes their socket.
  connectionTimeout: ms(30_000, 'ms a socket may stay silent before it is closed'),
  headersTimeout: ms(10_000, 'ms a client may take to send the request headers'),
  requestTimeout: ms(30_000, 'ms a client may take to send the whole request'),
  keepAliveTimeout: ms(10_000, 'ms an idle keep-alive connection stays open'),
};

/** Node refuses a headers timeout longer than the request timeout; say so in the option's words. */
export function checkTimeouts(config: { headersTimeout: number; requestTimeout: number }, ctx: z.RefinementCtx): void {
  if (config.headersTimeout > config.requestTimeout) {
    ctx.addIssue({ code: 'custom', path: ['headersTimeout'], message: `headersTimeout (${config.headersTimeout}) must not exceed requestTimeout (${config.requestTimeout})` });
  }
}

/** True for addresses only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h) || h === '::ffff:127.0.0.1';
}

/**
 * The startup check of the admin door: bound beyond loopback, the admin API could reset or
 * rewrite the emulator from the network, so it needs a token unless explicitly forced open.
 * Returns the reason to refuse, or undefined.
 */
export function insecureAdminReason(config: { host: string; admin?: boolean; adminToken?: string; allowInsecureAdmin: boolean }): string | undefined {
  if (config.admin === false || isLoopbackHost(config.host) || config.adminToken !== undefined || config.allowInsecureAdmin) return undefined;
  return `--host ${config.host} exposes the admin API (/__admin) to the network without a token; ` +
    'set --admin-token (or ALIYUN_MOCK_ADMIN_TOKEN), turn the admin API off with --no-admin, or pass --allow-insecure-admin if that is really wanted';
}
