import type { FastifyInstance } from 'fastify';
import type { BuildAppOptions } from './app.js';
import { startServer } from './server.js';

/**
 * A small client of the control plane under /__admin.
 * TODO(issue 5): replace with the AdminClient of the admin API once it lands; keep `health`.
 */
export interface MockAdmin {
  /** Base URL of the control plane, e.g. http://127.0.0.1:51234/__admin */
  readonly url: string;
  /** GET /__admin/health: the emulator is up, and its clock's reading. */
  health(): Promise<{ status: string; now: string }>;
}

/** A running in-process emulator. */
export interface MockServer {
  /** Base URL of the emulated gateway, e.g. http://127.0.0.1:51234 */
  url: string;
  admin: MockAdmin;
  /** The Fastify instance, for inject() and its world. */
  app: FastifyInstance;
  /** Stops listening after requests in flight are answered. */
  close(): Promise<void>;
}

/** Options of startMock: those of buildApp; port defaults to 0 (a free one) and host to 127.0.0.1. */
export type StartMockOptions = BuildAppOptions;

function createMockAdmin(baseUrl: string): MockAdmin {
  const url = `${baseUrl}/__admin`;
  return {
    url,
    async health() {
      const res = await fetch(`${url}/health`);
      if (!res.ok) throw new Error(`GET ${url}/health answered ${res.status}`);
      return (await res.json()) as { status: string; now: string };
    },
  };
}

/** Starts the emulator in this process on a free port; resolves once it listens. */
export async function startMock(options: StartMockOptions = {}): Promise<MockServer> {
  const server = await startServer({ port: 0, host: '127.0.0.1', ...options });
  return { url: server.url, admin: createMockAdmin(server.url), app: server.app, close: server.close };
}
