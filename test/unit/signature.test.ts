import { describe, expect, it } from 'vitest';
import {
  buildStringToSign,
  canonicalUrl,
  showStringToSign,
  signatureMethodOf,
  signedHeaderNames,
} from '../../src/gateway/signing/string-to-sign.js';
import { createNodeSigningCrypto } from '../../src/gateway/signing/node-crypto.js';
import { signedParams, stringToSignOf, type SignedRequest } from '../../src/gateway/signing/verify-request.js';

const nodeSigningCrypto = createNodeSigningCrypto();

/**
 * Known vectors: each expected string-to-sign was written out by hand from the rules of Aliyun 143207, API signing,
 * and each expected signature was computed outside this project with
 * `printf '%s' "$STS" | openssl dgst -sha256 -hmac "$SECRET" -binary | base64` (-sha1 for HmacSHA1).
 */
const BODY = '{"id":"1","version":"1.0","request":{"apiVer":"1.0.0"},"params":{}}';
const BODY_MD5 = 'pqqGw3uV0ApiI+VdK1v9Cw=='; // openssl dgst -md5 -binary | base64

const headersOf = (headers: Record<string, string>) => (name: string) => {
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : headers[key];
};

/** Vector 1: what the npm client aliyun-api-gateway sends (lower-case x-ca-* headers, JSON). */
const NPM_STYLE: SignedRequest = {
  method: 'post',
  path: '/vision/customer/streaming/order/create',
  query: '',
  body: new TextEncoder().encode(BODY),
  header: headersOf({
    accept: 'application/json',
    'content-md5': BODY_MD5,
    'content-type': 'application/json',
    'x-ca-key': '24000001',
    'x-ca-nonce': 'n-1',
    'x-ca-stage': 'RELEASE',
    'x-ca-timestamp': '1731636000000',
    'x-ca-signature-headers': 'x-ca-timestamp,x-ca-key,x-ca-nonce,x-ca-stage',
    'x-ca-signature': 'ignored',
    'user-agent': 'not signed',
  }),
};
const NPM_STYLE_STS =
  'POST\napplication/json\n' + BODY_MD5 + '\napplication/json\n\n' +
  'x-ca-key:24000001\nx-ca-nonce:n-1\nx-ca-stage:RELEASE\nx-ca-timestamp:1731636000000\n' +
  '/vision/customer/streaming/order/create';

/** Vector 2: Java-style capitalised names, a Date, a query string, names the gateway never signs. */
const JAVA_STYLE: SignedRequest = {
  method: 'POST',
  path: '/path',
  query: 'b=2&a=1&empty=&c=%E4%B8%AD',
  body: new Uint8Array(0),
  header: headersOf({
    Accept: '*/*',
    'Content-Type': 'application/octet-stream; charset=utf-8',
    Date: 'Thu, 14 Nov 2024 02:00:00 GMT',
    'X-Ca-Key': '24000003',
    'X-Ca-Timestamp': '1731636000000',
    'X-Ca-Signature-Headers': 'X-Ca-Timestamp,X-Ca-Key, accept,X-Ca-Key,X-Ca-Signature',
    'x-ca-signaturemethod': 'HmacSHA1',
  }),
};
const JAVA_STYLE_STS =
  'POST\n*/*\n\napplication/octet-stream; charset=utf-8\nThu, 14 Nov 2024 02:00:00 GMT\n' +
  'X-Ca-Key:24000003\nX-Ca-Timestamp:1731636000000\n' +
  '/path?a=1&b=2&c=中&empty';

describe('string-to-sign (Aliyun 143207)', () => {
  it('builds the npm client layout: five fixed lines, signed x-ca-* headers sorted, the path', () => {
    expect(stringToSignOf(NPM_STYLE)).toBe(NPM_STYLE_STS);
  });

  it('keeps header names as the client listed them, drops duplicates and never-signed ones, sorts the query', () => {
    expect(stringToSignOf(JAVA_STYLE)).toBe(JAVA_STYLE_STS);
  });

  it('gives every empty fixed header its newline', () => {
    const sts = buildStringToSign({ method: 'POST', header: () => undefined, path: '/cloud/token', params: [] });
    expect(sts).toBe('POST\n\n\n\n\n/cloud/token');
  });

  it('puts form parameters of a form body into the Url part, with the query ones', () => {
    const body = new TextEncoder().encode('z=26&m=%E4%B8%AD+x');
    const params = signedParams('a=1', 'application/x-www-form-urlencoded; charset=UTF-8', body);
    expect(canonicalUrl('/p', params)).toBe('/p?a=1&m=中 x&z=26');
    // A JSON body is never read as parameters.
    expect(signedParams('a=1', 'application/json', body)).toEqual([['a', '1']]);
  });

  it('keeps the first value of a repeated query key', () => {
    expect(canonicalUrl('/p', [['k', '1'], ['k', '2']])).toBe('/p?k=1');
  });

  it('lists signed header names: trimmed, deduplicated in any case, never the fixed or signature ones', () => {
    expect(signedHeaderNames(' x-ca-nonce , Content-MD5,X-Ca-Signature-Headers,x-ca-key,X-CA-KEY,,date')).toEqual(['x-ca-key', 'x-ca-nonce']);
    expect(signedHeaderNames(undefined)).toEqual([]);
  });

  it('shows newlines as # for X-Ca-Error-Message', () => {
    expect(showStringToSign('POST\n\n\n\n\n/p')).toBe('POST#####/p');
  });
});

describe('signature method', () => {
  it('defaults to HmacSHA256 and accepts X-Ca-Signature-Method or the Tea spelling, in any case', () => {
    expect(signatureMethodOf(() => undefined)).toBe('HmacSHA256');
    expect(signatureMethodOf(headersOf({ 'X-Ca-Signature-Method': 'HmacSHA1' }))).toBe('HmacSHA1');
    expect(signatureMethodOf(headersOf({ 'x-ca-signaturemethod': 'hmacsha256' }))).toBe('HmacSHA256');
    expect(signatureMethodOf(headersOf({ 'x-ca-signature-method': 'HmacMD5' }))).toBeUndefined();
  });
});

describe('signature over the known vectors (node:crypto adapter)', () => {
  it('HmacSHA256 of vector 1', () => {
    expect(nodeSigningCrypto.hmacBase64('HmacSHA256', 'mock-app-secret-home-cameras-0001', NPM_STYLE_STS)).toBe(
      'BDa1ITHGMAiVI65I7fY9tb+nqOXPN154zUhIcV8dILI=',
    );
  });

  it('HmacSHA1 of vector 1 and of vector 2 (UTF-8 query value)', () => {
    expect(nodeSigningCrypto.hmacBase64('HmacSHA1', 'mock-app-secret-home-cameras-0001', NPM_STYLE_STS)).toBe('RbZhnD37mtb6I1uA5TW1gIXr14Q=');
    expect(nodeSigningCrypto.hmacBase64('HmacSHA1', 'mock-app-secret-signed-only-0003', JAVA_STYLE_STS)).toBe('+0rPQ+g4NiIrVCqLi09TstGMpzA=');
  });

  it('Content-MD5 of the raw body bytes', () => {
    expect(nodeSigningCrypto.md5Base64(new TextEncoder().encode(BODY))).toBe(BODY_MD5);
  });

  it('compares in constant time without assuming equal lengths', () => {
    expect(nodeSigningCrypto.safeEqual('abc', 'abc')).toBe(true);
    expect(nodeSigningCrypto.safeEqual('abc', 'abd')).toBe(false);
    expect(nodeSigningCrypto.safeEqual('abc', 'abcd')).toBe(false);
    expect(nodeSigningCrypto.safeEqual('', '')).toBe(true);
  });
});
