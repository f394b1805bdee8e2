import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createNodeSigningCrypto, timingSafeStringEqual } from '../../src/gateway/signing/node-crypto.js';
import { buildStringToSign, signedHeaderNames } from '../../src/gateway/signing/string-to-sign.js';

/** The helpers that keep the signature check cheap must answer exactly as the plain versions. */
describe('timingSafeStringEqual', () => {
  it('is true for equal strings, empty ones included', () => {
    expect(timingSafeStringEqual('BDa1ITHGMAiVI65I7fY9tb+nqOXPN154zUhIcV8dILI=', 'BDa1ITHGMAiVI65I7fY9tb+nqOXPN154zUhIcV8dILI=')).toBe(true);
    expect(timingSafeStringEqual('', '')).toBe(true);
    expect(timingSafeStringEqual('签名', '签名')).toBe(true);
  });

  it('is false when one character differs, first or last', () => {
    expect(timingSafeStringEqual('Xbc=', 'abc=')).toBe(false);
    expect(timingSafeStringEqual('abc=', 'abc/')).toBe(false);
    expect(timingSafeStringEqual('签名', '签字')).toBe(false);
  });

  it('is false for different lengths either way, a prefix included', () => {
    expect(timingSafeStringEqual('abc', 'abcd')).toBe(false);
    expect(timingSafeStringEqual('abcd', 'abc')).toBe(false);
    expect(timingSafeStringEqual('', 'a')).toBe(false);
    // Same number of UTF-16 units, different byte lengths.
    expect(timingSafeStringEqual('é', 'e')).toBe(false);
  });

  it('keeps apart strings whose UTF-8 bytes coincide (lone surrogates)', () => {
    expect(timingSafeStringEqual('\uD800', '\uDC00')).toBe(false);
  });
});

describe('node signing crypto: one HMAC key per secret', () => {
  const hmac = (algorithm: string, secret: string, text: string) => createHmac(algorithm, secret).update(text, 'utf8').digest('base64');

  it('signs each secret with its own key when requests of several apps interleave', () => {
    const crypto = createNodeSigningCrypto();
    for (const secret of ['secret-a', 'secret-b', 'secret-a', '密钥', 'secret-b']) {
      expect(crypto.hmacBase64('HmacSHA256', secret, 'POST\n\n\n\n\n/p')).toBe(hmac('sha256', secret, 'POST\n\n\n\n\n/p'));
      expect(crypto.hmacBase64('HmacSHA1', secret, 'POST\n\n\n\n\n/p')).toBe(hmac('sha1', secret, 'POST\n\n\n\n\n/p'));
    }
  });

  it('stays right past the cache bound', () => {
    const crypto = createNodeSigningCrypto();
    for (let i = 0; i < 600; i++) {
      const secret = `secret-${i % 300}`;
      expect(crypto.hmacBase64('HmacSHA256', secret, `text ${i}`)).toBe(hmac('sha256', secret, `text ${i}`));
    }
  });
});

describe('signed header list, remembered per X-Ca-Signature-Headers value', () => {
  const headers: Record<string, string> = { 'x-ca-key': 'K', 'x-ca-nonce': 'N', 'x-ca-timestamp': 'T', 'x-ca-stage': 'S' };
  const sts = (list: string) =>
    buildStringToSign({ method: 'POST', header: (name) => (name.toLowerCase() === 'x-ca-signature-headers' ? list : headers[name.toLowerCase()]), path: '/p', params: [] });

  it('gives the same string-to-sign on every request with the same list', () => {
    const first = sts('x-ca-timestamp,x-ca-key,Date,x-ca-key');
    expect(first).toBe('POST\n\n\n\n\nx-ca-key:K\nx-ca-timestamp:T\n/p');
    expect(sts('x-ca-timestamp,x-ca-key,Date,x-ca-key')).toBe(first);
  });

  it('is not changed by a caller editing the list signedHeaderNames returned', () => {
    const list = 'x-ca-nonce,x-ca-stage';
    sts(list);
    signedHeaderNames(list).push('x-ca-key');
    expect(sts(list)).toBe('POST\n\n\n\n\nx-ca-nonce:N\nx-ca-stage:S\n/p');
  });

  it('answers each of many different lists by its own content', () => {
    const names = Object.keys(headers);
    for (let i = 0; i < 200; i++) {
      const picked = names.filter((_, bit) => ((i % 16) >> bit) & 1);
      const list = [...picked, ' '.repeat(i)].join(',');
      const expected = [...picked].sort().map((n) => `${n}:${headers[n]}\n`).join('');
      expect(sts(list)).toBe(`POST\n\n\n\n\n${expected}/p`);
    }
  });
});
