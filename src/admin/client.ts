/**
 * A typed client of the /__admin control plane, over fetch: one method per route, so tests and
 * tools never hand-write admin calls. Works in Node 20 and browsers.
 */
import type { FaultRuleInput } from '../faults/schema.js';
import type { AdminAnswer, AdminBody, AdminRouteKey } from './contract.js';

export type { AdminClock, AdminDevice, AdminDevicesPage, AdminOrder } from './contract.js';

/**
 * Filters of GET /__admin/requests; since/until take ISO instants or "now-1h".
 * @example
 * const failed = await admin.requests({ path: '/vision/customer/streaming/order/create', code: 2063, since: 'now-1h', limit: 10 });
 */
export interface RequestsFilter {
  path?: string;
  iotId?: string;
  code?: string | number;
  since?: string;
  until?: string;
  limit?: number;
}

/**
 * Which devices GET /__admin/devices answers (`offset`, `limit`: default 100, at most 1 000) and how
 * many of each lane's newest orders (`ordersLimit`, default 200; `ordersOffset`).
 * @example
 * const second = await admin.devices({ offset: 100, limit: 100, ordersLimit: 20 });
 */
export interface DevicesPageQuery {
  offset?: number;
  limit?: number;
  ordersLimit?: number;
  ordersOffset?: number;
}

/** A query string of the fields given. */
function queryOf(fields: object): string {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) query.set(k, String(v));
  return query.toString();
}

/**
 * A non-2xx answer of the admin API (or of the MSW control object), with its {error} message.
 * @example
 * try {
 *   await admin.device('no-such-device');
 * } catch (err) {
 *   if (err instanceof AdminApiError && err.status === 404) console.log(err.message);
 *   else throw err;
 * }
 */
export class AdminApiError extends Error {
  override readonly name = 'AdminApiError';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * How an AdminClient reaches the control plane: the admin token, a fetch, extra headers.
 * @example
 * const admin = new AdminClient('http://127.0.0.1:8080', { token: process.env.ADMIN_TOKEN, headers: { 'x-mock-session': 'checkout' } });
 */
export interface AdminClientOptions {
  /** The --admin-token, sent as x-admin-token. */
  token?: string;
  /** A fetch implementation (default: the global one). */
  fetch?: typeof fetch;
  /** Extra headers on every call (e.g. x-mock-session). */
  headers?: Record<string, string>;
}

/**
 * A typed client of one emulator's control plane (/__admin): one method per route.
 * @example
 * const admin = new AdminClient('http://127.0.0.1:8080');
 * await admin.setClock('2024-11-15T02:00:00Z');
 * await admin.addFault({ type: 'gateway', status: 503, match: { path: '/vision/customer/streaming/order/create' }, times: 1 });
 * const { requests } = await admin.requests({ limit: 5 });
 * await admin.reset();
 */
export class AdminClient {
  private readonly base: string;
  private readonly fetchFn: typeof fetch;
  private readonly headers: Record<string, string>;

  constructor(baseUrl: string, options: AdminClientOptions = {}) {
    this.base = baseUrl.replace(/\/+$/, '');
    this.fetchFn = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.headers = { ...options.headers, ...(options.token === undefined ? {} : { 'x-admin-token': options.token }) };
  }

  /** Calls one route of the contract; `:name` segments of its path are filled from `params`. */
  private async call<K extends AdminRouteKey>(route: K, params: Record<string, string> = {}, body?: unknown, query = ''): Promise<AdminAnswer<K>> {
    const [method, template] = route.split(' ') as [string, string];
    const path = template.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(params[name] ?? '')) + (query ? `?${query}` : '');
    const res = await this.fetchFn(`${this.base}${path}`, {
      method,
      // Every change says JSON, body or not: the admin API refuses any other (src/admin/guard.ts).
      headers: { ...this.headers, ...(body === undefined && method === 'GET' ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    const json = text === '' ? undefined : (JSON.parse(text) as unknown);
    if (!res.ok) {
      const message = (json as { error?: string } | undefined)?.error ?? `${method} ${path} answered HTTP ${res.status}`;
      throw new AdminApiError(res.status, message);
    }
    return json as AdminAnswer<K>;
  }

  /** GET /__admin/health */
  health() {
    return this.call('GET /__admin/health');
  }
  /** POST /__admin/reset: fixtures, journal, faults, clock and seed back to the start. */
  reset() {
    return this.call('POST /__admin/reset');
  }
  /** GET /__admin/clock */
  clock() {
    return this.call('GET /__admin/clock');
  }
  /** PUT /__admin/clock */
  setClock(now: string | number, frozen?: boolean) {
    const body: AdminBody<'PUT /__admin/clock'> = frozen === undefined ? { now } : { now, frozen };
    return this.call('PUT /__admin/clock', {}, body);
  }
  /** POST /__admin/clock/advance with "40d"-style text or milliseconds. */
  advanceClock(by: string | number) {
    const body: AdminBody<'POST /__admin/clock/advance'> = typeof by === 'number' ? { ms: by } : { by };
    return this.call('POST /__admin/clock/advance', {}, body);
  }
  /** GET /__admin/faults */
  faults() {
    return this.call('GET /__admin/faults');
  }
  /** PUT /__admin/faults: replaces every rule. */
  setFaults(rules: FaultRuleInput[]) {
    return this.call('PUT /__admin/faults', {}, { rules });
  }
  /** POST /__admin/faults: appends one rule; answers it with its id. */
  addFault(rule: AdminBody<'POST /__admin/faults'>) {
    return this.call('POST /__admin/faults', {}, rule);
  }
  /** DELETE /__admin/faults */
  clearFaults() {
    return this.call('DELETE /__admin/faults');
  }
  /** DELETE /__admin/faults/:id */
  removeFault(id: string) {
    return this.call('DELETE /__admin/faults/:id', { id });
  }
  /** GET /__admin/requests, newest first. */
  requests(filter: RequestsFilter = {}) {
    return this.call('GET /__admin/requests', {}, undefined, queryOf(filter));
  }
  /** GET /__admin/requests/:id (the X-Ca-Request-Id). */
  request(id: string) {
    return this.call('GET /__admin/requests/:id', { id });
  }
  /** DELETE /__admin/requests */
  clearRequests() {
    return this.call('DELETE /__admin/requests');
  }
  /** GET /__admin/devices: a page of the devices (default the first 100), each with its newest orders per lane. */
  devices(page: DevicesPageQuery = {}) {
    return this.call('GET /__admin/devices', {}, undefined, queryOf(page));
  }
  /**
   * GET /__admin/changes: what changed since `since` (the first snapshot page's stamp, then the last
   * answer's); without it, a page of the snapshot (`offset`, `limit` as for devices()).
   * @example
   * const first = await admin.changes();
   * for (let offset = first.limit!; offset < first.total!; offset += first.limit!) await admin.changes(undefined, { offset });
   * const next = await admin.changes(first.since);
   */
  changes(since?: string, page: Pick<DevicesPageQuery, 'offset' | 'limit'> = {}) {
    return this.call('GET /__admin/changes', {}, undefined, queryOf({ since, ...page }));
  }
  /** GET /__admin/families: each family's operations and packages. */
  families() {
    return this.call('GET /__admin/families');
  }
  /** GET /__admin/devices/:iotId */
  device(iotId: string) {
    return this.call('GET /__admin/devices/:iotId', { iotId });
  }
  /** PUT /__admin/devices/:iotId: adds or replaces a device (fixture shape). */
  putDevice(iotId: string, device: Omit<AdminBody<'PUT /__admin/devices/:iotId'>, 'iotId'>) {
    return this.call('PUT /__admin/devices/:iotId', { iotId }, device);
  }
  /** POST /__admin/devices/:iotId/orders: places an order (fixture shape). */
  addOrder(iotId: string, order: Omit<AdminBody<'POST /__admin/devices/:iotId/orders'>, 'iotId'>) {
    return this.call('POST /__admin/devices/:iotId/orders', { iotId }, order);
  }
  /** PUT /__admin/orders/:orderId: freeze/unfreeze, or set the payment status. */
  updateOrder(orderId: string, patch: AdminBody<'PUT /__admin/orders/:orderId'>) {
    return this.call('PUT /__admin/orders/:orderId', { orderId }, patch);
  }
}
