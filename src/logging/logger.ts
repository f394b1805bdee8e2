import { createRequire } from 'node:module';
import pino, { type DestinationStream, type Logger } from 'pino';
import type pretty from 'pino-pretty';
import { REDACT_PATHS } from './secrets.js';

// pino-pretty costs about 20 ms to load: only a pretty logger (a terminal) pays for it.
const requireCjs = createRequire(import.meta.url);

/** Log paths that may hold a secret (from the one list in secrets.ts): censored, never dropped, so a reader sees that the value was there. */
export { REDACT_PATHS };

/** How the emulator logs. */
export interface LoggerOptions {
  level: string;
  /** json: one object per line; pretty: for people. Default: pretty when the stream is a terminal. */
  format?: 'json' | 'pretty';
  /** Where lines go; default stdout. */
  stream?: DestinationStream & { isTTY?: boolean };
}

type ChildMaker = { child(bindings: object, options?: object): unknown };

/** Marks the loggers made here: their redaction is REDACT_PATHS and nothing else. */
const REDACTS_KNOWN_PATHS = Symbol('redacts REDACT_PATHS');

/** The emulator's pino logger, with secrets redacted. */
export function createLogger(options: LoggerOptions): Logger {
  return Object.assign(createPinoLogger(options), { [REDACTS_KNOWN_PATHS]: true });
}

/**
 * A logger for lines whose fields are a known set of non-secret keys with primitive values: the
 * given one without redaction, when it comes from createLogger (a pino child inherits the mark,
 * so Fastify's child of it qualifies). Such a line passes REDACT_PATHS untouched, yet its
 * wildcard paths make pino run every field through the redactor, about a fifth of the line's
 * cost. Same stream, level, bindings and format. Any other logger is returned as it is: its
 * redaction is not ours to skip.
 */
export function unredactedLogger<L extends ChildMaker>(log: L): L {
  if (!(log as Partial<Record<symbol, unknown>>)[REDACTS_KNOWN_PATHS]) return log;
  return log.child({}, { redact: [] }) as L;
}

function createPinoLogger(options: LoggerOptions): Logger {
  const target = options.stream ?? process.stdout;
  const format = options.format ?? (target.isTTY ? 'pretty' : 'json');
  const base = { level: options.level, redact: { paths: [...REDACT_PATHS], censor: '[REDACTED]' } };
  if (format === 'pretty') {
    // In-thread pretty printing: no worker thread to start or to flush on exit.
    const prettyStream = requireCjs('pino-pretty') as typeof pretty;
    return pino(base, prettyStream({ destination: target, colorize: Boolean(target.isTTY), translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname', sync: true }));
  }
  // Asynchronous writes: under load, the lines logged while a write is in flight go out in one
  // write instead of one blocking write each; pino flushes what is left when the process exits.
  return pino(base, options.stream ?? pino.destination({ dest: 1, sync: false }));
}
