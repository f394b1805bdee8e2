/**
 * The API gateway's string-to-sign (help.aliyun.com 143207, the gateway's signing page), as pure functions over plain values: no Fastify,
 * no Node built-ins, so the same code can sign in a test, a browser or the emulator.
 */

/** The signature algorithms the gateway accepts, by the name clients put in X-Ca-Signature-Method. */
export const SIGNATURE_METHODS = ['HmacSHA256', 'HmacSHA1'] as const;
export type SignatureMethod = (typeof SIGNATURE_METHODS)[number];

/** The algorithm used when a request names none. */
export const DEFAULT_SIGNATURE_METHOD: SignatureMethod = 'HmacSHA256';

/**
 * Headers that have their own line in the string-to-sign or carry the signature itself: they
 * never take part in the Headers part, even when X-Ca-Signature-Headers names them.
 */
const NEVER_SIGNED = new Set(['x-ca-signature', 'x-ca-signature-headers', 'accept', 'content-md5', 'content-type', 'date']);

/** What the string-to-sign is built from; header lookup is case-insensitive. */
export interface StringToSignInput {
  /** HTTP method; upper-cased here. */
  method: string;
  /** A request header's value by name (any case), or undefined when absent. */
  header: (name: string) => string | undefined;
  /** The request path as sent, without the query string. */
  path: string;
  /** Decoded query parameters, plus form parameters for form bodies, in any order. */
  params: ReadonlyArray<readonly [string, string]>;
  /** How X-Ca-Signature-Headers is read: a gateway passes its memo; default, parsed each time. */
  signedNames?: SignedHeaderNames;
}

/**
 * The header names that take part in the signature: those X-Ca-Signature-Headers lists, spelled
 * as the client listed them (clients differ: `x-ca-key` or `X-Ca-Key`), without duplicates and
 * without the ones that never take part, sorted by name.
 */
export function signedHeaderNames(signatureHeaders: string | undefined): string[] {
  if (!signatureHeaders) return [];
  const seen = new Set<string>();
  const names: string[] = [];
  for (const raw of signatureHeaders.split(',')) {
    const name = raw.trim();
    const lower = name.toLowerCase();
    if (name === '' || NEVER_SIGNED.has(lower) || seen.has(lower)) continue;
    seen.add(lower);
    names.push(name);
  }
  return names.sort(compareCodeUnits);
}

/** Distinct X-Ca-Signature-Headers values remembered; a client sends one or two, so past this the memo starts afresh. */
const MAX_REMEMBERED_LISTS = 64;

/** The signed header names of an X-Ca-Signature-Headers value. */
export type SignedHeaderNames = (signatureHeaders: string | undefined) => readonly string[];

/**
 * signedHeaderNames, remembered per X-Ca-Signature-Headers value: clients send the same list on
 * every request, and parsing it again cost more than the rest of the string-to-sign. Each gateway
 * holds its own memo (nothing lives at module level); the answer is the same with or without it.
 */
export function createSignedHeaderNamesMemo(): SignedHeaderNames {
  const namesByList = new Map<string, readonly string[]>();
  return (signatureHeaders) => {
    if (!signatureHeaders) return [];
    let names = namesByList.get(signatureHeaders);
    if (names === undefined) {
      if (namesByList.size >= MAX_REMEMBERED_LISTS) namesByList.clear();
      names = Object.freeze(signedHeaderNames(signatureHeaders));
      namesByList.set(signatureHeaders, names);
    }
    return names;
  };
}

/** `path`, then `?` and the parameters sorted by key, `key=value` joined by `&` (a key alone when its value is empty). */
export function canonicalUrl(path: string, params: ReadonlyArray<readonly [string, string]>): string {
  if (params.length === 0) return path;
  // One value per key: the first one sent, as clients that keep parameters in a map do.
  const byKey = new Map<string, string>();
  for (const [key, value] of params) if (!byKey.has(key)) byKey.set(key, value);
  const parts = [...byKey.keys()].sort(compareCodeUnits).map((key) => {
    const value = byKey.get(key)!;
    return value === '' ? key : `${key}=${value}`;
  });
  return `${path}?${parts.join('&')}`;
}

/**
 * METHOD, Accept, Content-MD5, Content-Type and Date each followed by a newline (empty when
 * absent), then every signed header as `name:value\n`, then the canonical Url.
 */
export function buildStringToSign(input: StringToSignInput): string {
  const line = (name: string) => `${input.header(name) ?? ''}\n`;
  let text = `${input.method.toUpperCase()}\n${line('accept')}${line('content-md5')}${line('content-type')}${line('date')}`;
  for (const name of (input.signedNames ?? signedHeaderNames)(input.header('x-ca-signature-headers'))) {
    text += `${name}:${input.header(name) ?? ''}\n`;
  }
  return text + canonicalUrl(input.path, input.params);
}

/**
 * The algorithm a request asks for: X-Ca-Signature-Method, or the Tea SDK's
 * x-ca-signaturemethod; the default when neither is sent; undefined for an unknown name.
 */
export function signatureMethodOf(header: (name: string) => string | undefined): SignatureMethod | undefined {
  const asked = header('x-ca-signature-method') ?? header('x-ca-signaturemethod');
  if (asked === undefined || asked.trim() === '') return DEFAULT_SIGNATURE_METHOD;
  return SIGNATURE_METHODS.find((m) => m.toLowerCase() === asked.trim().toLowerCase());
}

/** The string-to-sign as the gateway shows it in X-Ca-Error-Message: newlines as `#` (headers cannot hold them). */
export function showStringToSign(stringToSign: string): string {
  return stringToSign.replace(/\n/g, '#');
}

function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
