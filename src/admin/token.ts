/** The admin token's check, shared by the /__admin routes and the API documentation. */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

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

/** An onRequest hook that answers 401 unless the request carries the token (preflights pass). */
export function adminTokenCheck(token: string) {
  // Digests have equal length, so the comparison is constant-time whatever was sent.
  const expected = digest(token);
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    if (request.method === 'OPTIONS') return;
    const given = presentedToken(request);
    if (given === undefined || !timingSafeEqual(digest(given), expected)) {
      await reply.code(401).send({ error: 'admin token missing or wrong: send header x-admin-token: <token> (or Authorization: Bearer <token>), as given to --admin-token' });
    }
  };
}

/** A fresh random admin token (32 hex digits), for a bind beyond loopback that was given none. */
export function generateAdminToken(): string {
  return randomBytes(16).toString('hex');
}
