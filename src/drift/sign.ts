/**
 * Signs a request as Aliyun's API gateway expects (HmacSHA256, Content-MD5, X-Ca-Key, -Timestamp,
 * -Nonce), with the same string-to-sign and crypto the emulator verifies with
 * (gateway/signing/), so a request the check sends is one the emulator would accept, and the
 * other way round. Used by the drift check and by record mode to re-sign what it forwards.
 */
import { randomUUID } from 'node:crypto';
import { createNodeSigningCrypto } from '../gateway/signing/node-crypto.js';
import { buildStringToSign, DEFAULT_SIGNATURE_METHOD } from '../gateway/signing/string-to-sign.js';

/** The app whose key signs the requests. */
export interface AppCredentials {
  appKey: string;
  appSecret: string;
}

/** The headers the signature covers, as the Java and Go SDKs list them. */
const SIGNED = ['x-ca-key', 'x-ca-nonce', 'x-ca-signature-method', 'x-ca-timestamp'] as const;

/** What the official SDKs send as the body's type (help.aliyun.com 143207 and the Go client). */
export const SIGNED_CONTENT_TYPE = 'application/octet-stream; charset=utf-8';

/** A signer: the headers of a signed POST of `body` to `path` at `now` (epoch ms). */
export type RequestSigner = (path: string, body: Uint8Array, now?: number) => Record<string, string>;

/** A signer for one app; each call draws a fresh nonce. */
export function createRequestSigner(app: AppCredentials): RequestSigner {
  const crypto = createNodeSigningCrypto();
  return (path, body, now = Date.now()) => {
    const headers: Record<string, string> = {
      accept: 'application/json',
      'content-type': SIGNED_CONTENT_TYPE,
      'content-md5': crypto.md5Base64(body),
      'x-ca-key': app.appKey,
      'x-ca-nonce': randomUUID(),
      'x-ca-signature-method': DEFAULT_SIGNATURE_METHOD,
      'x-ca-timestamp': String(now),
      'x-ca-signature-headers': SIGNED.join(','),
    };
    const stringToSign = buildStringToSign({ method: 'POST', header: (name) => headers[name.toLowerCase()], path, params: [] });
    headers['x-ca-signature'] = crypto.hmacBase64(DEFAULT_SIGNATURE_METHOD, app.appSecret, stringToSign);
    return headers;
  };
}
