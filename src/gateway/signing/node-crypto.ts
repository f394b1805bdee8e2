import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { SigningCrypto } from './verify-request.js';

const HMAC_ALGORITHMS = { HmacSHA256: 'sha256', HmacSHA1: 'sha1' } as const;

/** The signing primitives over node:crypto: the thin adapter the pure check is given in the server. */
export const nodeSigningCrypto: SigningCrypto = {
  hmacBase64: (method, secret, text) => createHmac(HMAC_ALGORITHMS[method], secret).update(text, 'utf8').digest('base64'),
  md5Base64: (bytes) => createHash('md5').update(bytes).digest('base64'),
  safeEqual(a, b) {
    // Hash both sides first: timingSafeEqual needs equal lengths, and comparing digests leaks
    // neither the length nor the position of the first difference.
    const da = createHash('sha256').update(a, 'utf8').digest();
    const db = createHash('sha256').update(b, 'utf8').digest();
    return timingSafeEqual(da, db) && a === b;
  },
};
