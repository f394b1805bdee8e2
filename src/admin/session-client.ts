/**
 * A client of one session of a running emulator: API calls and admin calls that all carry
 * `x-mock-session`, so a test file (or a test) owns its orders, clock, faults and journal.
 * Plain fetch, no Fastify: it runs wherever the tests run.
 */
import { AdminApiError, AdminClient, type AdminClientOptions } from './client.js';
import { SESSION_HEADER, sessionNameProblem } from '../sessions/select.js';
import type { SessionSummary } from '../sessions/sessions.js';

/**
 * The response envelope of an API call.
 * @example
 * const { body } = await session.call<{ orderId: string }>('/vision/customer/streaming/order/create', { iotId, commodityCode: 'streamingResource_20_10', copies: 1 });
 * const envelope: Envelope<{ orderId: string }> | null = body;
 */
export interface Envelope<T = unknown> {
  id: string;
  code: number;
  message: string | null;
  localizedMsg: string | null;
  data: T;
}

/**
 * What an API call answered: the envelope, or null for a gateway error (empty body).
 * @example
 * const answer: ApiAnswer = await session.call('/vision/customer/streaming/order/query', { iotId });
 * if (answer.body === null) console.log(answer.status, answer.gatewayError, answer.detail);
 */
export interface ApiAnswer<T = unknown> {
  status: number;
  /** X-Ca-Request-Id */
  requestId: string | null;
  /** x-mock-error-detail: the precise reason of an error answer. */
  detail: string | null;
  /** X-Ca-Error-Code of a gateway error. */
  gatewayError: string | null;
  body: Envelope<T> | null;
}

/**
 * How a session client wraps one API call: its apiVer, more `request` fields, headers.
 * @example
 * await session.call('/vision/customer/streaming/order/query', { iotId }, { request: { language: 'en-US' }, headers: { 'x-mock-fault': 'timeout' } });
 */
export interface CallOptions {
  /** request.apiVer; default 1.0.0 (1.0.1 for /cloud/token). */
  apiVer?: string;
  /** Other fields of the envelope's `request` (cloudToken, language...). */
  request?: Record<string, unknown>;
  headers?: Record<string, string>;
}

/**
 * Options of a session client: those of the AdminClient (token, fetch, headers).
 * @example
 * const session = sessionClient('http://127.0.0.1:8080', 'checkout', { token: process.env.ADMIN_TOKEN });
 */
export type SessionClientOptions = AdminClientOptions;

/**
 * A session of a running emulator: API calls and admin calls that all carry its name.
 * @example
 * const session: SessionClient = mock.session('checkout');
 * await session.admin.addFault({ type: 'error', code: 503 }); // fires in this session only
 * await session.drop();
 */
export interface SessionClient {
  readonly name: string;
  /** The emulator's base URL. */
  readonly url: string;
  /** The control plane, acting on this session only (reset, clock, faults, journal, devices). */
  readonly admin: AdminClient;
  /** POSTs an API envelope in this session. */
  call<T = unknown>(path: string, params?: Record<string, unknown>, options?: CallOptions): Promise<ApiAnswer<T>>;
  /** Drops the session on the server (DELETE /__admin/sessions/:name); its next use starts afresh. */
  drop(): Promise<void>;
}

function trimmed(baseUrl: string): string {
  return baseUrl.replace(/\/+$/, '');
}

/**
 * A client whose every call carries `x-mock-session: <name>`; throws on an invalid name.
 * @example
 * const session = sessionClient('http://127.0.0.1:8080', 'my-test');
 * const created = await session.call('/vision/customer/streaming/order/create', { iotId: 'bZGD54swRg******FkEs000101', commodityCode: 'streamingResource_20_10', copies: 1 });
 * created.body?.code; // 200
 * await session.admin.advanceClock('40d');
 */
export function sessionClient(baseUrl: string, name: string, options: SessionClientOptions = {}): SessionClient {
  const problem = sessionNameProblem(name);
  if (problem) throw new Error(problem);
  const url = trimmed(baseUrl);
  const fetchFn = options.fetch ?? globalThis.fetch.bind(globalThis);
  const headers = { ...options.headers, [SESSION_HEADER]: name };
  const admin = new AdminClient(url, { ...options, headers });
  const adminHeaders: Record<string, string> = options.token === undefined ? {} : { 'x-admin-token': options.token };
  let seq = 0;
  return {
    name,
    url,
    admin,
    async call<T>(path: string, params: Record<string, unknown> = {}, call: CallOptions = {}): Promise<ApiAnswer<T>> {
      const apiVer = call.apiVer ?? (path === '/cloud/token' ? '1.0.1' : '1.0.0');
      const envelope = { id: `${name}-${++seq}`, version: '1.0', request: { apiVer, ...call.request }, params };
      const res = await fetchFn(`${url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers, ...call.headers },
        body: JSON.stringify(envelope),
      });
      const text = await res.text();
      return {
        status: res.status,
        requestId: res.headers.get('x-ca-request-id'),
        detail: res.headers.get('x-mock-error-detail'),
        gatewayError: res.headers.get('x-ca-error-code'),
        body: text === '' ? null : (JSON.parse(text) as Envelope<T>),
      };
    },
    async drop() {
      const res = await fetchFn(`${url}/__admin/sessions/${encodeURIComponent(name)}`, { method: 'DELETE', headers: { ...adminHeaders, 'content-type': 'application/json' } });
      if (res.status !== 204 && res.status !== 404) throw new AdminApiError(res.status, `DELETE /__admin/sessions/${name} answered HTTP ${res.status}`);
    },
  };
}

/**
 * Adds `session(name)` to a running emulator (startServer's or startMock's answer, anything with
 * a `url`).
 * @example
 * const mock = withSessions(await startServer({ port: 0, now: '2024-11-15T02:00:00Z', seed: 7 }));
 * const session = mock.session('my-test'); // = sessionClient(mock.url, 'my-test')
 */
export function withSessions<T extends { url: string }>(server: T, options: SessionClientOptions = {}): T & { session(name: string): SessionClient } {
  return Object.assign(server, { session: (name: string) => sessionClient(server.url, name, options) });
}

/**
 * GET /__admin/sessions: the default session first, then the live ones, least recently used first.
 * @example
 * const sessions = await listSessions('http://127.0.0.1:8080');
 * sessions.map((s) => `${s.name}: ${s.orders} orders`);
 */
export async function listSessions(baseUrl: string, options: Pick<SessionClientOptions, 'token' | 'fetch'> = {}): Promise<SessionSummary[]> {
  const fetchFn = options.fetch ?? globalThis.fetch.bind(globalThis);
  const res = await fetchFn(`${trimmed(baseUrl)}/__admin/sessions`, {
    headers: options.token === undefined ? {} : { 'x-admin-token': options.token },
  });
  if (!res.ok) throw new AdminApiError(res.status, `GET /__admin/sessions answered HTTP ${res.status}`);
  return ((await res.json()) as { sessions: SessionSummary[] }).sessions;
}
