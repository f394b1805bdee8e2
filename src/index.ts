/** The programmatic API of aliyun-living-mock. */
export { buildApp, type BuildAppOptions } from './app.js';
export { startServer, exampleCurl, type RunningServer } from './server.js';
export { startMock, type MockServer, type StartMockOptions } from './start-mock.js';
export { optionSpecs, resolveOptions, optionsMarkdownTable, ConfigError, type OptionSpec, type OptionMeta } from './cli/options.js';
export { createLogger, REDACT_PATHS, type LoggerOptions } from './logging/logger.js';
export { OPENAPI_PATH, DOCS_PATH } from './docs/openapi.js';
export { parseConfig, ConfigSchema, type Config, type ConfigInput } from './config.js';
export { createWorld, type World, type WorldSettings } from './world.js';
export { loadFixtures, BUILT_IN_FIXTURES_DIR } from './fixtures/load.js';
export { validateFixtures, FixtureError } from './fixtures/validate.js';
export type { Fixtures } from './fixtures/schema.js';
export { BusinessErrors, GatewayErrors } from './errors/catalogue.js';
export { AdminClient, AdminApiError, type AdminClientOptions, type AdminClock, type AdminDevice, type AdminOrder, type RequestsFilter } from './admin/client.js';
export { FaultRule, FaultRules, type FaultRuleInput, type StoredFaultRule } from './faults/schema.js';
export { createFaultEngine, type FaultEngine } from './faults/engine.js';
export { createJournal, type Journal, type JournalEntry, type JournalFilter, type JournalPage } from './journal/journal.js';
export { buildStringToSign, showStringToSign, signedHeaderNames, canonicalUrl } from './gateway/signing/string-to-sign.js';
