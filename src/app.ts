import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { registerAdmin } from './admin/admin.js';
import { adminTokenCheck } from './admin/token.js';
import { parseConfig, type Config, type ConfigInput } from './config/schema.js';
import type { Fixtures } from './fixtures/schema.js';
import { loadFixtures } from './fixtures/load.js';
import { withSyntheticDevices } from './fixtures/synthetic.js';
import { checkOrderTimes } from './fixtures/validate.js';
import { loadFaultsFile } from './faults/load.js';
import type { FaultRule } from './faults/schema.js';
import { registerApiRoutes } from './gateway/api-routes.js';
import { appPermissions } from './gateway/app-permissions.js';
import { answerUnroutable, registerGateway } from './gateway/gateway.js';
import { createGateway } from './gateway/gateway-core.js';
import { gatewayRequestHook } from './gateway/request-hook.js';
import { createNodeSigningCrypto } from './gateway/signing/node-crypto.js';
import { ZOD_COMPILERS } from './gateway/schema-compilers.js';
import { serverTimeouts } from './runtime/server-timeouts.js';
import { attachStateFile } from './state/attach.js';
import { cloudTokenCheck } from './gateway/cloud-token-check.js';
import { ALL_OPERATIONS } from './families/table.js';
import { JournalBudget } from './journal/journal.js';
import { createNonceMemory } from './gateway/signing/nonce-memory.js';
import { recordRequest } from './journal/record.js';
import { isAdminPath, isSessionsRoute, rejectSession, sweepIdleSessions } from './sessions/routes.js';
import { createSessions, type RawRequest } from './sessions/sessions.js';
import { createWorldTemplate } from './sessions/template.js';
import { createWorld, type World, type WorldSettings } from './world.js';
import { registerDocs } from './docs/openapi.js';
import { lazyChildLoggerFactory, logRequestLine } from './logging/request-logger.js';
import { unredactedLogger } from './logging/logger.js';

/** What buildApp needs: options (validated here) and, optionally, fixtures already loaded. */
export interface BuildAppOptions extends ConfigInput {
  /** Fixtures to use instead of reading `fixtures` (or the built-in folder). */
  fixtureData?: Fixtures;
  /** A pino logger (or Fastify logger options); default: silent. */
  logger?: FastifyBaseLogger | FastifyServerOptions['logger'];
  /** The real time source, for tests of a running clock. */
  realNow?: () => number;
  /** TLS key and certificate (PEM): the app then serves HTTPS when listened on (see runtime/server.ts). */
  tls?: { key: string | Buffer; cert: string | Buffer };
}

function isLoggerInstance(logger: unknown): logger is FastifyBaseLogger {
  return typeof logger === 'object' && logger !== null && typeof (logger as FastifyBaseLogger).child === 'function';
}

/** The world settings a config asks for; the --faults file is read here unless its rules are given. */
export function worldSettings(config: Config, faults?: readonly FaultRule[]): WorldSettings {
  return {
    timezone: config.timezone,
    startMs: config.now === undefined ? undefined : Date.parse(config.now),
    frozen: true,
    seed: config.seed,
    paymentSettleMs: config.paymentSettleMs,
    faults: faults ?? (config.faults === undefined ? [] : loadFaultsFile(config.faults)),
    journalSize: config.journalSize,
    // One budget for the journals of every session of this server.
    journalBudget: new JournalBudget(config.journalBytes),
    // A replayed nonce is refused whichever session the replay names.
    nonces: createNonceMemory(),
  };
}

/** Builds the emulator as a Fastify instance, ready for inject() or listen(); it never listens itself. */
export async function buildApp(options: BuildAppOptions = {}): Promise<FastifyInstance> {
  const { fixtureData, logger, realNow, tls, ...input } = options;
  const config = parseConfig(input);
  const fixtures = withSyntheticDevices(fixtureData ?? loadFixtures(config.fixtures), config.syntheticDevices);
  // Every session is a world over one template: the fixtures are resolved once and shared.
  const template = createWorldTemplate(fixtures, config.timezone, config.seed);
  const settings = worldSettings(config);
  // A fixture order's time past what dates can show would corrupt every world built from it.
  checkOrderTimes(fixtures, settings.startMs ?? (realNow ?? Date.now)(), template.zone);
  const world = createWorld(fixtures, settings, realNow, template);
  const skippedRows = config.stateFile ? attachStateFile(world, config.stateFile, { repair: config.stateFileRepair }).skipped : [];
  const sessions = createSessions({
    defaultWorld: world,
    createWorld: () => createWorld(fixtures, settings, realNow, template),
    isolateBy: config.isolateBy,
    maxSessions: config.maxSessions,
    idleMs: config.sessionIdleMs,
    realNow,
    seed: config.seed,
    onEvict: (session, reason) => app.log.debug({ session, reason }, 'session dropped'),
  });

  const gateway = createGateway({
    operations: ALL_OPERATIONS,
    checks: [cloudTokenCheck({ required: config.requireCloudToken }), appPermissions],
    // One key cache and one memo of signed-header lists per app, shared by its sessions' worlds.
    signatures: { verifyAll: config.verifySignature, crypto: createNodeSigningCrypto() },
  });

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
      if (isAdminPath(raw.url ?? '')) return globalThis.crypto.randomUUID().toUpperCase();
      const session = sessions.forRequest(raw);
      return (session.ok ? session.world.ids : sessions.ids).uuid().toUpperCase();
    },
    // Slow or abandoned clients must not hold the server.
    ...timeouts,
    // A URL Fastify cannot route (a bad % escape) gets the gateway's answer, not Fastify's JSON.
    frameworkErrors: (error, request, reply) => {
      request.world = isAdmitted(request) ? sessions.admit(request.raw) : world;
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
  app.decorateRequest('outcome', null as unknown as object);
  const DEFAULT_WORLD = { ok: true, name: 'default', world, admitted: true } as const;
  const isAdmitted = (request: { raw: RawRequest }): boolean => {
    const session = sessions.forRequest(request.raw);
    return session.ok && session.admitted;
  };
  app.addHook(
    'onRequest',
    gatewayRequestHook(world, (request) => {
      const session = isSessionsRoute(request.url) ? DEFAULT_WORLD : sessions.forRequest(request.raw);
      return session.ok ? session : { ok: false, refuse: (req, reply) => rejectSession(req, reply, session) };
    }),
  );
  for (const row of skippedRows) app.log.warn({ stateFile: config.stateFile, row }, 'state file: skipped a row that cannot be read (--state-file-repair)');
  const requestLog = unredactedLogger(app.log);
  app.addHook('onResponse', (request, reply, done) => {
    // A request the gateway refused before its new session was kept is journaled with the default world's.
    if (request.world !== world && !isAdmitted(request)) request.world = world;
    recordRequest(request, reply.statusCode, reply.elapsedTime);
    logRequestLine(app.log, request, reply, requestLog);
    done();
  });

  sweepIdleSessions(app);
  // The docs are part of the control plane: off with it, behind its token with it.
  await registerDocs(app, { serve: config.admin, tokenCheck: config.adminToken === undefined ? undefined : adminTokenCheck(config.adminToken) });
  registerGateway(app, gateway);
  // A new session is kept only once the gateway lets its request in (past the signature check).
  registerApiRoutes(app, gateway, (request) => sessions.admit(request.raw));
  if (config.admin) await registerAdmin(app, { token: config.adminToken });
  return app;
}
