import compress from '@fastify/compress';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import '../gateway/request-state.js';
import { admitSession, isSessionsRoute, registerSessionRoutes } from '../sessions/routes.js';
import { ResetNotStoredError } from '../state/reset-not-stored.js';
import type { World } from '../world.js';
import { createChangeFeed, type ChangeFeed } from './changes.js';
import { familiesView } from './families.js';
import { allowedMethods } from './methods.js';
import { addFault, advanceClock, clockView, listRequests, removeFault, replaceFaults, setClock, validated } from './control.js';
import { ChangesQuery, DeviceBody, DeviceOrdersQuery, DevicesQuery, OrderBody, OrderPatch } from './schemas.js';
import { addOrder, getDevice, listDevices, patchOrder, putDevice, type AdminResult } from './state.js';
import { registerAdminUi } from './ui.js';

const decoder = new TextDecoder('utf-8');

/** Methods that only read: they keep no session they name. */
const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** A 400 (or other) answer in plain JSON: {error} says what was wrong. */
class AdminError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

/** The JSON body (the gateway hands every body over as bytes); empty is undefined. */
function jsonBody(request: FastifyRequest): unknown {
  const raw = request.body;
  const text = raw === undefined || raw === null ? '' : typeof raw === 'string' ? raw : decoder.decode(raw as Uint8Array);
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new AdminError(400, `body is not valid JSON: ${(err as Error).message}`);
  }
}

/** Validates input with a zod schema; a mismatch is a 400 listing each field and what it expects. */
function validate<S extends z.ZodType>(schema: S, input: unknown, what: string): z.infer<S> {
  return unwrap(validated(schema, input, what));
}

function unwrap<T>(result: AdminResult<T>): T {
  if (!result.ok) throw new AdminError(result.status, result.error);
  return result.value;
}

/** With a state file, what the admin API changed is committed before the answer leaves. */
async function persist(world: World, result: AdminResult<unknown>): Promise<void> {
  if (result.ok && result.effects) await world.persistence?.commit(result.effects);
}

/** The header the admin page sends on every call it makes, admin and API alike. */
export const PAGE_CLIENT_HEADER = 'x-mock-client';

/**
 * Tells the change feed which devices an API call may have changed: the one it names and any other
 * device among its params (a transfer's target). Only calls answered code 200 change anything.
 */
function watchApiCalls(app: FastifyInstance, feed: ChangeFeed): void {
  app.addHook('onSend', async (request, _reply, payload) => {
    const tracker = request.outcome?.code === 200 && request.world ? feed.existing(request.world) : undefined;
    if (!tracker) return payload;
    const named = new Set<string>();
    if (request.outcome.iotId !== undefined) named.add(request.outcome.iotId);
    try {
      const params = (JSON.parse(decoder.decode(request.body as Uint8Array)) as { params?: Record<string, unknown> }).params ?? {};
      for (const value of Object.values(params)) if (typeof value === 'string' && request.world.directory.devices.has(value)) named.add(value);
    } catch {
      // Code 200 means the envelope parsed; nothing else to learn here.
    }
    tracker.touch(named);
    return payload;
  });
  // Chromium sends a POST again, once, when a reused connection closes with no answer (a drop fault):
  // the page's calls each get a connection of their own, so one click is one call.
  app.addHook('onRequest', (request, reply, done) => {
    if (request.headers[PAGE_CLIENT_HEADER] === 'admin-page') reply.header('connection', 'close');
    done();
  });
}

/**
 * The control plane under /__admin: plain JSON, never the Aliyun envelope. Reads never change
 * state; input is validated with zod and refused with a 400 that names the field.
 */
export async function registerAdmin(app: FastifyInstance): Promise<void> {
  const feed = createChangeFeed();
  watchApiCalls(app, feed);
  await app.register(
    async (admin) => {
      // Admin answers are JSON that compresses ten to one (a device list of 200 devices: 1.3 MB).
      await admin.register(compress, { global: true, threshold: 1024, encodings: ['br', 'gzip', 'deflate'] });
      // The guard (guard.ts, run by the gateway's onRequest hook) has checked Host, origin, token and content type.
      // A change keeps the session it names from here on. A read never creates or evicts one: naming a
      // session that does not exist, it answers as that session would be on its first use (a fresh
      // world from the fixtures, thrown away after), so the page can show a session before it holds anything.
      admin.addHook('onRequest', (request, _reply, done) => {
        if (!READS.has(request.method) && !isSessionsRoute(request.url)) admitSession(request);
        done();
      });
      admin.setErrorHandler((error: Error & { statusCode?: number }, request: FastifyRequest, reply: FastifyReply) => {
        if (error instanceof AdminError) return reply.code(error.status).send({ error: error.message });
        if (error.statusCode !== undefined && error.statusCode < 500) return reply.code(error.statusCode).send({ error: error.message });
        request.log.error({ err: error }, 'admin API bug');
        return reply.code(500).send({ error: `emulator error: ${error.message}` });
      });

      admin.setNotFoundHandler((request, reply) => {
        const path = request.url.split('?')[0]!;
        // A path that exists, with a method none of its routes takes (TRACE, PROPFIND...): 405 with Allow
        // (OPTIONS left out: every path has it for the API's preflights, and the guard refuses it here).
        const allow = allowedMethods(app.servedRoutes, path).filter((m) => m !== 'OPTIONS');
        if (allow.length) return reply.code(405).header('allow', allow.join(', ')).send({ error: `${request.method} is not a method of ${path}: use ${allow.join(', ')}` });
        return reply.code(404).send({ error: `no admin route ${request.method} ${path}; the routes are in docs/admin-api.md and at /__admin/docs` });
      });

      await registerSessionRoutes(admin);

      admin.get('/health', async (request) => ({ status: 'ok', now: new Date(request.world.clock.now()).toISOString() }));

      admin.post('/reset', async (request) => {
        try {
          request.world.reset();
        } catch (err) {
          if (!(err instanceof ResetNotStoredError)) throw err;
          request.log.error({ err }, 'reset not stored');
          throw new AdminError(500, err.message);
        }
        feed.existing(request.world)?.touchAll();
        return { ok: true };
      });

      // Clock: a move may change any order's status.
      const moved = <T>(request: FastifyRequest, value: T): T => {
        feed.existing(request.world)?.touchAll();
        return value;
      };
      admin.get('/clock', async (request) => clockView(request.world));
      admin.put('/clock', async (request) => moved(request, unwrap(setClock(request.world, jsonBody(request)))));
      admin.post('/clock/advance', async (request) => moved(request, unwrap(advanceClock(request.world, jsonBody(request)))));

      // What changed since the page last looked, and the catalogue it builds its forms from.
      admin.get('/changes', async (request) => {
        const { since, ...page } = validate(ChangesQuery, request.query, 'query');
        return feed.of(request.world).since(since, page);
      });
      admin.get('/families', async (request) => familiesView(request.world));

      // Faults
      admin.get('/faults', async (request) => ({ rules: request.world.faults.list() }));
      admin.put('/faults', async (request) => unwrap(replaceFaults(request.world, jsonBody(request))));
      admin.post('/faults', async (request, reply) => reply.code(201).send(unwrap(addFault(request.world, jsonBody(request)))));
      admin.delete('/faults', async (request) => {
        request.world.faults.clear();
        return { ok: true };
      });
      admin.delete<{ Params: { id: string } }>('/faults/:id', async (request) => unwrap(removeFault(request.world, request.params.id)));

      // Journal
      admin.get('/requests', async (request) => unwrap(listRequests(request.world, request.query)));
      admin.get<{ Params: { id: string } }>('/requests/:id', async (request) => {
        const entry = request.world.journal.get(request.params.id);
        if (!entry) throw new AdminError(404, `no request "${request.params.id}" in the journal (it keeps the last ${request.world.journal.capacity})`);
        return entry;
      });
      admin.delete('/requests', async (request) => {
        request.world.journal.clear();
        return { ok: true };
      });

      // State
      admin.get('/devices', async (request) => listDevices(request.world, validate(DevicesQuery, request.query, 'query')));
      admin.get<{ Params: { iotId: string } }>('/devices/:iotId', async (request) =>
        unwrap(getDevice(request.world, request.params.iotId, validate(DeviceOrdersQuery, request.query, 'query'))),
      );
      admin.put<{ Params: { iotId: string } }>('/devices/:iotId', async (request) => {
        const { iotId } = request.params;
        const body = validate(DeviceBody, jsonBody(request), 'device');
        if (body.iotId !== undefined && body.iotId !== iotId) throw new AdminError(400, `iotId: the body says "${body.iotId}", the path "${iotId}"; leave it out of the body`);
        const put = unwrap(putDevice(request.world, { ...body, iotId }));
        feed.existing(request.world)?.touch([iotId]);
        return put;
      });
      admin.post<{ Params: { iotId: string } }>('/devices/:iotId/orders', async (request, reply) => {
        const { iotId } = request.params;
        const body = validate(OrderBody, jsonBody(request), 'order');
        if (body.iotId !== undefined && body.iotId !== iotId) throw new AdminError(400, `iotId: the body says "${body.iotId}", the path "${iotId}"; leave it out of the body`);
        const result = addOrder(request.world, iotId, { ...body, iotId });
        const placed = unwrap(result);
        await persist(request.world, result);
        feed.existing(request.world)?.touch([iotId]);
        return reply.code(201).send(placed);
      });
      admin.put<{ Params: { orderId: string } }>('/orders/:orderId', async (request) => {
        const patch = validate(OrderPatch, jsonBody(request), 'body');
        const result = patchOrder(request.world, request.params.orderId, patch);
        const patched = unwrap(result);
        await persist(request.world, result);
        feed.existing(request.world)?.touch([patched.iotId]);
        return patched;
      });
    },
    { prefix: '/__admin' },
  );
  // Outside the token-checked scope: the page itself is public, it asks for the token the API needs.
  await registerAdminUi(app);
}
