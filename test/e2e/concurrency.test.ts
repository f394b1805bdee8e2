/**
 * Correctness under load: well over 1 000 requests in flight at once over real sockets, all on
 * one device, some with injected latency, leave a timeline with no overlap where every answered order exists and the total
 * of all durations equals what was bought. Run in memory and with a state file.
 */
import { request as httpRequest, Agent, type ClientRequest } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { orderLength, periodsOf } from '../../src/families/streaming/order.js';
import { startServer } from '../../src/runtime/server.js';
import { CREATE, DEVICES, envelope, T0 } from '../support/api.js';
import { loadStateFileState } from '../../src/state/attach.js';
import { allOrders, findOrderAnywhere, readOrdersOf, streamingStoreOf } from '../../src/families/streaming/store.js';

const IN_FLIGHT = 1_200;
const QUEUED = 150;
const ENABLE = '/vision/customer/streaming/order/enable';
const dir = mkdtempSync(join(tmpdir(), 'alm-load-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Answer {
  code: number;
  data: { orderId: string; startTimeUTC: string; endTimeUTC: string } | null;
}

describe.each([
  { name: 'in memory', stateFile: undefined as string | undefined },
  { name: 'with a state file', stateFile: join(dir, 'load.sqlite') },
])(`${IN_FLIGHT} concurrent creates and enables on one device ($name)`, ({ stateFile }) => {
  it('leave no overlap, every answered order, and exactly the time bought', { timeout: 180_000 }, async () => {
    const server = await startServer({ port: 0, now: T0, seed: 5, stateFile });
    const url = new URL(server.url);
    let open = 0;
    let maxOpen = 0;
    server.app.server.on('connection', (socket) => {
      open += 1;
      maxOpen = Math.max(maxOpen, open);
      socket.on('close', () => (open -= 1));
    });
    const agent = new Agent({ keepAlive: false, maxSockets: Infinity });
    const post = (path: string, params: Record<string, unknown>) =>
      fetch(server.url + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(envelope(params)) }).then((r) => r.json() as Promise<Answer>);

    // A queue of waiting orders first, for the enables of the burst to take out of it.
    const queued: Answer[] = [];
    for (let i = 0; i < QUEUED; i++) queued.push(await post(CREATE, { iotId: DEVICES.empty, commodityCode: 'streamingResource_5_1', copies: 1 + (i % 2) }));
    expect(queued.every((a) => a.code === 200)).toBe(true);

    // Every request sends its headers and waits; the bodies go out together once all sockets are
    // open, so the server really holds them all at once.
    const pending: { req: ClientRequest; body: string; answer: Promise<Answer>; enable: boolean }[] = [];
    for (let i = 0; i < IN_FLIGHT; i++) {
      // One in three enables a queued order (some twice: the second finds it in effect or moved).
      const enable = i % 3 === 2;
      const path = enable ? ENABLE : CREATE;
      const body = JSON.stringify(
        envelope(
          enable
            ? { iotId: DEVICES.empty, orderId: queued[(i * 7) % QUEUED]!.data!.orderId }
            : { iotId: DEVICES.empty, commodityCode: i % 4 === 0 ? 'streamingResource_60_3' : 'streamingResource_5_1', copies: 1 + (i % 3), immediateUse: i % 2 === 0 },
        ),
      );
      // Injected latency on one request in five: waited at the gateway, before any state changes.
      const latency: Record<string, string> = i % 5 === 0 ? { 'x-mock-fault': `latency=${(i % 7) * 15}` } : {};
      let req!: ClientRequest;
      const answer = new Promise<Answer>((resolve, reject) => {
        req = httpRequest(
          { host: url.hostname, port: url.port, method: 'POST', path, agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...latency } },
          (res) => {
            let text = '';
            res.setEncoding('utf8');
            res.on('data', (c: string) => (text += c));
            res.on('end', () => resolve(JSON.parse(text) as Answer));
          },
        );
        req.on('error', reject);
      });
      req.flushHeaders();
      pending.push({ req, body, answer, enable });
    }
    while (open < IN_FLIGHT) await new Promise((r) => setTimeout(r, 20));
    for (const p of pending) p.req.end(p.body);
    const answers = await Promise.all(pending.map((p) => p.answer));
    agent.destroy();
    expect(maxOpen).toBeGreaterThanOrEqual(1_000);

    expect(answers.filter((a) => a.code === 200).length).toBe(IN_FLIGHT);
    // Every order answered by a create (before or in the burst).
    const ok = [...queued, ...answers.filter((_, i) => !pending[i]!.enable)];
    const store = streamingStoreOf(server.app.world);
    const orders = [...allOrders(store)].filter((o) => o.iotId === DEVICES.empty);
    // Every answered order exists; no other order appeared.
    for (const a of ok) expect(findOrderAnywhere(store, a.data!.orderId)?.iotId).toBe(DEVICES.empty);
    expect(orders.length).toBe(ok.length);
    // The time bought: each answer's own period (the clock is frozen, so nothing expired meanwhile).
    const bought = ok.reduce((sum, a) => sum + (Date.parse(a.data!.endTimeUTC) - Date.parse(a.data!.startTimeUTC)), 0);
    expect(orders.reduce((sum, o) => sum + orderLength(o), 0)).toBe(bought);
    // No two periods overlap, and together they tile [now, now + bought) without a gap.
    const periods = orders.flatMap((o) => periodsOf(o)).sort((a, b) => a.start - b.start);
    let cursor = Date.parse(T0);
    for (const p of periods) {
      expect(p.start).toBe(cursor);
      cursor = p.end;
    }
    expect(cursor).toBe(Date.parse(T0) + bought);

    if (stateFile) {
      // What the file holds is what was answered, period for period.
      const onFile = streamingStoreOf(loadStateFileState(stateFile, server.app.world.fixtures, server.app.world.zone, server.app.world.clock.now()));
      const onDisk = new Map([...allOrders(onFile)].filter((o) => o.iotId === DEVICES.empty).map((o) => [o.orderId, periodsOf(o)]));
      expect(onDisk.size).toBe(orders.length);
      for (const o of orders) expect(onDisk.get(o.orderId)).toEqual(periodsOf(o));
    }
    await server.close();
    console.log(`load (${stateFile ? 'state file' : 'memory'}): ${IN_FLIGHT} requests (creates and enables), ${maxOpen} sockets open at once, ${ok.length} orders and ${periods.length} periods checked`);
  });
});
