import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/runtime/server.js';
import { sessionClient, withSessions, type SessionClient } from '../../src/admin/session-client.js';
import { DEVICES, T0 } from '../support/api.js';
import { ORDERS, PATHS } from '../support/family.js';

const CLIENTS = 10;

/** One purchase page's flow on devices every client shares; returns everything it was answered. */
async function flow(s: SessionClient): Promise<unknown[]> {
  const transcript: unknown[] = [];
  const step = async (path: string, params: Record<string, unknown>) => {
    const res = await s.call<any>(path, params);
    transcript.push({ path, status: res.status, requestId: res.requestId, body: res.body });
    expect(res.body?.code, `${s.name} ${path} ${res.detail ?? ''}`).toBe(200);
    return res.body!.data;
  };
  const queued = await step(PATHS.create, { iotId: DEVICES.empty, commodityCode: 'streamingResource_20_10', copies: 2 });
  const now = await step(PATHS.create, { iotId: DEVICES.empty, commodityCode: 'streamingResource_5_1', copies: 1, immediateUse: true });
  const onQueue = await step(PATHS.create, { iotId: DEVICES.queue, commodityCode: 'streamingResource_60_3', copies: 1 });
  for (const [iotId, o] of [[DEVICES.empty, queued], [DEVICES.empty, now], [DEVICES.queue, onQueue]] as const) {
    await step(PATHS.pay, { iotId, orderId: o.orderId });
  }
  await step(PATHS.enable, { iotId: DEVICES.empty, orderId: queued.orderId });
  await step(PATHS.enable, { iotId: DEVICES.queue, orderId: ORDERS.queueWaiting1 });
  await step(PATHS.query, { iotId: DEVICES.empty, pageSize: 50 });
  await step(PATHS.query, { iotId: DEVICES.queue, pageSize: 50 });
  await step(PATHS.get, { iotId: DEVICES.queue, orderId: onQueue.orderId });
  transcript.push(await s.admin.device(DEVICES.empty), await s.admin.device(DEVICES.queue));
  return transcript;
}

describe('sessions under concurrency (real socket)', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ port: 0, now: T0, seed: 42, logLevel: 'silent' });
  });
  afterAll(() => server.close());

  it(`${CLIENTS} clients in their own sessions run create/pay/enable/query on the same devices at once; each timeline is what it is alone`, async () => {
    const clients = Array.from({ length: CLIENTS }, (_, i) => sessionClient(server.url, `worker-${i}`));
    const concurrent = await Promise.all(clients.map(flow));

    // The same flow, run alone afterwards in a fresh session: the reference.
    const alone = await flow(sessionClient(server.url, 'reference-alone'));
    expect(alone).toHaveLength(13);
    for (const transcript of concurrent) expect(transcript).toEqual(alone);

    // Nothing leaked into the default session either.
    const dflt = await sessionClient(server.url, 'default').call<any>(PATHS.query, { iotId: DEVICES.empty });
    expect(dflt.body!.data.total).toBe(0);
  });

  it('mock.session(name): a server with sessions hands out clients bound to one session, admin included', async () => {
    const mock = withSessions(server);
    const s = mock.session('programmatic');
    await s.admin.addFault({ type: 'error', code: 503, match: { path: PATHS.commodities } });
    expect((await s.call(PATHS.commodities)).body?.code).toBe(503);
    expect((await mock.session('untouched').call(PATHS.commodities)).body?.code).toBe(200);
    expect((await s.admin.clock()).now).toBe(T0);
    await s.drop();
    expect((await s.call(PATHS.commodities)).body?.code).toBe(200);
  });
});
