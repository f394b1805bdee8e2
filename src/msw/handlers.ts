/**
 * The emulator as MSW request handlers: the same transport-free gateway core as the server, over
 * a world that lives in the page (or the test process). Nothing here imports a Node built-in.
 */
import { delay, http, HttpResponse, type HttpHandler } from 'msw';
import { createZoneTime, isValidZone, outOfRangeReason, type ZoneTime } from '../core/zone-time.js';
import { FaultRule, describeIssues, type FaultRuleInput } from '../faults/schema.js';
import { builtInFixtures } from '../fixtures/built-in.js';
import type { Fixtures } from '../fixtures/schema.js';
import { checkOrderTimes, validateFixtures } from '../fixtures/validate.js';
import type { GatewayAnswer } from '../gateway/answers.js';
import { appPermissions } from '../gateway/app-permissions.js';
import { cloudTokenCheck } from '../gateway/cloud-token-check.js';
import { CORS_HEADERS, PREFLIGHT_HEADERS } from '../gateway/cors.js';
import type { CallResult, CallTransport } from '../gateway/call-context.js';
import { badPathDetail, createGateway } from '../gateway/gateway-core.js';
import type { RequestOutcome } from '../gateway/request-outcome.js';
import { JournalBudget, type RawHeaders } from '../journal/journal.js';
import { recordRequest } from '../journal/record.js';
import { ALL_OPERATIONS, API_FAMILIES } from '../families/table.js';
import { createWorld, type World } from '../world.js';
import { createMockControl, type MockControl } from './control.js';

/** The real gateway's address: what the apps and SDKs call. */
export const DEFAULT_BASE_URL = 'https://api.link.aliyun.com';

/** The server's options where they make sense without a server. */
export interface HandlersOptions {
  /** The gateway's address, or several (default https://api.link.aliyun.com). */
  baseUrl?: string | readonly string[];
  /** Fixtures as objects (the fixture files' contents, validated here; `families` holds each family's own file by name); default: the built-in ones. */
  fixtures?: Partial<Record<keyof Fixtures, unknown>>;
  /** Seed of every generated id; default random. */
  seed?: number;
  /** Start the clock at this instant (ISO or epoch ms), frozen unless `frozen: false`; default the real time, running. */
  now?: string | number;
  /** With `now`: whether time stands still (default true). */
  frozen?: boolean;
  /** IANA zone of startTime/endTime and of calendar months (default Asia/Shanghai). */
  timezone?: string;
  /** Every API but /cloud/token needs a valid request.cloudToken. */
  requireCloudToken?: boolean;
  /** pay answers paymentStatus 2 and the order reads as paid this many ms later (default 0). */
  paymentSettleMs?: number;
  /** Fault rules in force at start (and after reset). */
  faults?: readonly FaultRuleInput[];
  /** Requests the journal keeps (default 10 000). */
  journalSize?: number;
  /** Bytes the journal keeps, about; the oldest entries go first (default 64 MiB). */
  journalBytes?: number;
  /** Largest request body in bytes; larger gets the gateway's 413 (default 1 MiB). */
  bodyLimit?: number;
}

/** The handlers to give setupWorker / setupServer, and the control object that drives their world. */
export interface MockHandlers {
  handlers: HttpHandler[];
  control: MockControl;
}

/** A bad option names itself and what it accepts, as the server's flags do. */
function optionError(name: string, why: string): Error {
  return new Error(`aliyun-living-mock/msw: option ${name}: ${why}`);
}

function startOf(now: string | number | undefined, zone: ZoneTime): number | undefined {
  if (now === undefined) return undefined;
  const ms = typeof now === 'number' ? now : Date.parse(now);
  if (!Number.isFinite(ms)) throw optionError('now', `"${now}" is not an instant; give an ISO instant such as 2024-05-01T00:00:00Z or epoch ms`);
  // As the server's --now: an instant the zone can show, as every instant the admin API takes.
  const outside = outOfRangeReason(zone, ms);
  if (outside) throw optionError('now', `${JSON.stringify(now)} is out of range: ${outside}`);
  return ms;
}

function faultRulesOf(rules: readonly FaultRuleInput[]) {
  return rules.map((rule, i) => {
    const parsed = FaultRule.safeParse(rule);
    if (!parsed.success) throw optionError(`faults[${i}]`, describeIssues(parsed.error));
    return parsed.data;
  });
}

/** Fixtures given as objects, validated as a folder of them would be, the families' own files included. */
function fixturesOf(given: NonNullable<HandlersOptions['fixtures']>): Fixtures {
  const { families, ...files } = given;
  const fixtures = validateFixtures(files);
  if (families === undefined) return fixtures;
  const withFamilies: Fixtures = { ...fixtures, families: families as Record<string, unknown> };
  for (const family of API_FAMILIES) family.checkFixtures?.(withFamilies);
  return withFamilies;
}

/** The world the options describe. */
function worldOf(options: HandlersOptions): World {
  const timezone = options.timezone ?? 'Asia/Shanghai';
  if (!isValidZone(timezone)) throw optionError('timezone', `"${timezone}" is not an IANA zone name such as Asia/Shanghai`);
  const zone = createZoneTime(timezone);
  const fixtures = options.fixtures === undefined ? builtInFixtures() : fixturesOf(options.fixtures);
  const startMs = startOf(options.now, zone);
  // A fixture order's time past what dates can show would corrupt the world built from it.
  try {
    checkOrderTimes(fixtures, startMs ?? Date.now(), zone);
  } catch (err) {
    throw optionError('fixtures', (err as Error).message);
  }
  const { journalBytes } = options;
  if (journalBytes !== undefined && (!Number.isSafeInteger(journalBytes) || journalBytes < 1)) throw optionError('journalBytes', `${journalBytes} is not a positive whole number of bytes`);
  return createWorld(fixtures, {
    timezone,
    startMs,
    frozen: options.frozen ?? true,
    seed: options.seed,
    paymentSettleMs: options.paymentSettleMs ?? 0,
    faults: faultRulesOf(options.faults ?? []),
    journalSize: options.journalSize,
    journalBudget: journalBytes === undefined ? undefined : new JournalBudget(journalBytes),
  });
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
 * checked (see the README).
 */
export function createHandlers(options: HandlersOptions = {}): MockHandlers {
  const world = worldOf(options);
  const bodyLimit = options.bodyLimit ?? 1024 * 1024;
  const gateway = createGateway({
    operations: ALL_OPERATIONS,
    checks: [cloudTokenCheck({ required: options.requireCloudToken ?? false }), appPermissions],
  });
  const transport: CallTransport = {
    wait(ms, reason) {
      if (reason === 'timeout' && world.clock.frozen) {
        world.clock.advance(ms);
        return Promise.resolve(true);
      }
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
    // A path no route can read is refused before its body is read, on the server too: no body in the journal.
    const journaledBody = body.length === 0 || !isReadablePath(url.pathname) ? undefined : body;
    const journaled = { id, method: request.method, url: url.pathname + url.search, headers: rawHeadersOf(request.headers), body: journaledBody, world, outcome };
    const result = body.length > bodyLimit
      ? { kind: 'answer' as const, answer: gateway.bodyTooLarge(outcome, `Request body is too large: ${body.length} bytes, the limit is ${bodyLimit}`) }
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

  const bases = (typeof options.baseUrl === 'string' ? [options.baseUrl] : (options.baseUrl ?? [DEFAULT_BASE_URL])).map((b) => b.replace(/\/+$/, ''));
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
