/**
 * The one composition of the emulator: fixtures, world template, default world, sessions and the
 * gateway core with its checks, from the options of the one config schema (config/schema.ts).
 * The Fastify app (app.ts) and the MSW handlers (msw/handlers.ts) are adapters over what this
 * builds, so they cannot assemble the gateway differently. No Fastify, no Node built-ins: what
 * only a host can do (read a folder, HMAC with node:crypto) comes in already done.
 */
import type { Config } from './config/schema.js';
import type { FaultRule } from './faults/schema.js';
import type { Fixtures } from './fixtures/schema.js';
import { withSyntheticDevices } from './fixtures/synthetic.js';
import { checkOrderTimes } from './fixtures/validate.js';
import { BUILT_IN_FAMILIES } from './families/table.js';
import { appPermissions } from './gateway/app-permissions.js';
import { cloudTokenCheck } from './gateway/cloud-token-check.js';
import { createGateway, type Gateway } from './gateway/gateway-core.js';
import { createNonceMemory } from './gateway/signing/nonce-memory.js';
import type { SigningCrypto } from './gateway/signing/verify-request.js';
import { JournalBudget } from './journal/journal.js';
import type { FamilyTable } from './platform/api-family.js';
import type { EvictionReason } from './sessions/registry.js';
import { createSessions, NAMED_SESSIONS_WITH_STATE_FILE, type Sessions } from './sessions/sessions.js';
import { createWorldTemplate, type WorldTemplate } from './sessions/template.js';
import { createWorld, type World, type WorldSettings } from './world.js';

/** The options an emulator reads, as the config schema parses them (its defaults filled in). */
export type EmulatorConfig = Pick<Config, 'timezone' | 'seed' | 'paymentSettleMs' | 'requireCloudToken' | 'journalSize' | 'journalBytes'> & {
  /** The start instant, ISO or epoch ms; absent: the real time. */
  now?: string | number;
  /** With `now`: whether time stands still (default true). */
  frozen?: boolean;
  /** Load-test devices added to the fixtures (--synthetic-devices). */
  syntheticDevices?: number;
  /** Check every request's signature, not only those of apps that ask for it (needs `signing`). */
  verifySignature?: boolean;
};

/** What the host brings: data it read and what only it can do. */
export interface EmulatorHost {
  /** The fixtures, validated (the server reads a folder, the MSW handlers take objects), each family's file by `apiFamilies`' checks. */
  fixtures: Fixtures;
  /** The families to serve (the `families` option, as a table: familyTableOf); default: the built-in ones. */
  apiFamilies?: FamilyTable;
  /** Fault rules in force at start and after a reset, validated. */
  faults?: readonly FaultRule[];
  /** HMAC and MD5 for the signature check; absent: no signature is checked (the MSW handlers, see the README). */
  signing?: SigningCrypto;
  /** The real time source, for tests of a running clock. */
  realNow?: () => number;
  /** Named sessions besides the default world (the server); absent: the default world only. */
  sessions?: Pick<Config, 'isolateBy' | 'maxSessions' | 'sessionIdleMs'> & Partial<Pick<Config, 'stateFile'>> & { onEvict?(name: string, reason: EvictionReason): void };
}

/** One emulator: its worlds and the gateway in front of them. */
export interface Emulator {
  readonly fixtures: Fixtures;
  /** What every world of this emulator shares: the resolved fixtures and the zone. */
  readonly template: WorldTemplate;
  /** How each world starts; a reset returns it there. */
  readonly settings: WorldSettings;
  /** The world of requests that name no session. */
  readonly world: World;
  /** The families every world of this emulator serves. */
  readonly apiFamilies: FamilyTable;
  readonly sessions: Sessions | undefined;
  readonly gateway: Gateway;
}

/** The start instant of a config, in epoch ms. */
function startMsOf(now: string | number | undefined): number | undefined {
  return now === undefined ? undefined : typeof now === 'number' ? now : Date.parse(now);
}

/**
 * Builds an emulator from parsed options and what its host read; throws a FixtureError when a
 * fixture order's time lies past what dates can show (it would corrupt every world built from it).
 * @example
 * const { gateway, world } = createEmulator(parseConfig({ now: '2024-11-15T02:00:00Z', seed: 7 }), { fixtures: builtInFixtures() });
 * const body = new TextEncoder().encode('{"request":{"apiVer":"1.0.0"},"params":{}}');
 * gateway.call(world, { method: 'POST', path: '/vision/customer/streaming/commodity/query', query: '', headers: {}, body }, {}, () => transport);
 */
export function createEmulator(config: EmulatorConfig, host: EmulatorHost): Emulator {
  const fixtures = withSyntheticDevices(host.fixtures, config.syntheticDevices ?? 0);
  const realNow = host.realNow ?? Date.now;
  const apiFamilies = host.apiFamilies ?? BUILT_IN_FAMILIES;
  // Every session is a world over one template: the fixtures are resolved once and shared.
  const template = createWorldTemplate(fixtures, config.timezone, config.seed, apiFamilies);
  const settings: WorldSettings = {
    timezone: config.timezone,
    startMs: startMsOf(config.now),
    frozen: config.frozen ?? true,
    seed: config.seed,
    paymentSettleMs: config.paymentSettleMs,
    faults: host.faults ?? [],
    journalSize: config.journalSize,
    // One budget for the journals of every session.
    journalBudget: new JournalBudget(config.journalBytes),
    // A replayed nonce is refused whichever session the replay names.
    nonces: createNonceMemory(),
  };
  checkOrderTimes(fixtures, settings.startMs ?? realNow(), template.zone);
  const world = createWorld(fixtures, settings, realNow, template);
  const sessions = host.sessions
    ? createSessions({
        defaultWorld: world,
        createWorld: () => createWorld(fixtures, settings, realNow, template),
        isolateBy: host.sessions.isolateBy,
        maxSessions: host.sessions.maxSessions,
        idleMs: host.sessions.sessionIdleMs,
        realNow: host.realNow,
        seed: config.seed,
        onEvict: host.sessions.onEvict,
        // A state file keeps the default world only: a named session's orders would be answered 200 and lost on restart.
        namedRefused: host.sessions.stateFile === undefined ? undefined : NAMED_SESSIONS_WITH_STATE_FILE,
      })
    : undefined;
  const gateway = createGateway({
    operations: apiFamilies.operations,
    checks: [cloudTokenCheck({ required: config.requireCloudToken }), appPermissions],
    // One key cache and one memo of signed-header lists per app, shared by its sessions' worlds.
    ...(host.signing ? { signatures: { verifyAll: config.verifySignature ?? false, crypto: host.signing } } : {}),
  });
  return { fixtures, template, settings, world, apiFamilies, sessions, gateway };
}
