import type { FastifyBaseLogger, FastifyReply, FastifyRequest } from 'fastify';
import { knownSecretsOf, maskKnownSecrets, scrubSecrets } from './secrets.js';

type Bindings = Record<string, unknown>;
type LogFn = FastifyBaseLogger['info'];

/**
 * A request's logger that becomes a real child of the server's logger only when something logs
 * through it. Fastify makes a child per request; pino builds (and redacts) the bindings of each,
 * and most requests never log through theirs: the request line goes through the root logger.
 */
class LazyChildLogger {
  #child: FastifyBaseLogger | undefined;
  readonly #parent: FastifyBaseLogger;
  readonly #bindings: Bindings;
  readonly #options: object;

  constructor(parent: FastifyBaseLogger, bindings: Bindings, options: object) {
    this.#parent = parent;
    this.#bindings = bindings;
    this.#options = options;
  }

  get #real(): FastifyBaseLogger {
    return (this.#child ??= this.#parent.child(this.#bindings, this.#options));
  }

  get level(): string {
    return this.#child?.level ?? (this.#options as { level?: string }).level ?? this.#parent.level;
  }
  set level(level: string) {
    this.#real.level = level;
  }
  isLevelEnabled(level: string): boolean {
    // A route-level level lives in the options: only the real child applies it.
    const own = this.#child ?? ('level' in this.#options ? this.#real : this.#parent);
    const logger = own as FastifyBaseLogger & { isLevelEnabled?: (level: string) => boolean };
    return logger.isLevelEnabled?.(level) ?? true;
  }
  child(bindings: Bindings, options?: object): FastifyBaseLogger {
    return this.#real.child(bindings, options);
  }
  fatal(...args: Parameters<LogFn>): void {
    this.#real.fatal(...args);
  }
  error(...args: Parameters<LogFn>): void {
    this.#real.error(...args);
  }
  warn(...args: Parameters<LogFn>): void {
    this.#real.warn(...args);
  }
  info(...args: Parameters<LogFn>): void {
    this.#real.info(...args);
  }
  debug(...args: Parameters<LogFn>): void {
    this.#real.debug(...args);
  }
  trace(...args: Parameters<LogFn>): void {
    this.#real.trace(...args);
  }
  silent(): void {}
}

/** Fastify's childLoggerFactory: a lazy child per request (see LazyChildLogger). */
export function lazyChildLoggerFactory(logger: FastifyBaseLogger, bindings: Bindings, options: object): FastifyBaseLogger {
  return new LazyChildLogger(logger, bindings, options) as unknown as FastifyBaseLogger;
}

// pino writes a lone surrogate (half of a UTF-16 pair, e.g. from "\ud800" in a JSON body) raw
// when the field skips the redactor, and escaped when it does: such a line keeps the redacting
// logger, so the bytes written never depend on which logger wrote them.
const LONE_SURROGATE = /\p{Cs}/u;

function hasLoneSurrogate(fields: Record<string, unknown>): boolean {
  for (const key in fields) {
    const value = fields[key];
    if (typeof value === 'string' && LONE_SURROGATE.test(value)) return true;
  }
  return false;
}

/**
 * The one info line per request, through the server's logger with the request id as the child
 * would have bound it: the same line, without building a child for every request. `plain` is
 * the server's logger without redaction (unredactedLogger): the line's fields are the ones
 * below, none named like a secret, none an object, and the detail has the request's secrets
 * scrubbed, so REDACT_PATHS would leave the line as it is.
 */
export function logRequestLine(root: FastifyBaseLogger, request: FastifyRequest, reply: FastifyReply, plain: FastifyBaseLogger = root): void {
  const log = root as FastifyBaseLogger & { isLevelEnabled?: (level: string) => boolean };
  // Only built when someone reads it (pino at info or below; other loggers always).
  if (log.isLevelEnabled !== undefined && !log.isLevelEnabled('info')) return;
  const o = request.outcome;
  // A secret the world knows may sit anywhere the caller wrote: the path, the iotId.
  const known = knownSecretsOf(request.world);
  const fields = {
    reqId: request.id,
    api: o.api ?? maskKnownSecrets(request.url.split('?')[0]!, known, '[REDACTED]'),
    iotId: o.iotId === undefined ? undefined : maskKnownSecrets(o.iotId, known, '[REDACTED]'),
    code: o.code,
    gatewayError: o.gatewayError,
    fault: o.faultRuleId,
    status: reply.statusCode,
    latencyMs: Math.round(reply.elapsedTime * 100) / 100,
    // A detail may quote the caller's input, secrets included.
    detail: o.detail === undefined ? undefined : scrubSecrets(o.detail, request),
  };
  (plain === root || hasLoneSurrogate(fields) ? root : plain).info(fields, 'request');
}
