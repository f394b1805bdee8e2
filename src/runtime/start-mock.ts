import type { FastifyInstance } from 'fastify';
import { AdminClient } from '../admin/client.js';
import type { BuildAppOptions } from '../app.js';
import { startServer } from './server.js';
import { sessionClient, type SessionClient } from '../admin/session-client.js';

/**
 * A running in-process emulator.
 * @example
 * let mock: MockServer;
 * beforeAll(async () => (mock = await startMock({ now: '2024-11-15T02:00:00Z', seed: 42 })));
 * afterAll(() => mock.close());
 */
export interface MockServer {
  /** Base URL of the emulated gateway, e.g. http://127.0.0.1:51234 */
  url: string;
  /** The typed client of its control plane (/__admin), with the admin token when one is set. */
  admin: AdminClient;
  /** The Fastify instance, for inject() and its world. */
  app: FastifyInstance;
  /** A client of one isolated session (x-mock-session), with its own admin client. */
  session(name: string): SessionClient;
  /** Stops listening after requests in flight are answered. */
  close(): Promise<void>;
}

/**
 * Options of startMock: those of buildApp; port defaults to 0 (a free one) and host to 127.0.0.1.
 * @example
 * const options: StartMockOptions = { now: '2024-11-15T02:00:00Z', seed: 42, faults: 'faults.json' };
 */
export type StartMockOptions = BuildAppOptions;

/**
 * Starts the emulator in this process on a free port; resolves once it listens.
 * @example
 * const mock = await startMock({ now: '2024-11-15T02:00:00Z', seed: 42 });
 * const res = await fetch(`${mock.url}/vision/customer/streaming/order/create`, {
 *   method: 'POST',
 *   headers: { 'Content-Type': 'application/json' },
 *   body: JSON.stringify({ request: { apiVer: '1.0.0' }, params: { iotId: 'bZGD54swRg******FkEs000101', commodityCode: 'streamingResource_20_10', copies: 1 } }),
 * });
 * (await res.json()).data.startTime; // '2024-11-15 10:00:00'
 * await mock.admin.advanceClock('40d');
 * await mock.close();
 */
export async function startMock(options: StartMockOptions = {}): Promise<MockServer> {
  const server = await startServer({ port: 0, host: '127.0.0.1', ...options });
  const token = server.app.config.adminToken;
  const admin = new AdminClient(server.url, { token });
  return {
    url: server.url,
    admin,
    app: server.app,
    session: (name) => sessionClient(server.url, name, { token }),
    close: server.close,
  };
}
