import { createHmac, createSecretKey, hash, timingSafeEqual, type KeyObject } from 'node:crypto';
import type { SigningCrypto } from './verify-request.js';

const HMAC_ALGORITHMS = { HmacSHA256: 'sha256', HmacSHA1: 'sha1' } as const;

/** Far more than the apps of any fixtures; past it the cache starts afresh rather than grow. */
const MAX_CACHED_KEYS = 256;

/** Equality of two strings in time that depends on their lengths only, not on where they differ. */
export function timingSafeStringEqual(a: string, b: string): boolean {
  const ba = Buffer.from(a, 'utf8');
  const bb = Buffer.from(b, 'utf8');
  // A length differs before any byte is compared: lengths are public (a base64 digest's length is
  // fixed by the algorithm), the bytes are not. `a === b` runs only once the bytes already match,
  // so it leaks nothing and keeps strings with lone surrogates (same UTF-8 bytes) apart.
  return ba.length === bb.length && timingSafeEqual(ba, bb) && a === b;
}

/**
 * The signing primitives over node:crypto: the thin adapter the pure check is given in the server.
 * Each call builds its own adapter with its own key cache: the app builds one for its gateway.
 */
export function createNodeSigningCrypto(): SigningCrypto {
  // An Hmac built from a KeyObject skips re-importing the secret's bytes on every request.
  const keys = new Map<string, KeyObject>();
  const keyOf = (secret: string): KeyObject => {
    let key = keys.get(secret);
    if (key === undefined) {
      if (keys.size >= MAX_CACHED_KEYS) keys.clear();
      key = createSecretKey(Buffer.from(secret, 'utf8'));
      keys.set(secret, key);
    }
    return key;
  };
  return {
    hmacBase64: (method, secret, text) => createHmac(HMAC_ALGORITHMS[method], keyOf(secret)).update(text, 'utf8').digest('base64'),
    // One-shot hashing: about half the cost of a Hash object for inputs this small.
    md5Base64: (bytes) => hash('md5', bytes, 'base64'),
    safeEqual: timingSafeStringEqual,
  };
}
