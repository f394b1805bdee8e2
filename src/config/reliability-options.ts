/**
 * The options of state, timeouts and admin security, kept apart from schema.ts so that the
 * schema there only spreads them in.
 */
import { z } from 'zod';
import { switchOption, wholeNumberOption } from '../core/option-values.js';

const ms = (fallback: number, what: string) => wholeNumberOption(1, 3_600_000, 'expected a whole number of ms from 1 to 3600000').default(fallback).meta({ valueName: 'ms' }).describe(what);

/** Zod fields spread into ConfigSchema. */
export const ReliabilityOptions = {
  stateFile: z.string().min(1).optional().meta({ valueName: 'path', defaultText: 'in memory' }).describe('SQLite file that keeps the orders (both families\') and free-plan claims across restarts'),
  stateFileRepair: switchOption()
    .default(false)
    .describe('load a damaged --state-file anyway: skip the rows that cannot be read or replayed, log each, and rewrite the file without them (a damaged database is moved aside)'),
  allowInsecureAdmin: switchOption().default(false).describe('open the admin API to the network: a non-loopback bind without --admin-token gets no generated one'),
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

/**
 * A state file keeps one world, the default session's; with --isolate-by app-key every app's calls
 * go to a session of its own, which the file would not keep: their orders would be answered 200
 * and lost on restart. So the two are refused together, naming both and what to do.
 */
export function checkStateFileSessions(config: { stateFile?: string | undefined; isolateBy: string }, ctx: z.RefinementCtx): void {
  if (config.stateFile !== undefined && config.isolateBy === 'app-key') {
    ctx.addIssue({
      code: 'custom',
      path: ['isolateBy'],
      message:
        'app-key cannot be used with --state-file: each app would get a session of its own, and a state file keeps only the default session. ' +
        'Drop --isolate-by app-key to keep every app\'s orders in the file, or drop --state-file to isolate apps in memory',
    });
  }
}

/** True for addresses only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h) || h === '::ffff:127.0.0.1';
}

/**
 * Whether the admin door needs a generated token: bound beyond loopback, the admin API could
 * reset or rewrite the emulator from the network, so, as Jupyter does, a start without a token
 * makes one up (printed once) rather than open it or refuse to start. Only --allow-insecure-admin
 * opens it.
 */
export function needsGeneratedAdminToken(config: { host: string; admin?: boolean; adminToken?: string; allowInsecureAdmin: boolean }): boolean {
  return !(config.admin === false || isLoopbackHost(config.host) || config.adminToken !== undefined || config.allowInsecureAdmin);
}
