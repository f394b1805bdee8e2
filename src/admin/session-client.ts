/**
 * A client of one session of a running emulator: API calls and admin calls that all carry
 * `x-mock-session`, so a test file (or a test) owns its orders, clock, faults and journal.
 * Plain fetch, no Fastify: it runs wherever the tests run.
 */
import { AdminApiError, AdminClient, type AdminClientOptions } from './client.js';
import { SESSION_HEADER, sessionNameProblem } from '../sessions/select.js';
import type { SessionSummary } from '../sessions/sessions.js';

/** The response envelope of an API call. */
export interface Envelope<T = unknown> {
  id: string;
  code: number;
  message: string | null;
  localizedMsg: string | null;
  data: T;
}

/** What an API call answered: the envelope, or null for a gateway error (empty body). */
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

export interface CallOptions {
  /** request.apiVer; default 1.0.0 (1.0.1 for /cloud/token). */
  apiVer?: string;
  /** Other fields of the envelope's `request` (cloudToken, language...). */
  request?: Record<string, unknown>;
  headers?: Record<string, string>;
}

/** Options of a session client: those of the AdminClient (token, fetch, headers). */
export type SessionClientOptions = AdminClientOptions;

/** A session of a running emulator. */
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

/** A client whose every call carries `x-mock-session: <name>`; throws on an invalid name. */
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
      const res = await fetchFn(`${url}/__admin/sessions/${encodeURIComponent(name)}`, { method: 'DELETE', headers: adminHeaders });
      if (res.status !== 204 && res.status !== 404) throw new AdminApiError(res.status, `DELETE /__admin/sessions/${name} answered HTTP ${res.status}`);
    },
  };
}

/**
 * Adds `session(name)` to a running emulator (startServer's or startMock's answer, anything with
 * a `url`): `const mock = withSessions(await startServer({...})); const s = mock.session('my-test')`.
 */
export function withSessions<T extends { url: string }>(server: T, options: SessionClientOptions = {}): T & { session(name: string): SessionClient } {
  return Object.assign(server, { session: (name: string) => sessionClient(server.url, name, options) });
}

/** GET /__admin/sessions: the default session first, then the live ones, least recently used first. */
export async function listSessions(baseUrl: string, options: Pick<SessionClientOptions, 'token' | 'fetch'> = {}): Promise<SessionSummary[]> {
  const fetchFn = options.fetch ?? globalThis.fetch.bind(globalThis);
  const res = await fetchFn(`${trimmed(baseUrl)}/__admin/sessions`, {
    headers: options.token === undefined ? {} : { 'x-admin-token': options.token },
  });
  if (!res.ok) throw new AdminApiError(res.status, `GET /__admin/sessions answered HTTP ${res.status}`);
  return ((await res.json()) as { sessions: SessionSummary[] }).sessions;
}
