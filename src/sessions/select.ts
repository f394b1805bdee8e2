/** Which session a request names, from its headers alone (no Fastify: the raw headers will do). */

/** The header a request names its session with. */
export const SESSION_HEADER = 'x-mock-session';
/** The name of the session requests without a session header use; it always exists. */
export const DEFAULT_SESSION = 'default';
/** What picks the session: the session header, or the calling app's X-Ca-Key (one tenant per app). */
export type IsolateBy = 'header' | 'app-key';

const NAME = /^[A-Za-z0-9._~-]{1,64}$/;

/** A session name is 1 to 64 URL-safe characters, so it fits a header, a path segment and a log line. */
export function sessionNameProblem(name: string): string | undefined {
  if (NAME.test(name)) return undefined;
  const shown = JSON.stringify(name.length > 80 ? `${name.slice(0, 77)}...` : name);
  return `session name ${shown} is invalid: use 1 to 64 characters from A-Z a-z 0-9 . _ ~ -`;
}

/**
 * A valid session name made from any text (a test file's path, a test's title): stable, readable, at most 64 characters.
 * @example
 * // One session per vitest file, named after the file.
 * const session = sessionClient(mock.url, toSessionName(expect.getState().testPath ?? 'unnamed'));
 */
export function toSessionName(text: string): string {
  const safe = text.replace(/[^A-Za-z0-9._~-]+/g, '-').replace(/^-+|-+$/g, '') || 'session';
  if (safe.length <= 64) return safe;
  // FNV-1a of the whole text keeps names that share their last 55 characters apart.
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return `${safe.slice(-55)}~${hash.toString(16).padStart(8, '0')}`;
}

/** The outcome of reading a request's session. */
export type SessionChoice = { ok: true; name: string } | { ok: false; header: string; detail: string };

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/**
 * The session a request names: with isolateBy 'app-key' its X-Ca-Key (else its session header),
 * with 'header' its session header; neither present means the default session.
 */
export function chooseSession(headers: Record<string, string | string[] | undefined>, isolateBy: IsolateBy): SessionChoice {
  const appKey = isolateBy === 'app-key' ? single(headers['x-ca-key']) : undefined;
  const [header, value] = appKey !== undefined ? ['x-ca-key', appKey] : [SESSION_HEADER, single(headers[SESSION_HEADER])];
  if (value === undefined) return { ok: true, name: DEFAULT_SESSION };
  const problem = sessionNameProblem(value);
  return problem ? { ok: false, header, detail: `${header}: ${problem}` } : { ok: true, name: value };
}
