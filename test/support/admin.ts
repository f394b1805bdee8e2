import type { FastifyInstance } from 'fastify';

/** Calls an /__admin route with a JSON body and returns status, parsed body and headers. */
export async function admin(app: FastifyInstance, method: 'GET' | 'PUT' | 'POST' | 'DELETE', url: string, payload?: unknown, headers: Record<string, string> = {}) {
  const res = await app.inject({
    method,
    url: `/__admin${url}`,
    headers: payload === undefined && method === 'GET' ? headers : { 'content-type': 'application/json', ...headers },
    payload: payload === undefined ? undefined : typeof payload === 'string' ? payload : JSON.stringify(payload),
  });
  return { status: res.statusCode, body: res.body ? JSON.parse(res.body) : undefined, headers: res.headers };
}
