import type { FastifyInstance } from 'fastify';
import { buildApp, type BuildAppOptions } from '../app.js';
import { parseConfig } from '../config/schema.js';
import '../gateway/request-state.js';
import { tlsMaterialFor } from './tls.js';
import { generateAdminToken } from '../admin/token.js';
import { needsGeneratedAdminToken } from '../config/reliability-options.js';

/**
 * A running emulator: its URL, its Fastify instance and close().
 * @example
 * const server: RunningServer = await startServer({ port: 0, now: '2024-11-15T02:00:00Z' });
 * console.log(server.url); // http://127.0.0.1:40123
 * await server.close();
 */
export interface RunningServer {
  app: FastifyInstance;
  /** Base URL, e.g. http://127.0.0.1:8080 (https:// with --https or --tls-cert) */
  url: string;
  /** With HTTPS: the PEM file of the certificate, for clients to trust. */
  certificatePath?: string;
  /** With HTTPS: whether the certificate was generated at start (self-signed). */
  certificateGenerated?: boolean;
  /** The admin token made up at start for a bind beyond loopback that was given none (print it once). */
  generatedAdminToken?: string;
  close(): Promise<void>;
}

/** The documented request example (create, help.aliyun.com 190252), ready to paste. */
export function exampleCurl(url: string, certificatePath?: string): string {
  const body = JSON.stringify({
    id: '1509086454180',
    version: '1.0',
    request: { apiVer: '1.0.0' },
    params: {
      iotId: 'bZGD54swRg******FkEs000101',
      commodityCode: 'streamingResource_20_10',
      copies: 1,
      userName: '158****8558',
      userId: '50e5op6412259c0f11*****0f57cd9326da8409',
      immediateUse: false,
    },
  });
  const trust = certificatePath ? ` --cacert ${certificatePath}` : '';
  return `curl -s${trust} -X POST ${url}/vision/customer/streaming/order/create -H 'Content-Type: application/json' -d '${body}'`;
}

/**
 * A link to a page of the emulator for a browser on this machine (an unspecified bind address
 * becomes 127.0.0.1), with the admin token after '#', which the browser never sends on.
 */
export function pageLink(url: string, path: string, token?: string): string {
  const local = url.replace(/^(https?:\/\/)(0\.0\.0\.0|\[::\])(?=:)/, '$1127.0.0.1');
  return `${local}${path}${token === undefined ? '' : `#token=${encodeURIComponent(token)}`}`;
}

/** How long close() waits for requests in flight before it drops their connections. */
export const CLOSE_GRACE_MS = 10_000;

/**
 * Stops accepting, lets requests in flight finish, and closes keep-alive connections as soon
 * as they fall idle: Fastify closes only those idle at the moment close() is called, so a
 * connection whose request finishes later would hold the process open.
 */
export async function closeGracefully(app: FastifyInstance, graceMs = CLOSE_GRACE_MS): Promise<void> {
  const sweep = setInterval(() => app.server.closeIdleConnections(), 25);
  const deadline = setTimeout(() => app.server.closeAllConnections(), graceMs);
  try {
    await app.close();
  } finally {
    clearInterval(sweep);
    clearTimeout(deadline);
  }
}

/**
 * Builds the app and listens (HTTPS when asked); resolves once the port is bound. Port and host
 * default as on the CLI (8080, 127.0.0.1); startMock is the same with a free port.
 * @example
 * const server = await startServer({ port: 8080, now: '2024-11-15T02:00:00Z', seed: 7 });
 * console.log(`emulator at ${server.url}`);
 * process.once('SIGTERM', () => void server.close());
 */
export async function startServer(options: BuildAppOptions): Promise<RunningServer> {
  const { fixtureData: _f, logger: _l, realNow: _r, tls: given, families: _a, ...input } = options;
  const config = parseConfig(input);
  const tls = given ? undefined : await tlsMaterialFor(config);
  const generatedAdminToken = needsGeneratedAdminToken(config) ? generateAdminToken() : undefined;
  const app = await buildApp({ ...options, ...(tls ? { tls } : {}), ...(generatedAdminToken ? { adminToken: generatedAdminToken } : {}) });
  try {
    await app.listen({ port: app.config.port, host: app.config.host });
  } catch (err) {
    tls?.dispose();
    throw err;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : app.config.port;
  const host = app.config.host.includes(':') ? `[${app.config.host}]` : app.config.host;
  const scheme = tls || given ? 'https' : 'http';
  return {
    app,
    url: `${scheme}://${host}:${port}`,
    ...(tls ? { certificatePath: tls.certificatePath, certificateGenerated: tls.generated } : {}),
    ...(generatedAdminToken ? { generatedAdminToken } : {}),
    close: async () => {
      await closeGracefully(app);
      tls?.dispose();
    },
  };
}
