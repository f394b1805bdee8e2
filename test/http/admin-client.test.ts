import { afterEach, describe, expect, it } from 'vitest';
import { ADMIN_ROUTES, type AdminRoute } from '../../src/admin/contract.js';
import { AdminApiError, AdminClient } from '../../src/index.js';
import { startServer, type RunningServer } from '../../src/runtime/server.js';
import { CREATE, DEVICES, envelope, T0 } from '../support/api.js';

let server: RunningServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const create = (url: string, iotId: string = DEVICES.empty) =>
  fetch(`${url}${CREATE}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(envelope({ iotId, commodityCode: 'streamingResource_20_10', copies: 1 })),
  });

/**
 * A fetch that holds every admin answer to its route's response schema in the contract: parsing
 * must keep the answer whole (z.object drops keys it does not know, so a key the contract lacks
 * shows up as a difference). Returns the routes it checked.
 */
function contractCheckingFetch(checked: Set<string>): typeof fetch {
  const routes = Object.entries(ADMIN_ROUTES as Record<string, AdminRoute>).map(([key, route]) => {
    const [method, template] = key.split(' ') as [string, string];
    return { key, method, pattern: new RegExp(`^${template.replace(/:\w+/g, '[^/]+')}$`), route };
  });
  return async (input, init) => {
    const res = await fetch(input, init);
    const url = new URL(String(input));
    const match = routes.find((r) => r.method === (init?.method ?? 'GET') && r.pattern.test(url.pathname));
    expect(match, `${init?.method} ${url.pathname} is in the contract`).toBeDefined();
    const text = await res.clone().text();
    if (res.ok && match!.route.response) {
      const answer = JSON.parse(text) as unknown;
      expect(match!.route.response.parse(answer), match!.key).toEqual(answer);
      checked.add(match!.key);
    }
    return res;
  };
}

describe('AdminClient over a real socket', () => {
  it('drives every route: clock, faults, journal, devices, orders, reset; each answer is what the contract says', async () => {
    server = await startServer({ port: 0, now: T0, seed: 7, logLevel: 'silent', adminToken: 'tok' });
    const checked = new Set<string>();
    const client = new AdminClient(`${server.url}/`, { token: 'tok', fetch: contractCheckingFetch(checked) });

    expect((await client.health()).status).toBe('ok');
    expect(await client.clock()).toMatchObject({ now: T0, frozen: true });
    expect((await client.setClock('2024-12-01T00:00:00Z')).now).toBe('2024-12-01T00:00:00.000Z');
    expect((await client.advanceClock('1d')).now).toBe('2024-12-02T00:00:00.000Z');
    expect((await client.advanceClock(1000)).nowMs).toBe(Date.parse('2024-12-02T00:00:01Z'));

    const rule = await client.addFault({ type: 'error', code: 503, times: 1 });
    expect(rule.id).toBe('f1');
    expect((await (await create(server.url)).json()).code).toBe(503);
    expect((await client.faults()).rules[0]).toMatchObject({ id: 'f1', fired: 1 });
    await client.setFaults([{ id: 'x', type: 'drop', match: { iotId: 'nobody' } }]);
    await client.removeFault('x');
    await client.clearFaults();
    expect((await client.faults()).rules).toEqual([]);

    const res = await create(server.url);
    const page = await client.requests({ code: 200, limit: 5 });
    expect(page.total).toBe(1);
    expect(page.requests[0]!.id).toBe(res.headers.get('x-ca-request-id'));
    expect((await client.request(page.requests[0]!.id)).status).toBe(200);
    await client.clearRequests();
    expect((await client.requests()).total).toBe(0);

    await client.putDevice('Cam9', { projectId: 'a124Gnn1xW6TM2xK', identityId: 'u9' });
    const order = await client.addOrder('Cam9', { commodityCode: 'streamingResource_20_10' });
    expect((await client.updateOrder(order.orderId, { frozen: true })).status).toBe(2);
    expect((await client.device('Cam9')).orders).toHaveLength(1);
    expect((await client.devices()).devices.length).toBeGreaterThan(5);
    const all = await client.devices();
    const some = await client.devices({ offset: 2, limit: 3, ordersLimit: 1 });
    expect(some).toMatchObject({ total: all.total, offset: 2, limit: 3 });
    expect(some.devices.map((d) => d.iotId)).toEqual(all.devices.slice(2, 5).map((d) => d.iotId));
    expect(some.devices.every((d) => d.orders.length <= 1)).toBe(true);
    await expect(client.devices({ limit: 1001 })).rejects.toMatchObject({ status: 400, message: expect.stringMatching(/^query: limit/) });
    const { since } = await client.changes();
    const snapshotPage = await client.changes(undefined, { offset: 2, limit: 3 });
    expect(snapshotPage).toMatchObject({ full: true, total: all.total, offset: 2, limit: 3 });
    expect(snapshotPage.devices.map((d) => d.iotId)).toEqual(all.devices.slice(2, 5).map((d) => d.iotId));
    expect((await client.changes(since)).devices).toEqual([]);
    expect((await client.families()).families.length).toBe(3);

    await client.reset();
    expect((await client.clock()).now).toBe(T0);
    await expect(client.device('Cam9')).rejects.toMatchObject({ status: 404 });
    const answering = Object.entries(ADMIN_ROUTES as Record<string, AdminRoute>).filter(([key, r]) => r.response && !key.includes('/sessions'));
    expect([...checked].sort()).toEqual(answering.map(([key]) => key).sort());
  });

  it('throws AdminApiError with the status and the message on a refusal', async () => {
    server = await startServer({ port: 0, now: T0, logLevel: 'silent', adminToken: 'tok' });
    const wrong = new AdminClient(server.url, { token: 'nope' });
    const err = await wrong.health().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AdminApiError);
    expect(err).toMatchObject({ status: 401, message: expect.stringMatching(/admin token/) });
    const client = new AdminClient(server.url, { token: 'tok' });
    await expect(client.advanceClock('soon')).rejects.toMatchObject({ status: 400, message: expect.stringMatching(/by: "soon"/) });
  });
});
