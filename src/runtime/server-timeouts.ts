import type { FastifyServerOptions } from 'fastify';
import type { Config } from '../config/schema.js';

/**
 * Fastify and Node options that close the sockets of slow or abandoned clients (a slowloris
 * trickle, a body that never ends, an idle keep-alive). Node checks the header and request
 * deadlines on a timer (30 s by default), so the timer follows the shortest deadline.
 */
export function serverTimeouts(config: Pick<Config, 'connectionTimeout' | 'headersTimeout' | 'requestTimeout' | 'keepAliveTimeout'>) {
  const checkEvery = Math.max(20, Math.min(1000, Math.floor(Math.min(config.headersTimeout, config.requestTimeout) / 4)));
  return {
    connectionTimeout: config.connectionTimeout,
    requestTimeout: config.requestTimeout,
    keepAliveTimeout: config.keepAliveTimeout,
    http: { headersTimeout: config.headersTimeout, requestTimeout: config.requestTimeout, connectionsCheckingInterval: checkEvery },
  } satisfies Partial<FastifyServerOptions> & { http: object };
}
