import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { registerAdmin } from './admin/admin.js';
import { adminGuard } from './admin/guard.js';
import { isFrontDoor, registerFrontDoor } from './admin/front-door.js';
import { adminHosts } from './admin/hosts.js';
import { adminTokenMatcher } from './admin/token.js';
import { parseConfig, type ConfigInput } from './config/schema.js';
import { createEmulator } from './emulator.js';
import { familyTableOf, type ApiFamily } from './families/table.js';
import type { Fixtures } from './fixtures/schema.js';
import { loadFixtures } from './fixtures/load.js';
import { loadFaultsFile } from './faults/load.js';
import { registerApiRoutes } from './gateway/api-routes.js';
import { answerUnroutable, registerGateway } from './gateway/gateway.js';
import { gatewayRequestHook } from './gateway/request-hook.js';
import { createNodeSigningCrypto } from './gateway/signing/node-crypto.js';
import { ZOD_COMPILERS } from './gateway/schema-compilers.js';
import { serverTimeouts } from './runtime/server-timeouts.js';
import { attachStateFile } from './state/attach.js';
import { recordRequest } from './journal/record.js';
import { admitSession, isAdminPath, isSessionsRoute, rejectSession, sweepIdleSessions } from './sessions/routes.js';
import type { RawRequest, RequestSession } from './sessions/sessions.js';
import type { World } from './world.js';
import { registerDocs } from './docs/openapi.js';
import { lazyChildLoggerFactory, logRequestLine } from './logging/request-logger.js';
import { unredactedLogger } from './logging/logger.js';

/**
 * What buildApp needs: the CLI's options in camelCase (validated here) and, optionally, fixtures
 * already loaded, a logger and TLS material. startServer and startMock take the same.
 * @example
 * const options: BuildAppOptions = { now: '2024-11-15T02:00:00Z', seed: 7, requireCloudToken: true };
 * const app = await buildApp(options);
 */
export interface BuildAppOptions extends ConfigInput {
  /** Fixtures to use instead of reading `fixtures` (or the built-in folder). */
  fixtureData?: Fixtures;
  /** A pino logger (or Fastify logger options); default: silent. */
  logger?: FastifyBaseLogger | FastifyServerOptions['logger'];
  /** The real time source, for tests of a running clock. */
  realNow?: () => number;
  /** TLS key and certificate (PEM): the app then serves HTTPS when listened on (see runtime/server.ts). */
  tls?: { key: string | Buffer; cert: string | Buffer };
  /**
   * The API families to serve, one line each as in src/families/table.ts (default: `API_FAMILIES`,
   * the built-in ones). One family more: `[...API_FAMILIES, yours]`; its routes, docs, admin lane,
   * sessions, faults and state file follow (docs/contributing.md, "Adding a family").
   */
  families?: readonly ApiFamily[];
}

function isLoggerInstance(logger: unknown): logger is FastifyBaseLogger {
  return typeof logger === 'object' && logger !== null && typeof (logger as FastifyBaseLogger).child === 'function';
}

/**
 * Builds the emulator as a Fastify instance, ready for inject() or listen(); it never listens itself.
 * The emulator is createEmulator's; this adds what only a server has: files, sessions by header,
 * the admin API, docs, logs and the state file.
 * @example
 * const app = await buildApp({ now: '2024-11-15T02:00:00Z', seed: 42 });
 * const res = await app.inject({
 *   method: 'POST',
 *   url: '/vision/customer/streaming/order/query',
 *   payload: { request: { apiVer: '1.0.0' }, params: { iotId: 'Hk3m4NoP5qRs6TuVwXyZ000103' } },
 * });
 * res.json().code; // 200
 * await app.close();
 */
export async function buildApp(options: BuildAppOptions = {}): Promise<FastifyInstance> {
  const { fixtureData, logger, realNow, tls, families, ...input } = options;
  const config = parseConfig(input);
  const apiFamilies = familyTableOf(families);
  const emulator = createEmulator(config, {
    fixtures: fixtureData ?? loadFixtures(config.fixtures, apiFamilies),
    apiFamilies,
    faults: config.faults === undefined ? [] : loadFaultsFile(config.faults),
    signing: createNodeSigningCrypto(),
    realNow,
    sessions: { ...config, onEvict: (session, reason) => app.log.debug({ session, reason }, 'session dropped') },
  });
  const { world, gateway } = emulator;
  const sessions = emulator.sessions!;
  const skippedRows = config.stateFile ? attachStateFile(world, config.stateFile, { repair: config.stateFileRepair }).skipped : [];
  // The session an API request names, resolved once, when its request id is drawn.
  const resolved = new WeakMap<RawRequest, RequestSession>();

  const timeouts = serverTimeouts(config);
  const app = Fastify({
    ...(isLoggerInstance(logger) ? { loggerInstance: logger } : { logger: logger ?? false }),
    // Over TLS Fastify reads only these options, so the header deadline goes in here too.
    ...(tls ? { https: { key: tls.key, cert: tls.cert, ...timeouts.http } } : {}),
    bodyLimit: config.bodyLimit,
    schemaController: ZOD_COMPILERS,
    // Fastify's own request/response lines are off: onResponse below writes one line per request.
    logController: new LogController({ disableRequestLogging: true }),
    childLoggerFactory: lazyChildLoggerFactory,
    // Admin calls take no seeded id: reading the state must not shift the ids the API hands out next.
    // API calls draw from their own session, so sessions never draw on each other's ids.
    genReqId: (raw) => {
      // Nor does a browser opening the front door (`/`, `/docs`): a look at the page shifts no id.
      if (isAdminPath(raw.url ?? '') || (config.admin && isFrontDoor(raw.method, raw.url ?? ''))) return globalThis.crypto.randomUUID().toUpperCase();
      const session = sessions.forRequest(raw);
      if (session !== sessions.defaultSession) resolved.set(raw, session);
      return (session.ok ? session.world.ids : sessions.ids).uuid().toUpperCase();
    },
    // Slow or abandoned clients must not hold the server.
    ...timeouts,
    // A URL Fastify cannot route (a bad % escape) gets the gateway's answer, not Fastify's JSON.
    frameworkErrors: (error, request, reply) => {
      request.session = resolved.get(request.raw) ?? sessions.defaultSession;
      request.world = request.session.ok && request.session.admitted ? request.session.world : world;
      answerUnroutable(gateway, request, reply, error, isAdminPath(request.url));
      // No route, so no onResponse hook: the journal and the log hear of it here.
      recordRequest(request, reply.statusCode, reply.elapsedTime);
      logRequestLine(app.log, request, reply);
    },
  });
  if (world.persistence) app.addHook('onClose', async () => world.persistence?.close());
  app.decorate('world', world);
  app.decorate('config', config);
  app.decorate('sessions', sessions);
  app.decorateRequest('world', null as unknown as World);
  app.decorateRequest('session', null as never);
  app.decorateRequest('outcome', null as unknown as object);
  app.addHook(
    'onRequest',
    gatewayRequestHook(world, (request) => {
      // Listing sessions acts on none; an admin call names its session here, an API call when its id was drawn.
      const session = isSessionsRoute(request.url)
        ? sessions.defaultSession
        : (resolved.get(request.raw) ?? (isAdminPath(request.url) ? sessions.forRequest(request.raw) : sessions.defaultSession));
      request.session = session;
      return session.ok ? session : { ok: false, refuse: (req, reply) => rejectSession(req, reply, session) };
    }, adminGuard({
      hosts: adminHosts(config.host, config.adminHosts),
      ...(config.adminToken === undefined ? {} : { tokenMatches: adminTokenMatcher(config.adminToken) }),
    })),
  );
  for (const row of skippedRows) app.log.warn({ stateFile: config.stateFile, row }, 'state file: skipped a row that cannot be read or replayed (--state-file-repair)');
  const requestLog = unredactedLogger(app.log);
  app.addHook('onResponse', (request, reply, done) => {
    // A request the gateway refused before its new session was kept is journaled with the default world's.
    const { session } = request;
    if (session?.ok && !session.admitted) request.world = world;
    recordRequest(request, reply.statusCode, reply.elapsedTime);
    logRequestLine(app.log, request, reply, requestLog);
    done();
  });

  sweepIdleSessions(app);
  // The docs are part of the control plane: off with it, behind its guard (and token) with it.
  await registerDocs(app, { serve: config.admin });
  registerGateway(app, gateway);
  // A new session is kept only once the gateway lets its request in (past the signature check).
  registerApiRoutes(app, gateway, admitSession);
  if (config.admin) {
    await registerAdmin(app);
    registerFrontDoor(app);
  }
  return app;
}
