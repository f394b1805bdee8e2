import type { FastifyInstance } from 'fastify';
import { AdminClient } from '../admin/client.js';
import type { BuildAppOptions } from '../app.js';
import { startServer } from './server.js';
import { sessionClient, type SessionClient } from '../admin/session-client.js';

/** A running in-process emulator. */
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

/** Options of startMock: those of buildApp; port defaults to 0 (a free one) and host to 127.0.0.1. */
export type StartMockOptions = BuildAppOptions;

/** Starts the emulator in this process on a free port; resolves once it listens. */
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
