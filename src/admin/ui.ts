import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { packageUrl } from '../runtime/package-root.js';

/** The page's static files, shipped with the package (package.json `files`). */
export const UI_DIR = fileURLToPath(packageUrl('ui/'));

/** Where the page is served. */
export const UI_PATH = '/__admin/ui';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

// The page may talk only to the emulator that served it: no CDN, no third-party anything.
const CONTENT_SECURITY_POLICY =
  "default-src 'self'; connect-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

interface Asset {
  body: Buffer;
  type: string;
}

/** Reads the page's files once: a handful of small files, and a fixed map leaves no path to traverse. */
export function loadUiAssets(dir: string = UI_DIR): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  if (!existsSync(dir)) return assets;
  for (const name of readdirSync(dir)) {
    const type = CONTENT_TYPES[extname(name)];
    if (type) assets.set(name, { body: readFileSync(join(dir, name)), type });
  }
  return assets;
}

function send(reply: FastifyReply, asset: Asset): FastifyReply {
  return reply
    .header('content-type', asset.type)
    .header('cache-control', 'no-cache')
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', CONTENT_SECURITY_POLICY)
    .send(asset.body);
}

/**
 * The admin page at /__admin/ui/: static files only, built on the admin API. It needs no token
 * itself (a browser cannot add a header to a navigation); the page asks for one when the API does.
 */
export async function registerAdminUi(app: FastifyInstance, dir: string = UI_DIR): Promise<void> {
  const assets = loadUiAssets(dir);
  const index = assets.get('index.html');
  if (!index) {
    app.log.warn({ dir }, `admin page files missing in ${dir}: ${UI_PATH}/ will answer 404`);
    return;
  }
  // Files, not operations: left out of the API docs.
  const notAnOperation = { schema: { hide: true } };
  // Relative module URLs in the page resolve against the trailing slash.
  app.get(UI_PATH, notAnOperation, (_request, reply) => reply.redirect(`${UI_PATH}/`));
  app.get(`${UI_PATH}/`, notAnOperation, (_request, reply) => send(reply, index));
  app.get<{ Params: { file: string } }>(`${UI_PATH}/:file`, notAnOperation, (request, reply) => {
    const asset = assets.get(request.params.file);
    if (!asset) return reply.code(404).header('content-type', 'text/plain; charset=utf-8').send(`no file ${request.params.file} in the admin page`);
    return send(reply, asset);
  });
}
