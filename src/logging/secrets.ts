import type { FastifyRequest } from 'fastify';

/** Headers whose values are secrets or prove knowledge of one. */
const SECRET_HEADERS = ['x-ca-signature', 'x-ca-secret', 'x-admin-token', 'authorization', 'cookie'];
/** Body fields (at any depth) whose values are secrets. */
const SECRET_KEY = /secret|token|signature|password/i;

function collect(value: unknown, out: Set<string>, depth: number): void {
  if (depth > 6 || value === null || typeof value !== 'object') return;
  for (const [key, inner] of Object.entries(value)) {
    if (SECRET_KEY.test(key) && typeof inner === 'string' && inner.length >= 4) out.add(inner);
    else collect(inner, out, depth + 1);
  }
}

/** The secret values a request carried, in its headers and its JSON body. */
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
      // Not JSON, yet an error message may quote it: take what looks like "secretKey": "value".
      for (const m of text.matchAll(/"[\w-]*(?:secret|token|signature|password)[\w-]*"\s*:\s*"([^"]{4,})"/gi)) out.add(m[1]!);
    }
  } else if (body && typeof body === 'object') collect(body, out, 0);
  return out;
}

/** The text with every secret of the request replaced, for log lines that quote the caller. */
export function scrubSecrets(text: string, request: FastifyRequest): string {
  let out = text;
  for (const secret of secretsOf(request)) out = out.split(secret).join('[REDACTED]');
  return out;
}
