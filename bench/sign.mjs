// Signs a request as an API-gateway client does (Aliyun 143207, API signing), so the signature scenario can send
// requests generated in advance. No nonce: autocannon replays each request many times, and a
// nonce may be used once; the timestamp is sent and must stay within 15 minutes of the server.
import { createHash, createHmac } from 'node:crypto';

/**
 * Headers of a signed POST of `body` (a string) to `path` with HmacSHA256:
 * X-Ca-Key, X-Ca-Timestamp, X-Ca-Signature-Headers, X-Ca-Signature, Content-MD5 and the rest.
 */
export function signedHeaders({ appKey, appSecret, path, body, timestampMs = Date.now() }) {
  const headers = {
    accept: 'application/json',
    'content-type': 'application/json; charset=utf-8',
    'content-md5': createHash('md5').update(body, 'utf8').digest('base64'),
    'x-ca-key': appKey,
    'x-ca-timestamp': String(timestampMs),
    'x-ca-signature-method': 'HmacSHA256',
  };
  // The X-Ca-* headers take part, sorted by name; Accept, Content-MD5 and Content-Type have their own lines.
  const signed = ['x-ca-key', 'x-ca-signature-method', 'x-ca-timestamp'];
  const stringToSign = [
    'POST',
    headers.accept,
    headers['content-md5'],
    headers['content-type'],
    '', // Date
    ...signed.map((name) => `${name}:${headers[name]}`),
    path,
  ].join('\n');
  return {
    ...headers,
    'x-ca-signature-headers': signed.join(','),
    'x-ca-signature': createHmac('sha256', appSecret).update(stringToSign, 'utf8').digest('base64'),
  };
}
