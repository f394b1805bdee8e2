/**
 * A typed client of the /__admin control plane, over fetch: one method per route, so tests and
 * tools never hand-write admin calls. Works in Node 20 and browsers.
 */
import type { FaultRuleInput, StoredFaultRule } from '../faults/schema.js';
import type { DeviceFixture, OrderFixture } from '../fixtures/schema.js';
import type { JournalEntry, JournalPage } from '../journal/journal.js';

/** GET /__admin/clock */
export interface AdminClock {
  now: string;
  nowMs: number;
  frozen: boolean;
  timezone: string;
}

/** An order as GET /__admin/devices shows it: the API's rendering plus periods and frozen. */
export interface AdminOrder {
  orderId: string;
  outOrderNo: string;
  iotId: string;
  identityId: string;
  commodityCode: string;
  commodityName: string;
  copies: number;
  months: number;
  startTime: string;
  endTime: string;
  startTimeUTC: string;
  endTimeUTC: string;
  status: 0 | 1 | 2;
  paymentStatus: 0 | 1 | 2;
  price: string;
  userName: string | null;
  userId: string | null;
  periods: { start: string; end: string }[];
  frozen: boolean;
}

/** A device with its identity and orders. */
export interface AdminDevice {
  iotId: string;
  nickName: string | null;
  productKey: string | null;
  deviceName: string | null;
  projectId: string;
  identityId: string;
  identity: { identityId: string; userName?: string; description?: string } | null;
  forbidden: boolean;
  orders: AdminOrder[];
}

/** Filters of GET /__admin/requests; since/until take ISO instants or "now-1h". */
export interface RequestsFilter {
  path?: string;
  iotId?: string;
  code?: string | number;
  since?: string;
  until?: string;
  limit?: number;
}

/** A non-2xx answer of the admin API, with its {error} message. */
export class AdminApiError extends Error {
  override readonly name = 'AdminApiError';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface AdminClientOptions {
  /** The --admin-token, sent as x-admin-token. */
  token?: string;
  /** A fetch implementation (default: the global one). */
  fetch?: typeof fetch;
  /** Extra headers on every call (e.g. x-mock-session). */
  headers?: Record<string, string>;
}

/** A client of one emulator's control plane, e.g. `new AdminClient('http://127.0.0.1:8080')`. */
export class AdminClient {
  private readonly base: string;
  private readonly fetchFn: typeof fetch;
  private readonly headers: Record<string, string>;

  constructor(baseUrl: string, options: AdminClientOptions = {}) {
    this.base = baseUrl.replace(/\/+$/, '');
    this.fetchFn = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.headers = { ...options.headers, ...(options.token === undefined ? {} : { 'x-admin-token': options.token }) };
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await this.fetchFn(`${this.base}/__admin${path}`, {
      method,
      headers: { ...this.headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    const json = text === '' ? undefined : (JSON.parse(text) as unknown);
    if (!res.ok) {
      const message = (json as { error?: string } | undefined)?.error ?? `${method} /__admin${path} answered HTTP ${res.status}`;
      throw new AdminApiError(res.status, message);
    }
    return json as T;
  }

  /** GET /__admin/health */
  health(): Promise<{ status: 'ok'; now: string }> {
    return this.call('GET', '/health');
  }
  /** POST /__admin/reset: fixtures, journal, faults, clock and seed back to the start. */
  reset(): Promise<{ ok: true }> {
    return this.call('POST', '/reset');
  }
  /** GET /__admin/clock */
  clock(): Promise<AdminClock> {
    return this.call('GET', '/clock');
  }
  /** PUT /__admin/clock */
  setClock(now: string | number, frozen?: boolean): Promise<AdminClock> {
    return this.call('PUT', '/clock', frozen === undefined ? { now } : { now, frozen });
  }
  /** POST /__admin/clock/advance with "40d"-style text or milliseconds. */
  advanceClock(by: string | number): Promise<AdminClock> {
    return this.call('POST', '/clock/advance', typeof by === 'number' ? { ms: by } : { by });
  }
  /** GET /__admin/faults */
  faults(): Promise<{ rules: StoredFaultRule[] }> {
    return this.call('GET', '/faults');
  }
  /** PUT /__admin/faults: replaces every rule. */
  setFaults(rules: FaultRuleInput[]): Promise<{ rules: StoredFaultRule[] }> {
    return this.call('PUT', '/faults', { rules });
  }
  /** POST /__admin/faults: appends one rule; answers it with its id. */
  addFault(rule: FaultRuleInput): Promise<StoredFaultRule> {
    return this.call('POST', '/faults', rule);
  }
  /** DELETE /__admin/faults */
  clearFaults(): Promise<{ ok: true }> {
    return this.call('DELETE', '/faults');
  }
  /** DELETE /__admin/faults/:id */
  removeFault(id: string): Promise<{ ok: true }> {
    return this.call('DELETE', `/faults/${encodeURIComponent(id)}`);
  }
  /** GET /__admin/requests, newest first. */
  requests(filter: RequestsFilter = {}): Promise<JournalPage> {
    const query = new URLSearchParams();
    for (const [k, v] of Object.entries(filter)) if (v !== undefined) query.set(k, String(v));
    const qs = query.toString();
    return this.call('GET', `/requests${qs ? `?${qs}` : ''}`);
  }
  /** GET /__admin/requests/:id (the X-Ca-Request-Id). */
  request(id: string): Promise<JournalEntry> {
    return this.call('GET', `/requests/${encodeURIComponent(id)}`);
  }
  /** DELETE /__admin/requests */
  clearRequests(): Promise<{ ok: true }> {
    return this.call('DELETE', '/requests');
  }
  /** GET /__admin/devices */
  devices(): Promise<{ devices: AdminDevice[] }> {
    return this.call('GET', '/devices');
  }
  /** GET /__admin/devices/:iotId */
  device(iotId: string): Promise<AdminDevice> {
    return this.call('GET', `/devices/${encodeURIComponent(iotId)}`);
  }
  /** PUT /__admin/devices/:iotId: adds or replaces a device (fixture shape). */
  putDevice(iotId: string, device: Omit<Partial<DeviceFixture>, 'iotId'> & { projectId: string; identityId: string }): Promise<AdminDevice> {
    return this.call('PUT', `/devices/${encodeURIComponent(iotId)}`, device);
  }
  /** POST /__admin/devices/:iotId/orders: places an order (fixture shape). */
  addOrder(iotId: string, order: Omit<Partial<OrderFixture>, 'iotId'> & { commodityCode: string }): Promise<AdminOrder> {
    return this.call('POST', `/devices/${encodeURIComponent(iotId)}/orders`, order);
  }
  /** PUT /__admin/orders/:orderId: freeze/unfreeze, or set the payment status. */
  updateOrder(orderId: string, patch: { frozen?: boolean; paymentStatus?: 0 | 1 | 2 }): Promise<AdminOrder> {
    return this.call('PUT', `/orders/${encodeURIComponent(orderId)}`, patch);
  }
}
