import type { FastifyInstance } from 'fastify';
import { buildApp, type BuildAppOptions } from './app.js';
import { parseConfig } from './config.js';
import './gateway/request-state.js';
import { tlsMaterialFor } from './tls.js';
import { insecureAdminReason } from './reliability-options.js';

/** A running emulator. */
export interface RunningServer {
  app: FastifyInstance;
  /** Base URL, e.g. http://127.0.0.1:8080 (https:// with --https or --tls-cert) */
  url: string;
  /** With HTTPS: the PEM file of the certificate, for clients to trust. */
  certificatePath?: string;
  /** With HTTPS: whether the certificate was generated at start (self-signed). */
  certificateGenerated?: boolean;
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

/** Builds the app and listens (HTTPS when asked); resolves once the port is bound. */
export async function startServer(options: BuildAppOptions): Promise<RunningServer> {
  const { fixtureData: _f, logger: _l, realNow: _r, tls: given, ...input } = options;
  const tls = given ? undefined : await tlsMaterialFor(parseConfig(input));
  const app = await buildApp(tls ? { ...options, tls } : options);
  const refusal = insecureAdminReason(app.config);
  if (refusal) {
    await app.close();
    tls?.dispose();
    throw new Error(refusal);
  }
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
    close: async () => {
      await closeGracefully(app);
      tls?.dispose();
    },
  };
}
