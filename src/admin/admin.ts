import type { FastifyInstance } from 'fastify';

/** The control plane under /__admin: plain JSON, never the Aliyun envelope. */
export async function registerAdmin(app: FastifyInstance): Promise<void> {
  app.get('/__admin/health', async (request) => ({ status: 'ok', now: new Date(request.world.clock.now()).toISOString() }));
}
