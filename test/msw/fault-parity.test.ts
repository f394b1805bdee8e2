/**
 * Faults behave the same through both transports: one sequence (a timeout, a latency and a drop,
 * then creates, a query and a body over the limit) goes to the server over a real socket and to
 * the MSW handlers, both built from the same options (now 2024-11-15T02:00:00Z, seed 7). Every
 * answer is compared byte for byte, status, body and every header but the transport's own framing,
 * and so are the clocks and the journals afterwards. A timeout spends the API's timeout on a frozen
 * clock in both: the next create starts at 10:00:03 Shanghai time on either side.
 */
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JournalEntry } from '../../src/journal/journal.js';
import { AdminClient } from '../../src/admin/client.js';
import { createHandlers, type MockControl } from '../../src/msw/index.js';
import { startServer, type RunningServer } from '../../src/runtime/server.js';
import { DEVICES, envelope } from '../support/api.js';
import { PATHS } from '../support/family.js';

const BASE = 'https://api.link.aliyun.com';
const OPTIONS = { now: '2024-11-15T02:00:00Z', seed: 7, bodyLimit: 2048 };

/**
 * The headers that differ between the transports and carry nothing of the gateway's: the socket's
 * framing and the time it was sent. The bodies' bytes are compared instead of their length.
 */
const TRANSPORT_HEADERS = new Set(['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding']);

interface Step {
  name: string;
  path: string;
  body: string;
  fault?: string;
}

type Outcome = { status: number; headers: Record<string, string>; body: number[] } | { failed: string };

const create = (params: Record<string, unknown>) => JSON.stringify(envelope({ iotId: DEVICES.empty, commodityCode: 'streamingResource_20_10', copies: 1, ...params }));

const STEPS: Step[] = [
  { name: 'timeout', path: PATHS.create, body: create({}), fault: 'timeout' },
  { name: 'latency, then the create runs', path: PATHS.create, body: create({}), fault: 'latency=20' },
  { name: 'drop', path: PATHS.query, body: JSON.stringify(envelope({ iotId: DEVICES.empty, pageNo: 1, pageSize: 10 })), fault: 'drop' },
  { name: 'create, queued', path: PATHS.create, body: create({ immediateUse: false }) },
  { name: 'create, immediate', path: PATHS.create, body: create({ commodityCode: 'streamingResource_5_1', immediateUse: true }) },
  { name: 'query', path: PATHS.query, body: JSON.stringify(envelope({ iotId: DEVICES.empty, pageNo: 1, pageSize: 10 })) },
  { name: 'a body over the limit', path: PATHS.create, body: create({ userName: 'x'.repeat(4096) }) },
];

/** Every header of an answer but the transport's own. */
function gatewayHeaders(headers: Headers): Record<string, string> {
  const kept: Record<string, string> = {};
  headers.forEach((value, name) => {
    if (!TRANSPORT_HEADERS.has(name)) kept[name] = value;
  });
  return kept;
}

async function send(base: string, step: Step): Promise<Outcome> {
  try {
    const res = await fetch(`${base}${step.path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(step.fault ? { 'x-mock-fault': step.fault } : {}) },
      body: step.body,
    });
    return { status: res.status, headers: gatewayHeaders(res.headers), body: [...new Uint8Array(await res.arrayBuffer())] };
  } catch (err) {
    // A dropped connection: what a client sees is that no answer came, on either side.
    return { failed: (err as Error).name };
  }
}

describe('faults through the server and through the MSW handlers', () => {
  let server: RunningServer;
  let admin: AdminClient;
  let control: MockControl;
  const msw = setupServer();
  const answers: { step: string; server: Outcome; handlers: Outcome }[] = [];

  beforeAll(async () => {
    server = await startServer({ ...OPTIONS, port: 0, logLevel: 'silent' });
    admin = new AdminClient(server.url);
    const mock = createHandlers(OPTIONS);
    control = mock.control;
    msw.use(...mock.handlers);
    // Requests to the real server pass through the interceptor.
    msw.listen({ onUnhandledRequest: 'bypass' });
    for (const step of STEPS) answers.push({ step: step.name, server: await send(server.url, step), handlers: await send(BASE, step) });
  }, 30_000);
  afterAll(async () => {
    msw.close();
    await server.close();
  });

  it('answers each step with the same status, body bytes and headers', () => {
    for (const { step, server: expected, handlers: actual } of answers) expect(actual, step).toEqual(expected);
    const summary = answers.map(({ server: a }) => ('failed' in a ? a.failed : `${a.status} ${a.headers['x-ca-error-code'] ?? JSON.parse(new TextDecoder().decode(new Uint8Array(a.body))).code}`));
    expect(summary).toEqual(['504 D504TO', '200 200', 'TypeError', '200 200', '200 200', '200 200', '413 I413RL']);
  });

  it('spends the timeout on the frozen clock of both: the next create starts 3 s later', async () => {
    const created = answers[1]!.server;
    if ('failed' in created) throw new Error('the create after the latency failed');
    const data = JSON.parse(new TextDecoder().decode(new Uint8Array(created.body))).data;
    expect(data.startTime).toBe('2024-11-15 10:00:03');
    expect(data.orderId.startsWith('20241115100003')).toBe(true);
    expect((await control.clock()).now).toBe('2024-11-15T02:00:03.000Z');
    expect((await admin.clock()).now).toBe('2024-11-15T02:00:03.000Z');
  });

  it('words a body over the limit alike: the detail names its size and the limit', () => {
    const { server: refused } = answers.at(-1)!;
    if ('failed' in refused) throw new Error('the 413 failed');
    expect(refused.headers['x-mock-error-detail']).toMatch(/^Request body is too large: \d+ bytes, the limit is 2048$/);
  });

  it('journals the same calls, the dropped one without a status', async () => {
    const fields = ({ id, time, method, path, api, iotId, status, code, gatewayError, requestBody, responseBody, faultRuleId, detail }: JournalEntry) =>
      ({ id, time, method, path, api, iotId, status, code, gatewayError, requestBody, responseBody, faultRuleId, detail });
    const expected = (await admin.requests({ limit: 100 })).requests.map(fields);
    const actual = (await control.requests({ limit: 100 })).requests.map(fields);
    expect(actual).toEqual(expected);
    expect(expected.map((e) => e.status)).toEqual([413, 200, 200, 200, null, 200, 504]);
  });
});
