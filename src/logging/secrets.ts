/**
 * What counts as a secret, in one place: the logger's redaction, the journal's masking and the
 * request line's scrubbing all read these lists. A secret is known by its name (a header, a body
 * field) or by its value (an app secret of the fixtures, a cloud token the world issued), so a
 * secret sent where no secret belongs (an app secret as X-Ca-Nonce, a token in the path) is
 * masked too.
 */
import type { FastifyRequest } from 'fastify';

/** Request headers whose values are secrets or prove knowledge of one (lower case, as Node gives them). */
export const SECRET_HEADERS: readonly string[] = ['x-ca-signature', 'x-ca-secret', 'x-admin-token', 'authorization', 'proxy-authorization', 'cookie'];

/** Field names whose values are secrets, at any depth of a body or a log object. */
export const SECRET_FIELDS: readonly string[] = ['appSecret', 'cloudToken', 'iotToken', 'refreshToken', 'accessToken', 'adminToken', 'signature', 'password'];

const SECRET_HEADER_SET = new Set(SECRET_HEADERS);
const SECRET_FIELD_SET = new Set(SECRET_FIELDS.map((name) => name.toLowerCase()));

/** True for a header (any case) whose value is a secret. */
export function isSecretHeader(name: string): boolean {
  return SECRET_HEADER_SET.has(name.toLowerCase());
}

/** True for a field name (any case) whose value is a secret. */
export function isSecretField(name: string): boolean {
  return SECRET_FIELD_SET.has(name.toLowerCase());
}

/** The secret values a world knows: its apps' secrets and the cloud tokens it issued. */
export interface KnownSecrets {
  readonly appSecrets: readonly string[];
  /** Issued cloud tokens by value (32 lower-case hex digits each). */
  readonly tokens: ReadonlyMap<string, unknown>;
}

const TOKEN_LENGTH = 32;
const HEX_RUN = /[0-9a-f]{32,}/g;

/** An issued token inside a run of hex digits, at any offset, masked. */
function maskTokensIn(run: string, tokens: ReadonlyMap<string, unknown>, mask: string): string {
  if (run.length === TOKEN_LENGTH) return tokens.has(run) ? mask : run;
  let out = '';
  let from = 0;
  for (let at = 0; at + TOKEN_LENGTH <= run.length; at++) {
    if (!tokens.has(run.slice(at, at + TOKEN_LENGTH))) continue;
    out += run.slice(from, at) + mask;
    at += TOKEN_LENGTH - 1;
    from = at + 1;
  }
  return from === 0 ? run : out + run.slice(from);
}

/** `text` with every known secret value replaced by `mask`, as written. */
function maskLiteral(text: string, known: KnownSecrets, mask: string): string {
  let out = text;
  for (const secret of known.appSecrets) if (secret !== '' && out.includes(secret)) out = out.split(secret).join(mask);
  if (known.tokens.size > 0) out = out.replace(HEX_RUN, (run) => maskTokensIn(run, known.tokens, mask));
  return out;
}

/** A %XX or \uXXXX escape of a character secrets are made of (letters, digits, - . _ ~). */
const SECRET_CHAR_ESCAPE = /%([0-9a-f]{2})|\\u([0-9a-f]{4})/gi;
const SECRET_CHAR = /^[A-Za-z0-9._~-]$/;

/**
 * `text` with the escapes of letters, digits and - . _ ~ decoded ("%61" and "\u0061" are "a"), the
 * others kept as they are: a path or a JSON body that spells a secret with escapes then shows it
 * plainly, and decoding no quote or slash leaves the text's structure as it was.
 */
function decodeSecretChars(text: string): string {
  return text.replace(SECRET_CHAR_ESCAPE, (escape: string, pct?: string, uni?: string) => {
    const char = String.fromCharCode(Number.parseInt(pct ?? uni!, 16));
    return SECRET_CHAR.test(char) ? char : escape;
  });
}

/**
 * `text` with `maskPlain` applied, and applied again to its decoded form when the text has escapes:
 * a secret spelt with one escaped character ("0123%61bc…" in a path, "\u0030123…" in a body) is
 * masked too; the decoded form is kept only when it had a secret to mask.
 */
export function maskEscaped(text: string, maskPlain: (text: string) => string): string {
  const out = maskPlain(text);
  if (!out.includes('%') && !out.includes('\\u')) return out;
  const decoded = decodeSecretChars(out);
  if (decoded === out) return out;
  const masked = maskPlain(decoded);
  return masked === decoded ? out : masked;
}

/** `text` with every known secret value replaced by `mask`, wherever it appears, escaped characters and all. */
export function maskKnownSecrets(text: string, known: KnownSecrets, mask: string): string {
  return maskEscaped(text, (plain) => maskLiteral(plain, known, mask));
}

/** What a request that reached no world knows: nothing to mask beyond the secret names. */
export const NO_SECRETS: KnownSecrets = { appSecrets: [], tokens: new Map() };

/**
 * What knownSecretsOf reads of a world: its apps and its issued cloud tokens. Spelled out here
 * rather than picked from World, which sits above the logging (world -> journal -> logging).
 */
export interface SecretHolder {
  readonly fixtures: { readonly apps: readonly { readonly appSecret: string }[] };
  readonly cloudTokens: { readonly byToken: ReadonlyMap<string, unknown> };
}

/** The secrets a request's world knows (none for a request that never reached one). */
export function knownSecretsOf(world: SecretHolder | undefined | null): KnownSecrets {
  if (!world) return NO_SECRETS;
  return { appSecrets: world.fixtures.apps.map((a) => a.appSecret), tokens: world.cloudTokens.byToken };
}

function collect(value: unknown, out: Set<string>, depth: number): void {
  if (depth > 6 || value === null || typeof value !== 'object') return;
  for (const [key, inner] of Object.entries(value)) {
    if (isSecretField(key) && typeof inner === 'string' && inner.length >= 4) out.add(inner);
    else collect(inner, out, depth + 1);
  }
}

const FIELD_NAMES = SECRET_FIELDS.join('|');
/** `"secretField": "value"` in text that is not JSON (yet an error message may quote it). */
const QUOTED_SECRET_FIELD = new RegExp(`"(?:${FIELD_NAMES})"\\s*:\\s*"([^"]{4,})"`, 'gi');

/** The secret values a request carried, in its secret headers and its body's secret fields. */
export function secretsOf(request: FastifyRequest): Set<string> {
  const out = new Set<string>();
  for (const name of SECRET_HEADERS) {
    const value = request.headers[name];
    for (const v of Array.isArray(value) ? value : value ? [value] : []) if (v.length >= 4) out.add(v);
  }
  const body = request.body;
  const text = Buffer.isBuffer(body) ? body.toString('utf8') : typeof body === 'string' ? body : undefined;
  if (text && text.length < 1024 * 1024) {
    try {
      collect(JSON.parse(text), out, 0);
    } catch {
      for (const m of text.matchAll(QUOTED_SECRET_FIELD)) out.add(m[1]!);
    }
  } else if (body && typeof body === 'object') collect(body, out, 0);
  return out;
}

/** The text with every secret of the request, and every secret its world knows, replaced: for log lines that quote the caller. */
export function scrubSecrets(text: string, request: FastifyRequest): string {
  const known = knownSecretsOf(request.world);
  const carried = secretsOf(request);
  return maskEscaped(text, (plain) => {
    let out = maskLiteral(plain, known, '[REDACTED]');
    for (const secret of carried) out = out.split(secret).join('[REDACTED]');
    return out;
  });
}

/** A body field holding a secret, its value quoted ("cloudToken": "…") or, in a malformed body, bare. */
export const SECRET_FIELD_IN_TEXT = new RegExp(`("(?:${FIELD_NAMES})"\\s*:\\s*")((?:[^"\\\\]|\\\\.)*)"`, 'gi');
export const BARE_SECRET_FIELD_IN_TEXT = new RegExp(`("(?:${FIELD_NAMES})"\\s*:\\s*)(?!["\\s])([^,}\\]\\s]+)`, 'gi');

/** Pino redaction paths from the lists above: the secret headers of a logged request, and secret fields at the first two levels. */
export const REDACT_PATHS: readonly string[] = [
  ...SECRET_HEADERS.map((name) => `req.headers[${JSON.stringify(name)}]`),
  ...SECRET_FIELDS,
  ...SECRET_FIELDS.map((name) => `*.${name}`),
];
