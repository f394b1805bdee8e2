/**
 * The documentation as its own small Fastify instance, built when the OpenAPI document or the UI
 * is first asked for: @fastify/swagger, @fastify/swagger-ui and what they load (yaml,
 * @fastify/static) cost about 80 ms, which a start that never opens the docs does not pay.
 * It replays the routes the emulator serves, in their order, so the document lists exactly them.
 */
import type { FastifyDynamicSwaggerOptions } from '@fastify/swagger';
import type { FastifySwaggerUiOptions } from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest, type FastifySchema } from 'fastify';
import { ZOD_COMPILERS } from '../gateway/schema-compilers.js';

/** A route of the emulator as the document needs it. */
export interface DocumentedRoute {
  method: string | string[];
  url: string;
  schema?: FastifySchema;
  config?: unknown;
}

/** Builds the docs instance: swagger, every documented route (no handler of substance), the UI. */
export async function buildDocsApp(routes: readonly DocumentedRoute[], swaggerOptions: FastifyDynamicSwaggerOptions, uiOptions: FastifySwaggerUiOptions): Promise<FastifyInstance> {
  // Imported here, not at the top: the bundled CLI (dist/cli.js) inlines this module, and a
  // top-level import of the plugins would load them at every start again.
  const [{ default: swagger }, { default: swaggerUi }] = await Promise.all([import('@fastify/swagger'), import('@fastify/swagger-ui')]);
  const docs = Fastify({ logger: false, schemaController: ZOD_COMPILERS });
  // Awaited: swagger's onRoute hook must be in place before the routes are replayed.
  await docs.register(swagger, swaggerOptions);
  for (const route of routes) {
    docs.route({
      method: route.method,
      url: route.url,
      ...(route.schema ? { schema: route.schema } : {}),
      ...(route.config ? { config: route.config as object } : {}),
      // The schemas are for the document only: nothing is validated or serialized here.
      validatorCompiler: () => (value: unknown) => ({ value }),
      serializerCompiler: () => (data: unknown) => JSON.stringify(data),
      handler: async () => null,
    });
  }
  await docs.register(swaggerUi, uiOptions);
  await docs.ready();
  return docs;
}

// Hop-by-hop and framing headers: the emulator's own reply sets these.
const NOT_FORWARDED = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'date']);

/** Answers a GET of the emulator from the docs instance; a path it does not serve gets the emulator's 404. */
export async function forwardToDocs(docs: FastifyInstance, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const res = await docs.inject({ method: 'GET', url: request.url, headers: request.headers });
  if (res.statusCode === 404) {
    reply.callNotFound();
    return;
  }
  for (const [name, value] of Object.entries(res.headers)) {
    if (value !== undefined && !NOT_FORWARDED.has(name)) reply.header(name, value);
  }
  const html = /^text\/html/.test(String(res.headers['content-type'] ?? ''));
  await reply.code(res.statusCode).send(html ? withViewport(res.payload) : res.rawPayload);
}

/**
 * Swagger UI's page has no viewport meta, so a phone lays it out 980 px wide and shrinks it;
 * the page is made by the plugin with no option for it, so it is added here.
 */
export function withViewport(html: string): string {
  if (/<meta\s+name="viewport"/i.test(html)) return html;
  return html.replace(/<head>/i, '<head>\n      <meta name="viewport" content="width=device-width, initial-scale=1">');
}
