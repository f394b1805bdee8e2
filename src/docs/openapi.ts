/**
 * The emulator documents itself: OpenAPI 3 at /__admin/openapi.json and a browsable UI at
 * /__admin/docs, generated from the same zod schemas the operations parse their params with.
 * Both are built on first use (docs-app.ts): a start pays only for noting the routes.
 */
import type { FastifyDynamicSwaggerOptions } from '@fastify/swagger';
import type { FastifySwaggerUiOptions } from '@fastify/swagger-ui';
import type { FastifyInstance, FastifyReply, FastifyRequest, FastifySchema } from 'fastify';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { GatewayErrors, type GatewayError } from '../errors/catalogue.js';
import { EnvelopeRequest } from '../gateway/envelope.js';
import type { Operation } from '../platform/operation.js';
import { routeOperations, type RouteOperations } from '../platform/operation-route.js';
import { packageVersion } from '../runtime/version.js';
import { UI_DIR, UI_PATH } from '../admin/ui.js';
import { ADMIN_SECURITY_SCHEMES, adminRouteSchema } from './admin-docs.js';
import { DOCS_THEME_CSS } from './docs-theme.js';
import type { DocumentedRoute } from './docs-app.js';
import { businessErrorExamples, exampleRequest, exampleResponse, exampleWorlds, type ExampleWorlds } from './examples.js';

/** Where the document and the UI are served. */
export const OPENAPI_PATH = '/__admin/openapi.json';
export const DOCS_PATH = '/__admin/docs';

/** A route the app serves; hidden ones (docs UI, 405 answers) are left out of the document. */
export interface ServedRoute {
  method: string;
  url: string;
  hidden: boolean;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route registered after the docs: what the OpenAPI document must list. */
    servedRoutes: readonly ServedRoute[];
  }
}

/** Tag of the emulated Aliyun APIs in the document. */
export const API_TAG = 'Aliyun API';

/** The response envelope every API answers with HTTP 200. */
export const ResponseEnvelope = z.object({
  id: z.string().describe('a fresh lower-case UUID (not the caller\'s id)'),
  code: z.number().int().describe('200, or a business error code'),
  message: z.string().nullable().describe('null on success; the error message otherwise'),
  localizedMsg: z.string().nullable().describe('null on success; Chinese, or English when request.language starts with "en"'),
  data: z.unknown().describe('the API\'s data; null on error'),
});

function requestEnvelopeFor(operation: Operation) {
  return z.object({
    id: z.union([z.string(), z.number()]).nullish().describe('request id chosen by the caller'),
    version: z.string().nullish().describe('fixed "1.0"'),
    request: EnvelopeRequest.extend({ apiVer: z.literal(operation.apiVer).describe('version of the API') }),
    params: operation.params,
  });
}

/** The gateway's error answers by HTTP status, as OpenAPI responses: empty body, X-Ca-Error-* headers. */
export function gatewayResponses(): Record<string, unknown> {
  const byStatus = new Map<number, GatewayError[]>();
  for (const error of Object.values(GatewayErrors) as GatewayError[]) byStatus.set(error.httpStatus, [...(byStatus.get(error.httpStatus) ?? []), error]);
  const out: Record<string, unknown> = {};
  for (const [status, errors] of byStatus) {
    out[String(status)] = {
      type: 'null',
      description: `Gateway error, empty body. ${errors.map((e) => `${e.errorCode} "${e.message}": ${e.when}`).join('. ')}`,
      headers: {
        'X-Ca-Request-Id': { type: 'string', description: 'upper-case UUID of the request' },
        'X-Ca-Error-Code': { type: 'string', enum: errors.map((e) => e.errorCode), description: 'six-character gateway error code' },
        'X-Ca-Error-Message': { type: 'string', description: errors.map((e) => `"${e.message}"`).join(' or ') },
        'x-mock-error-detail': { type: 'string', description: 'the emulator\'s precise reason' },
      },
    };
  }
  return out;
}

/**
 * The schema a route documents itself with: an API route's is made from the operations it
 * carries (when the document is first built: its examples call the operations on a fresh world,
 * seconds with 100 000 fixture orders), any other route's is its own. One build of the document
 * passes the same `worlds` to every route, so the fixtures are resolved once.
 */
export function documentedSchema(schema: FastifySchema | undefined, worlds: ExampleWorlds = exampleWorlds()): FastifySchema | undefined {
  const api = routeOperations(schema);
  return api ? fullApiRouteSchema(api, worlds) : schema;
}

function fullApiRouteSchema({ operations, fixtures, apiFamilies }: RouteOperations, worlds: ExampleWorlds): FastifySchema {
  const first = operations[0]!;
  const requestExamples = Object.fromEntries(operations.map((op) => [`apiVer ${op.apiVer}`, { value: exampleRequest(op, fixtures) }]));
  const okExamples = Object.fromEntries(operations.map((op) => [`apiVer ${op.apiVer}`, { summary: 'the emulator\'s answer to the request example', value: exampleResponse(op, fixtures, worlds, apiFamilies) }]));
  const bodies = operations.map(requestEnvelopeFor);
  const body = (bodies.length === 1 ? bodies[0]! : z.union(bodies as unknown as [z.ZodType, z.ZodType])).meta({ 'x-examples': requestExamples });
  const timeouts = operations.map((op) => `apiVer ${op.apiVer}: gateway timeout ${op.timeoutMs} ms`).join('; ');
  return {
    tags: [API_TAG],
    summary: first.summary,
    description:
      `POST the JSON envelope (Content-Type application/json or application/octet-stream). ${timeouts}. ` +
      'Business errors answer HTTP 200 with the code in the body and data null; the precise reason is in the x-mock-error-detail header.',
    body,
    response: {
      200: ResponseEnvelope.describe('The business envelope: code 200 with data, or a business error').meta({ 'x-examples': { ...okExamples, ...businessErrorExamples() } }),
    },
  } as FastifySchema;
}

/** The options of @fastify/swagger: the document's header and how a route schema becomes OpenAPI. */
function swaggerOptions(): FastifyDynamicSwaggerOptions {
  return {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'aliyun-living-mock',
        version: packageVersion(),
        description:
          'Emulator of the Aliyun Living IoT Platform value-added service APIs (直播分享 live-stream sharing, 云存储 cloud storage and its free trial) behind an emulated API gateway (api.link.aliyun.com), ' +
          'and its control plane under /__admin. ' +
          `The [admin page](${UI_PATH}/) shows the devices, the journal and the fault rules. ` +
          'With `--admin-token`, press **Authorize** and enter the token to try the admin operations.',
      },
      components: { securitySchemes: ADMIN_SECURITY_SCHEMES },
      tags: [
        { name: API_TAG, description: 'The emulated Aliyun APIs: POST, JSON envelope in, envelope out' },
        { name: 'admin', description: 'The emulator\'s control plane: plain JSON' },
      ],
    },
    transform: (input) => {
      const method = [input.route.method].flat()[0] ?? 'GET';
      const adminDoc = input.url.startsWith('/__admin') ? adminRouteSchema(method, input.url) : undefined;
      const out = jsonSchemaTransform(adminDoc ? { ...input, schema: { ...adminDoc, ...input.schema } } : input);
      // Routes without a schema of their own under /__admin are the control plane.
      const schema = out.schema as (FastifySchema & { tags?: string[]; response?: Record<string, unknown> }) | undefined;
      if (input.url.startsWith('/__admin') && !schema?.tags) out.schema = { ...schema, tags: ['admin'] } as typeof out.schema;
      // The gateway's answers are not zod schemas: an empty body and headers, added as they go on the wire.
      if (schema?.tags?.includes(API_TAG)) schema.response = { ...schema.response, ...gatewayResponses() };
      return out;
    },
  };
}

// Swagger UI renders its default logo (an SVG with a <style> element) before the initializer
// swaps in ours: its hash lets that one style in, where 'unsafe-inline' would let in any.
const SWAGGER_LOGO_STYLE = "'sha256-RL3ie0nH+Lzz2YNqQN83mnU0J1ot4QL7b99vMdIX99w='";

/** Only the emulator's own origin: no CDN, no online validator, no upgrade to an https the emulator may not serve. */
export const DOCS_CONTENT_SECURITY_POLICY =
  "default-src 'self'; base-uri 'self'; connect-src 'self'; font-src 'self' data:; frame-ancestors 'self'; img-src 'self' data:; " +
  `object-src 'none'; script-src 'self'; script-src-attr 'none'; style-src 'self' ${SWAGGER_LOGO_STYLE}; form-action 'self'`;

// Swagger UI's initializer puts the logo in the top bar's link but leaves the link without an
// address: point it at the admin page.
const LINK_LOGO_SCRIPT = `(function link() {
  var a = document.querySelector('#swagger-ui .topbar-wrapper a.link');
  if (!a) return setTimeout(link, 50);
  a.href = '${UI_PATH}/';
  a.title = 'the admin page';
  var img = a.querySelector('img');
  if (img) img.alt = 'aliyun-living-mock: the admin page';
})();
`;

// Swagger UI leaves a few controls without an accessible name (axe: label, select-name,
// button-name), code that scrolls out of the keyboard's reach (scrollable-region-focusable), Chinese
// text under the page's lang="en", and names the Authorize dialog's buttons with words they do not show
// (label-content-name-mismatch: "Apply credentials" on a button reading "Authorize"). Named here
// as they are drawn; React rewrites an attribute only when its own value for it changes.
const NAME_CONTROLS_SCRIPT = `(function () {
  var names = [
    ['textarea.body-param__text', 'request body'],
    ['select.examples-select-element', 'example'],
    ['button.close-modal', 'close'],
  ];
  function name() {
    for (var i = 0; i < names.length; i++) {
      var els = document.querySelectorAll(names[i][0] + ':not([aria-label])');
      for (var j = 0; j < els.length; j++) els[j].setAttribute('aria-label', names[i][1]);
    }
    // Code that scrolls (a long answer, a curl line on a phone) scrolls from the keyboard too.
    var code = document.querySelectorAll('pre.microlight:not([tabindex])');
    for (var c = 0; c < code.length; c++) code[c].setAttribute('tabindex', '0');
    // The page is English (lang="en"); a summary or description that opens in Chinese (the doc
    // pages' own words, an English gloss after them) is read with a Chinese voice.
    var texts = document.querySelectorAll('.opblock-summary-description:not([lang]), .opblock-description-wrapper p:not([lang]), .parameters-col_description p:not([lang])');
    for (var t = 0; t < texts.length; t++) {
      if (/^[\\u3400-\\u9fff]/.test(texts[t].textContent)) texts[t].setAttribute('lang', 'zh-CN');
    }
    var buttons = document.querySelectorAll('.auth-btn-wrapper button[aria-label]');
    for (var k = 0; k < buttons.length; k++) {
      var b = buttons[k], shown = b.textContent.trim(), label = b.getAttribute('aria-label');
      if (shown && label.toLowerCase().indexOf(shown.toLowerCase()) < 0) b.setAttribute('aria-label', shown + ': ' + label);
    }
  }
  new MutationObserver(name).observe(document.documentElement, { childList: true, subtree: true, characterData: true });
})();
`;

// A browser cannot add a header to a navigation: the UI shell loads without the admin token, then
// fetches the document with it, from the page link (#token=..., kept for the tab so that a reload
// without it still reads the document) or the admin page's tab storage. Operations tried out get the token only
// through Authorize, so the docs show what a caller without it gets.
const DOCUMENT_TOKEN_SCRIPT = `(function () {
  var key = 'aliyun-living-mock.adminToken';
  var fromLink = /[#&]token=([^&]+)/.exec(window.location.hash);
  var token = fromLink ? decodeURIComponent(fromLink[1]) : null;
  try {
    if (token) sessionStorage.setItem(key, token);
    else token = sessionStorage.getItem(key);
  } catch (e) {}
  if (!token) return;
  var plain = window.fetch.bind(window);
  window.fetch = function (input, init) {
    var url = typeof input === 'string' ? input : input.url;
    if (!/\\/(openapi\\.json|docs\\/json|docs\\/yaml)(\\?|$)/.test(url)) return plain(input, init);
    var headers = new Headers((init && init.headers) || {});
    headers.set('x-admin-token', token);
    return plain(input, Object.assign({}, init, { headers: headers }));
  };
})();
`;

/** The options of the docs UI: the project's title and logo (the page's own, linking back to it). */
function uiOptions(): FastifySwaggerUiOptions {
  const logo = readFileSync(join(UI_DIR, 'favicon.svg'));
  return {
    routePrefix: DOCS_PATH,
    staticCSP: DOCS_CONTENT_SECURITY_POLICY,
    // No deep links: Swagger UI draws each as a link inside the operation's button (axe: nested-interactive).
    // Examples and answers in plain light-on-dark text: no highlight theme has every colour at 4.5:1.
    uiConfig: { docExpansion: 'list', deepLinking: false, validatorUrl: null, persistAuthorization: false, syntaxHighlight: { activate: false } },
    theme: {
      title: 'aliyun-living-mock · API docs',
      favicon: [{ filename: 'favicon.svg', rel: 'icon', sizes: 'any', type: 'image/svg+xml', content: logo }],
      css: [{ filename: 'contrast.css', content: DOCS_THEME_CSS }],
      js: [
        { filename: 'link-logo.js', content: LINK_LOGO_SCRIPT },
        { filename: 'document-token.js', content: DOCUMENT_TOKEN_SCRIPT },
        { filename: 'name-controls.js', content: NAME_CONTROLS_SCRIPT },
      ],
    },
    logo: { type: 'image/svg+xml', content: logo, href: `${UI_PATH}/`, target: '_self' },
  };
}

/** What registerDocs serves, and behind what. */
export interface DocsOptions {
  /** Serve the document and the UI (off with --no-admin: they are part of the control plane). */
  serve?: boolean;
}

/**
 * Notes every route registered after it, for the document, and serves the document and the UI;
 * call before any route, so every route is seen. The document and the UI are built on the first
 * request for either (an await in that request: it is answered, never refused).
 */
export async function registerDocs(app: FastifyInstance, options: DocsOptions = {}): Promise<void> {
  const routes: ServedRoute[] = [];
  const documented: DocumentedRoute[] = [];
  app.decorate('servedRoutes', routes);
  if (options.serve === false) return;
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const hidden = Boolean((route.schema as { hide?: boolean } | undefined)?.hide);
    for (const method of methods) routes.push({ method: method.toUpperCase(), url: route.url, hidden });
    // @fastify/swagger leaves out hidden routes and HEAD ones (Fastify adds one per GET).
    const shown = methods.filter((m) => m.toUpperCase() !== 'HEAD');
    if (!hidden && shown.length) documented.push({ method: shown.length === 1 ? shown[0]! : shown, url: route.url, schema: route.schema as FastifySchema | undefined, config: route.config });
  });
  let docsApp: Promise<FastifyInstance> | undefined;
  const docs = () => {
    docsApp ??= import('./docs-app.js').then(({ buildDocsApp }) => {
      const worlds = exampleWorlds();
      return buildDocsApp(documented.map((r) => ({ ...r, schema: documentedSchema(r.schema, worlds) })), swaggerOptions(), uiOptions());
    });
    return docsApp;
  };
  app.addHook('onClose', async () => {
    if (docsApp) await (await docsApp).close();
  });
  // The admin guard (src/admin/guard.ts) asks for the token on these, and not on the UI shell.
  const guarded = { schema: { hide: true } };
  app.get(OPENAPI_PATH, guarded, async () => (await docs()).swagger());
  const ui = async (request: FastifyRequest, reply: FastifyReply) => {
    const { forwardToDocs } = await import('./docs-app.js');
    await forwardToDocs(await docs(), request, reply);
  };
  app.get(DOCS_PATH, { schema: { hide: true } }, ui);
  app.get(`${DOCS_PATH}/*`, { schema: { hide: true } }, ui);
  // The UI's copies of the document.
  app.get(`${DOCS_PATH}/json`, guarded, ui);
  app.get(`${DOCS_PATH}/yaml`, guarded, ui);
}
