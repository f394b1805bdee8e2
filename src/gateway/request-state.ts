import type { Config } from '../config/schema.js';
import type { World } from '../world.js';

export type { RequestOutcome } from './request-outcome.js';
import type { RequestOutcome } from './request-outcome.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The default world. */
    world: World;
    config: Config;
  }
  interface FastifyRequest {
    /** The world this request acts on. */
    world: World;
    outcome: RequestOutcome;
  }
}
