import { createHash, createHmac, randomUUID } from 'node:crypto';

/**
 * A client-side signer for tests, written apart from src/gateway/signing from the rules of Aliyun 143207, API signing,
 * so that tests cross-check the server instead of agreeing with it by construction.
 */
export interface SignOptions {
  appKey: string;
  appSecret: string;
  /** Path with an optional query string, e.g. /p?b=2&a=1 */
  url: string;
  body: string | Buffer;
  contentType?: string;
  accept?: string;
  algorithm?: 'HmacSHA256' | 'HmacSHA1';
  /** Which header names the algorithm (the Tea SDK spells it x-ca-signaturemethod). */
  methodHeader?: 'X-Ca-Signature-Method' | 'x-ca-signaturemethod';
  timestamp?: number | string;
  nonce?: string;
  /** false: send no Content-MD5. */
  contentMd5?: string | false;
  /** Capitalised header names, as the Java SDK writes them. */
  capitalised?: boolean;
  /** Names listed in X-Ca-Signature-Headers but not sent: signed with an empty value. */
  unsentSignedHeaders?: string[];
}

/** Headers that sign a POST: X-Ca-Key, -Timestamp, -Nonce, -Signature-Headers, -Signature, Content-MD5. */
export function signHeaders(o: SignOptions): { headers: Record<string, string>; stringToSign: string } {
  const name = (n: string) => (o.capitalised ? n.replace(/(^|-)([a-z])/g, (_m, d: string, c: string) => d + c.toUpperCase()) : n);
  const body = typeof o.body === 'string' ? Buffer.from(o.body, 'utf8') : o.body;
  const accept = o.accept ?? 'application/json';
  const contentType = o.contentType ?? 'application/json';
  const md5 = o.contentMd5 === false ? '' : (o.contentMd5 ?? createHash('md5').update(body).digest('base64'));
  const signed: Record<string, string> = {
    [name('x-ca-key')]: o.appKey,
    [name('x-ca-timestamp')]: String(o.timestamp ?? Date.now()),
    [name('x-ca-nonce')]: o.nonce ?? randomUUID(),
  };
  if (o.algorithm && o.methodHeader) signed[o.methodHeader] = o.algorithm;
  const values: Record<string, string> = { ...signed, ...Object.fromEntries((o.unsentSignedHeaders ?? []).map((n) => [n, ''])) };
  const names = Object.keys(values).sort();
  const [path, query = ''] = o.url.split('?');
  const params = [...new URLSearchParams(query)].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const url = params.length ? `${path}?${params.map(([k, v]) => (v === '' ? k : `${k}=${v}`)).join('&')}` : path;
  const stringToSign =
    ['POST', accept, md5, contentType, ''].join('\n') + '\n' + names.map((n) => `${n}:${values[n]}\n`).join('') + url;
  const algorithm = o.algorithm === 'HmacSHA1' ? 'sha1' : 'sha256';
  const signature = createHmac(algorithm, o.appSecret).update(stringToSign, 'utf8').digest('base64');
  const headers: Record<string, string> = {
    accept,
    'content-type': contentType,
    ...signed,
    [name('x-ca-signature-headers')]: names.join(','),
    [name('x-ca-signature')]: signature,
  };
  if (md5) headers['content-md5'] = md5;
  return { headers, stringToSign };
}

/** The fixture apps (fixtures/apps.json) by role. */
export const APPS = {
  full: { appKey: '24000001', appSecret: 'mock-app-secret-home-cameras-0001' },
  readOnly: { appKey: '24000002', appSecret: 'mock-app-secret-read-only-0002' },
  signedOnly: { appKey: '24000003', appSecret: 'mock-app-secret-signed-only-0003' },
  otherProject: { appKey: '24000009', appSecret: 'mock-app-secret-pet-feeder-0009' },
} as const;
