import type { FastifyInstance } from 'fastify';
import { DOCS_PATH } from '../docs/openapi.js';
import { UI_PATH } from './ui.js';

/**
 * Where a person who types the emulator's address lands: `/` on the admin page and `/docs` on the
 * API docs. No Aliyun API lives at either path (the gateway serves only /vision/... POSTs), so an
 * API client loses nothing; every other unknown path keeps the gateway's 404 I404NF.
 */
export const FRONT_DOOR: Readonly<Record<string, string>> = { '/': `${UI_PATH}/`, '/docs': DOCS_PATH };

/** True for a GET or HEAD of a front-door path (a query string allowed). */
export function isFrontDoor(method: string | undefined, url: string): boolean {
  if (method !== 'GET' && method !== 'HEAD') return false;
  const query = url.indexOf('?');
  return Object.hasOwn(FRONT_DOOR, query < 0 ? url : url.slice(0, query));
}

/**
 * Registers the front door's redirects; only with the control plane on (with --no-admin both
 * paths are unknown paths again). A 302, not a 301: a browser must not remember it past a restart
 * with --no-admin. The redirect needs no admin token: it reveals nothing, and the page asks.
 */
export function registerFrontDoor(app: FastifyInstance): void {
  for (const [path, target] of Object.entries(FRONT_DOOR)) {
    app.get(path, { schema: { hide: true } }, (_request, reply) => reply.redirect(target, 302));
  }
}
