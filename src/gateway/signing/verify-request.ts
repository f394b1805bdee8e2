/**
 * The gateway's signature check (help.aliyun.com 143207 for signing, 43906 for the gateway's error codes) over a plain request: which app is calling, and
 * whether its signature, timestamp, nonce and Content-MD5 hold. Pure: crypto, the clock reading
 * and the nonce memory come in as arguments.
 */
import { GatewayErrors, type GatewayError } from '../../errors/catalogue.js';
import type { AppFixture } from '../../fixtures/schema.js';
import type { NonceMemory } from './nonce-memory.js';
import { NONCE_WINDOW_MS } from './nonce-memory.js';
import { buildStringToSign, showStringToSign, signatureMethodOf, type SignatureMethod, type SignedHeaderNames } from './string-to-sign.js';

/** The cryptographic primitives the check needs (node:crypto in the server, anything in tests). */
export interface SigningCrypto {
  /** base64(HMAC(secret, text)) with the named algorithm; text and secret as UTF-8. */
  hmacBase64(method: SignatureMethod, secret: string, text: string): string;
  /** base64(md5(bytes)). */
  md5Base64(bytes: Uint8Array): string;
  /** Equality that takes the same time wherever the strings differ. */
  safeEqual(a: string, b: string): boolean;
}

/** A request as the check sees it. */
export interface SignedRequest {
  method: string;
  /** The path as sent, without the query string. */
  path: string;
  /** The raw query string (after `?`), or empty. */
  query: string;
  /** A header's value by name, any case. */
  header: (name: string) => string | undefined;
  /** The body bytes exactly as received. */
  body: Uint8Array;
}

export interface VerifyContext {
  apps: readonly AppFixture[];
  /** Check every request (--verify-signature); otherwise only those of apps with verifySignature. */
  verifyAll: boolean;
  crypto: SigningCrypto;
  /** The emulator clock's reading. */
  now: number;
  /** Shared by every session: a nonce belongs to the app, not to a session. */
  nonces: NonceMemory;
  /** The gateway's memo of X-Ca-Signature-Headers lists; default, parsed each time. */
  signedNames?: SignedHeaderNames;
}

/** The check's answer: go on (with the calling app when X-Ca-Key names one), or a gateway error. */
export type VerifyResult =
  | { ok: true; app?: AppFixture; checked: boolean }
  | { ok: false; error: GatewayError; message: string; detail: string };

const FORM_CONTENT_TYPE = 'application/x-www-form-urlencoded';
const TIMESTAMP_WINDOW_MS = 15 * 60 * 1000;
const decoder = new TextDecoder('utf-8');

/** The parameters of the Url part: the query's, plus a form body's. */
export function signedParams(query: string, contentType: string | undefined, body: Uint8Array): Array<[string, string]> {
  const params: Array<[string, string]> = query === '' ? [] : [...new URLSearchParams(query)];
  if (contentType?.toLowerCase().startsWith(FORM_CONTENT_TYPE) && body.length > 0) {
    params.push(...new URLSearchParams(decoder.decode(body)));
  }
  return params;
}

/** The server's string-to-sign for a request. */
export function stringToSignOf(request: SignedRequest, signedNames?: SignedHeaderNames): string {
  return buildStringToSign({
    signedNames,
    method: request.method,
    header: request.header,
    path: request.path,
    params: signedParams(request.query, request.header('content-type'), request.body),
  });
}

function refuse(error: GatewayError, detail: string, message: string = error.message): VerifyResult {
  return { ok: false, error, message, detail };
}

function describeOffset(ms: number): string {
  const minutes = Math.round(Math.abs(ms) / 60_000);
  return `${minutes} minutes ${ms < 0 ? 'behind' : 'ahead of'}`;
}

/**
 * Decides whether a request passes the gateway: X-Ca-Key names a fixture app; X-Ca-Timestamp
 * (optional) is within 15 minutes of the clock; Content-MD5 (optional) matches the body; the
 * signature matches; X-Ca-Nonce (optional) is not a replay. Requests that need no check pass
 * with the app their X-Ca-Key names, if any.
 */
export function verifySignedRequest(request: SignedRequest, ctx: VerifyContext): VerifyResult {
  const appKey = request.header('x-ca-key')?.trim();
  const app = appKey ? ctx.apps.find((a) => a.appKey === appKey) : undefined;
  if (!ctx.verifyAll && !app?.verifySignature) return { ok: true, app, checked: false };
  if (!app) {
    return refuse(
      GatewayErrors.INVALID_APPKEY,
      appKey ? `X-Ca-Key "${appKey}" is not an app of the fixtures (apps.json)` : 'X-Ca-Key is missing; signature checking is on',
    );
  }

  const timestamp = request.header('x-ca-timestamp')?.trim();
  /** The first instant at which this request, sent again, fails the timestamp check. */
  let validUntil = ctx.now + NONCE_WINDOW_MS;
  if (timestamp !== undefined && timestamp !== '') {
    if (!/^\d{1,16}$/.test(timestamp)) {
      return refuse(GatewayErrors.INVALID_TIMESTAMP, `X-Ca-Timestamp "${timestamp}" is not epoch milliseconds`);
    }
    const offset = Number(timestamp) - ctx.now;
    if (Math.abs(offset) > TIMESTAMP_WINDOW_MS) {
      return refuse(
        GatewayErrors.TIMESTAMP_EXPIRED,
        `X-Ca-Timestamp ${timestamp} is ${describeOffset(offset)} the emulator clock (${new Date(ctx.now).toISOString()}); ` +
          'the window is 15 minutes: sign with the emulator time, or start it without --now',
      );
    }
    // The window is inclusive: at exactly 15 minutes the timestamp still passes.
    validUntil = Number(timestamp) + TIMESTAMP_WINDOW_MS + 1;
  }

  const contentMd5 = request.header('content-md5');
  if (contentMd5 !== undefined) {
    const actual = ctx.crypto.md5Base64(request.body);
    if (!ctx.crypto.safeEqual(contentMd5.trim(), actual)) {
      return refuse(GatewayErrors.INVALID_CONTENT_MD5, `Content-MD5 "${contentMd5}" is not base64(md5(body)) of the ${request.body.length} bytes received`);
    }
  }

  const method = signatureMethodOf(request.header);
  if (!method) {
    const asked = request.header('x-ca-signature-method') ?? request.header('x-ca-signaturemethod') ?? '';
    return refuse(
      GatewayErrors.INVALID_HEADER,
      `X-Ca-Signature-Method "${asked}" is not HmacSHA256 or HmacSHA1`,
      `${GatewayErrors.INVALID_HEADER.message} \`X-Ca-Signature-Method\` unsupported value`,
    );
  }
  const stringToSign = stringToSignOf(request, ctx.signedNames);
  const expected = ctx.crypto.hmacBase64(method, app.appSecret, stringToSign);
  const given = request.header('x-ca-signature')?.trim() ?? '';
  if (!ctx.crypto.safeEqual(given, expected)) {
    return refuse(
      GatewayErrors.INVALID_SIGNATURE,
      given === ''
        ? 'X-Ca-Signature is missing'
        : `X-Ca-Signature is not the ${method} of the server's string-to-sign with app ${app.appKey}'s secret; compare the string-to-sign in X-Ca-Error-Message with your own`,
      `${GatewayErrors.INVALID_SIGNATURE.message}, Server StringToSign:\`${showStringToSign(stringToSign)}\``,
    );
  }

  const nonce = request.header('x-ca-nonce')?.trim();
  if (nonce && !ctx.nonces.remember(`${app.appKey}\n${nonce}`, ctx.now, validUntil)) {
    return refuse(GatewayErrors.NONCE_USED, `X-Ca-Nonce "${nonce}" was already used by app ${app.appKey} (in any session) while its request could still pass`);
  }
  return { ok: true, app, checked: true };
}
