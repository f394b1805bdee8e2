import { request as httpRequest } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { AdminClient } from '../../src/index.js';
import { startServer, type RunningServer } from '../../src/runtime/server.js';
import { CREATE, DEVICES, envelope, T0 } from '../support/api.js';

const BODY = JSON.stringify(envelope({ iotId: DEVICES.empty, commodityCode: 'streamingResource_20_10', copies: 1 }));
let server: RunningServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start() {
  server = await startServer({ port: 0, now: T0, seed: 42, logLevel: 'silent' });
  return { url: server.url, admin: new AdminClient(server.url) };
}

const post = (url: string, headers: Record<string, string> = {}, signal?: AbortSignal) =>
  fetch(`${url}${CREATE}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: BODY, signal });

/** Polls until the journal holds an entry that satisfies `pick` (hung and dropped calls are recorded when the socket closes). */
async function waitForEntry(admin: AdminClient, pick: (e: { status: number | null; faultRuleId: string | null }) => boolean) {
  for (let i = 0; i < 200; i++) {
    const found = (await admin.requests()).requests.find(pick);
    if (found) return found;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('no such journal entry');
}

describe('faults over a real socket', () => {
  it("latency past the API's 3000 ms timeout: 504 arrives at the timeout, not after the delay, and nothing was created", async () => {
    const { url, admin } = await start();
    await admin.addFault({ id: 'slow', type: 'latency', delay: 60_000, match: { path: CREATE } });
    const started = performance.now();
    const res = await post(url);
    const elapsed = performance.now() - started;
    expect(res.status).toBe(504);
    expect(res.headers.get('x-ca-error-code')).toBe('D504TO');
    expect(await res.text()).toBe('');
    // Generous bounds: never before the 3000 ms timeout, far sooner than the 60 s delay.
    expect(elapsed).toBeGreaterThanOrEqual(2900);
    expect(elapsed).toBeLessThan(15_000);
    expect((await admin.device(DEVICES.empty)).orders).toEqual([]);
  }, 30_000);

  it('drop: a real client sees a socket error and no answer; the journal records it without a status', async () => {
    const { url, admin } = await start();
    await admin.addFault({ id: 'cut', type: 'drop' });
    const failure = await post(url).then(
      () => undefined,
      (err: Error & { cause?: { code?: string } }) => err,
    );
    expect(failure).toBeInstanceOf(TypeError);
    expect(failure!.cause?.code).toMatch(/ECONNRESET|UND_ERR_SOCKET|EPIPE/);

    const viaHttp = await new Promise<NodeJS.ErrnoException>((resolve, reject) => {
      const req = httpRequest(`${url}${CREATE}`, { method: 'POST', headers: { 'content-type': 'application/json' } }, () => reject(new Error('got an answer')));
      req.on('error', resolve);
      req.end(BODY);
    });
    expect(viaHttp.code).toMatch(/ECONNRESET|EPIPE/);

    const entry = await waitForEntry(admin, (e) => e.faultRuleId === 'cut');
    expect(entry.status).toBeNull();
    expect((await admin.device(DEVICES.empty)).orders).toEqual([]);
  });

  it('hang: no answer until the client gives up; then it is journaled without a status', async () => {
    const { url, admin } = await start();
    // A client that gives up after 300 ms and closes its socket (fetch would keep it alive for seconds).
    const outcome = await new Promise<string>((resolve) => {
      const req = httpRequest(`${url}${CREATE}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-mock-fault': 'hang' } }, () =>
        resolve('answered'),
      );
      req.on('error', () => resolve('gave up'));
      req.setTimeout(300, () => req.destroy());
      req.end(BODY);
    });
    expect(outcome).toBe('gave up');
    const entry = await waitForEntry(admin, (e) => e.faultRuleId === 'x-mock-fault');
    expect(entry.status).toBeNull();
  });

  it('hang: closing the server ends the hung request instead of waiting for it', async () => {
    const { url, admin } = await start();
    await admin.addFault({ type: 'hang' });
    const pending = post(url).then(
      () => 'answered',
      () => 'socket error',
    );
    await waitForHung(admin);
    await server!.close();
    server = undefined;
    expect(await pending).toBe('socket error');
  });
});

/** Waits until the hang rule has fired (the request reached the gateway). */
async function waitForHung(admin: AdminClient) {
  for (let i = 0; i < 200; i++) {
    if ((await admin.faults()).rules[0]!.fired > 0) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('the hang rule never fired');
}
