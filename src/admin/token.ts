/** The admin token's check, shared by the /__admin routes and the API documentation. */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/** The token a request carries, from x-admin-token or Authorization: Bearer. */
function presentedToken(request: FastifyRequest): string | undefined {
  const header = request.headers['x-admin-token'];
  if (typeof header === 'string') return header;
  const auth = request.headers.authorization;
  const bearer = auth === undefined ? undefined : /^Bearer\s+(.+)$/i.exec(auth);
  return bearer?.[1]?.trim();
}

/**
 * Whether a request carries the admin token (x-admin-token or Authorization: Bearer); the guard
 * (guard.ts) answers 401 when it does not.
 * @example
 * const tokenMatches = adminTokenMatcher('s3cret');
 */
export function adminTokenMatcher(token: string): (request: FastifyRequest) => boolean {
  // Digests have equal length, so the comparison is constant-time whatever was sent.
  const expected = digest(token);
  return (request) => {
    const given = presentedToken(request);
    return given !== undefined && timingSafeEqual(digest(given), expected);
  };
}

/** A fresh random admin token (32 hex digits), for a bind beyond loopback that was given none. */
export function generateAdminToken(): string {
  return randomBytes(16).toString('hex');
}
