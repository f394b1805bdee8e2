/**
 * The emulator as MSW request handlers: an adapter over the same emulator as the server
 * (emulator.ts, from options the server's schema parses), whose world lives in the page (or the
 * test process). Nothing here imports a Node built-in.
 */
import * as mswExports from 'msw';
import { delay, http, HttpResponse, type HttpHandler } from 'msw';
import { createEmulator } from '../emulator.js';
import { builtInFixtures } from '../fixtures/built-in.js';
import type { Fixtures } from '../fixtures/schema.js';
import { validateFixtures } from '../fixtures/validate.js';
import type { GatewayAnswer } from '../gateway/answers.js';
import type { CallResult, CallTransport } from '../gateway/call-context.js';
import { CORS_HEADERS, PREFLIGHT_HEADERS } from '../gateway/cors.js';
import { badPathDetail } from '../gateway/gateway-core.js';
import type { RequestOutcome } from '../gateway/request-outcome.js';
import type { RawHeaders } from '../journal/journal.js';
import { recordRequest } from '../journal/record.js';
import { familyTableOf } from '../families/table.js';
import type { FamilyTable } from '../platform/api-family.js';
import { createMockControl, type MockControl } from './control.js';
import { mswMajorOf, mswRuntimeProblem } from './msw-runtime.js';
import { optionsError, parseHandlersOptions, type HandlersOptions } from './options.js';

export { DEFAULT_BASE_URL, type HandlersOptions } from './options.js';

/**
 * The handlers to give setupWorker / setupServer, and the control object that drives their world.
 * @example
 * const { handlers, control }: MockHandlers = createHandlers({ now: '2024-11-15T02:00:00Z', seed: 42 });
 * const server = setupServer(...handlers);
 */
export interface MockHandlers {
  handlers: HttpHandler[];
  control: MockControl;
}

/** Fixtures given as objects, validated as a folder of them would be, the families' own files included. */
function fixturesOf(given: NonNullable<HandlersOptions['fixtures']>, apiFamilies: FamilyTable): Fixtures {
  const { families, ...files } = given;
  const fixtures = validateFixtures(files);
  if (families === undefined) return fixtures;
  const withFamilies: Fixtures = { ...fixtures, families: families as Record<string, unknown> };
  apiFamilies.checkFixtures(withFamilies);
  return withFamilies;
}

/** The table of the `families` option; a bad line is an invalid option, named as the others are. */
function tableOf(families: HandlersOptions['families']): FamilyTable {
  try {
    return familyTableOf(families);
  } catch (err) {
    throw optionsError((err as Error).message);
  }
}

/** False for a path with a bad `%` escape, which no route can read. */
function isReadablePath(path: string): boolean {
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}

/** Request headers as Node hands them to the server: lower-case names, one string each. */
function rawHeadersOf(headers: Headers): RawHeaders {
  const raw: RawHeaders = {};
  headers.forEach((value, name) => {
    raw[name] = value;
  });
  return raw;
}

/** A Response from a core answer, with the headers every gateway answer carries. */
function responseOf(answer: GatewayAnswer, requestId: string): Response {
  const headers = { ...CORS_HEADERS, 'x-ca-request-id': requestId, ...answer.headers };
  // A fresh ArrayBuffer: what a Response takes as a body, whatever the answer's bytes are a view of.
  return new HttpResponse(answer.body === null ? null : answer.body.slice().buffer, { status: answer.status, headers });
}

/**
 * MSW request handlers for every API of the family at `baseUrl`, answering from the same domain
 * code as the server (envelope, codes, catalogue, timeline rules, fixtures, seed and clock), and
 * the control object with AdminClient's methods. Faults map to MSW's verbs: latency is delay(),
 * drop is a network error, timeout is the gateway's 504 after the API's timeout (on the emulator's
 * clock when it is frozen: the clock moves on, the test does not wait). X-Ca signatures are not
 * checked (see docs/msw.md).
 * @example
 * import { setupServer } from 'msw/node';
 * import { createHandlers } from '@aliyun-living-mock/msw';
 *
 * const { handlers, control } = createHandlers({ now: '2024-11-15T02:00:00Z', seed: 42 });
 * const server = setupServer(...handlers);
 * beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
 * beforeEach(() => control.reset());
 * afterAll(() => server.close());
 */
export function createHandlers(options: HandlersOptions = {}): MockHandlers {
  // Before anything of msw runs: msw 3 on Node 20 would otherwise fail at the first request, inside msw.
  const problem = mswRuntimeProblem(mswMajorOf(mswExports), globalThis.process?.versions?.node);
  if (problem !== undefined) throw new Error(problem);
  const config = parseHandlersOptions(options);
  const apiFamilies = tableOf(config.families);
  const { world, gateway } = createEmulator(config, {
    fixtures: config.fixtures === undefined ? builtInFixtures() : fixturesOf(config.fixtures, apiFamilies),
    apiFamilies,
    faults: config.faults,
  });
  const { bodyLimit } = config;
  const transport: CallTransport = {
    wait(ms, reason) {
      // On a frozen clock the test need not wait out a timeout: the core moves the clock on by it.
      if (reason === 'timeout' && world.clock.frozen) return Promise.resolve(true);
      return delay(ms).then(() => true);
    },
    logError: (err, message) => console.error(`aliyun-living-mock/msw: ${message}`, err),
  };

  /** The gateway's work on one request under a base URL: request id, core, journal, Response. */
  async function serve(request: Request, answerWith: (call: { path: string; body: Uint8Array; outcome: RequestOutcome }) => CallResult | Promise<CallResult>) {
    const started = performance.now();
    // Drawn first, as the server draws it for every request it routes.
    const id = world.ids.uuid().toUpperCase();
    const url = new URL(request.url);
    const outcome: RequestOutcome = { receivedAtMs: world.clock.now() };
    const body = new Uint8Array(await request.arrayBuffer());
    // A path no route can read, or a body over the limit, is refused before the body is read, on the
    // server too: no body in the journal.
    const tooLarge = body.length > bodyLimit;
    const journaledBody = body.length === 0 || tooLarge || !isReadablePath(url.pathname) ? undefined : body;
    const journaled = { id, method: request.method, url: url.pathname + url.search, headers: rawHeadersOf(request.headers), body: journaledBody, world, outcome };
    const result = tooLarge
      ? { kind: 'answer' as const, answer: gateway.bodyTooLarge(outcome, bodyLimit, body.length) }
      : await answerWith({ path: url.pathname, body, outcome });
    if (result.kind === 'answer') {
      recordRequest(journaled, result.answer.status, performance.now() - started);
      return responseOf(result.answer, id);
    }
    recordRequest(journaled, null, performance.now() - started);
    if (result.kind === 'drop') return HttpResponse.error();
    // Hung: no answer until the page or the test gives up on it.
    await delay('infinite');
    return HttpResponse.error();
  }

  const bases = (typeof config.baseUrl === 'string' ? [config.baseUrl] : config.baseUrl).map((b) => b.replace(/\/+$/, ''));
  const handlers: HttpHandler[] = [];
  for (const base of bases) {
    for (const path of gateway.routes.keys()) {
      handlers.push(
        http.post(`${base}${path}`, ({ request }) =>
          serve(request, ({ body, outcome }) => {
            const url = new URL(request.url);
            return gateway.call(world, { method: 'POST', path, query: url.search.slice(1), headers: rawHeadersOf(request.headers), body: body.length === 0 ? undefined : body }, outcome, () => transport);
          }),
        ),
      );
    }
    // Every path under the base, as a pattern with no capture: MSW decodes what a pattern captures, and
    // a path with a bad `%` escape would throw there instead of reaching the gateway's answer.
    const underBase = new RegExp(`^${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/.*$`);
    handlers.push(
      http.options(underBase, () => {
        world.ids.uuid();
        return new HttpResponse(null, { status: 204, headers: PREFLIGHT_HEADERS });
      }),
      // Every other method or path under the gateway: its 405 on an API path, else its 404.
      http.all(underBase, ({ request }) =>
        serve(request, ({ path, outcome }) => {
          const answer = gateway.routes.has(path)
            ? gateway.unsupportedMethod(outcome, request.method)
            : isReadablePath(path)
              ? gateway.notFound(outcome, request.method, path)
              : gateway.unroutable(outcome, badPathDetail(path));
          return { kind: 'answer', answer };
        }),
      ),
    );
  }
  return { handlers, control: createMockControl(world) };
}
