/**
 * The gateway's Fastify adapter: every API as a POST route that hands the request to the
 * transport-free core (gateway-core.ts) and sends what it answers. What only a socket can do
 * lives here: real delays that end when the client leaves, dropped and hung connections.
 */
import type { Socket } from 'node:net';
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteShorthandOptions } from 'fastify';
import { recordRequest } from '../journal/record.js';
import { operationRouteOptions } from '../platform/operation-route.js';
import type { World } from '../world.js';
import type { CallResult, CallTransport } from './call-context.js';
import type { Gateway } from './gateway-core.js';
import { sendAnswer } from './respond.js';
import './request-state.js';

const OTHER_METHODS = ['GET', 'PUT', 'DELETE', 'PATCH', 'HEAD'] as const;

/** Requests waiting on a delay or hanging; closing the server ends them. */
interface InFlightFaults {
  /** Registers an abort; returns the function that unregisters it. */
  add(abort: () => void): () => void;
  abortAll(): void;
}

/** Tracks delayed and hung requests of one app and ends them when the app closes. */
function trackInFlightFaults(app: FastifyInstance): InFlightFaults {
  const aborts = new Set<() => void>();
  const inFlight: InFlightFaults = {
    add(abort) {
      aborts.add(abort);
      return () => aborts.delete(abort);
    },
    abortAll() {
      for (const abort of [...aborts]) abort();
      aborts.clear();
    },
  };
  // Before the server stops accepting: otherwise close() would wait for hung requests forever.
  app.addHook('preClose', async () => inFlight.abortAll());
  return inFlight;
}

/** Ends the connection with a TCP reset, without a byte of answer. */
function cutConnection(request: FastifyRequest, reply: FastifyReply): void {
  const socket = request.raw.socket as Socket | undefined;
  if (socket && typeof socket.resetAndDestroy === 'function' && !socket.destroyed) socket.resetAndDestroy();
  // Also ends the response itself: under inject() there is no real socket, and the caller gets LIGHT_ECONNRESET.
  if (!reply.raw.destroyed) reply.raw.destroy();
}

/** Real time for delays (the world's clock is for state); false when the server closed or the client left first. */
function socketTransport(request: FastifyRequest, inFlight: InFlightFaults): CallTransport {
  return {
    wait: (ms) =>
      new Promise((resolve) => {
        const socket = request.raw.socket as Socket | undefined;
        const done = (finished: boolean) => {
          clearTimeout(timer);
          unregister();
          socket?.off?.('close', onClose);
          resolve(finished);
        };
        const onClose = () => done(false);
        const timer = setTimeout(() => done(true), ms);
        const unregister = inFlight.add(() => done(false));
        socket?.on?.('close', onClose);
      }),
    logError: (err, message) => request.log.error({ err }, message),
  };
}

/** Holds a hung request's connection open until the client gives up or the server closes. */
function hang(request: FastifyRequest, reply: FastifyReply, inFlight: InFlightFaults): Promise<void> {
  reply.hijack();
  const socket = request.raw.socket as Socket | undefined;
  return new Promise<void>((resolve) => {
    const end = () => {
      unregister();
      socket?.off?.('close', end);
      recordRequest(request, null, reply.elapsedTime);
      resolve();
    };
    const unregister = inFlight.add(() => {
      end();
      cutConnection(request, reply);
    });
    socket?.on?.('close', end);
  });
}

/** Carries out the core's verdict on the socket. */
function finish(request: FastifyRequest, reply: FastifyReply, result: CallResult, inFlight: InFlightFaults): Promise<void> | undefined {
  switch (result.kind) {
    case 'answer':
      sendAnswer(reply, result.answer);
      return undefined;
    case 'drop':
      recordRequest(request, null, reply.elapsedTime);
      reply.hijack();
      cutConnection(request, reply);
      return undefined;
    case 'hang':
      return hang(request, reply, inFlight);
  }
}

/** The world of a request the gateway let in: its session is kept from then on (a refused caller creates none). */
export type AdmitSession = (request: FastifyRequest) => World;

/**
 * Registers every API of the gateway as POST: the core answers, this sends. Other methods on an
 * API path get the gateway's 405. Most calls cost no promise and no microtask turn.
 */
export function registerApiRoutes(app: FastifyInstance, gateway: Gateway, admit: AdmitSession = (request) => request.world): void {
  const inFlight = trackInFlightFaults(app);
  for (const [path, versions] of gateway.routes) {
    const documented = operationRouteOptions([...versions.values()], app.world.fixtures, app.world.apiFamilies) as RouteShorthandOptions;
    app.post(path, documented, (request, reply) => {
      const at = request.url.indexOf('?');
      const call = {
        method: request.method,
        path,
        query: at < 0 ? '' : request.url.slice(at + 1),
        headers: request.headers,
        body: request.body as Uint8Array | undefined,
      };
      const result = gateway.call(
        request.world,
        call,
        request.outcome,
        () => socketTransport(request, inFlight),
        () => (request.world = admit(request)),
      );
      if (!(result instanceof Promise)) return finish(request, reply, result, inFlight);
      return result.then((r) => finish(request, reply, r, inFlight));
    });
    app.route({
      method: [...OTHER_METHODS],
      url: path,
      schema: { hide: true },
      handler: (request, reply) => sendAnswer(reply, gateway.unsupportedMethod(request.outcome, request.method)),
    });
  }
}
