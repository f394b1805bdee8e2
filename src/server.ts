import type { FastifyInstance } from 'fastify';
import { buildApp, type BuildAppOptions } from './app.js';
import './gateway/request-state.js';

/** A running emulator. */
export interface RunningServer {
  app: FastifyInstance;
  /** Base URL, e.g. http://127.0.0.1:8080 */
  url: string;
  close(): Promise<void>;
}

/** The documented request example (create, help.aliyun.com 190252), ready to paste. */
export function exampleCurl(url: string): string {
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
  return `curl -s -X POST ${url}/vision/customer/streaming/order/create -H 'Content-Type: application/json' -d '${body}'`;
}

/** Builds the app and listens; resolves once the port is bound. */
export async function startServer(options: BuildAppOptions): Promise<RunningServer> {
  const app = await buildApp(options);
  await app.listen({ port: app.config.port, host: app.config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : app.config.port;
  const host = app.config.host.includes(':') ? `[${app.config.host}]` : app.config.host;
  return { app, url: `http://${host}:${port}`, close: () => app.close() };
}
