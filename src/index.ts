/**
 * `aliyun-living-mock`: the emulator as a server in your process, and clients of its control plane.
 * Only what a user calls or names is exported; docs/api.md lists it (a test compares the two).
 */
export { buildApp, type BuildAppOptions } from './app.js';
export { startServer, type RunningServer } from './runtime/server.js';
export { startMock, type MockServer, type StartMockOptions } from './runtime/start-mock.js';
export type { Config } from './config/schema.js';
export type { Fixtures } from './fixtures/schema.js';
export { API_FAMILIES, type ApiFamily } from './families/table.js';
export { AdminClient, AdminApiError, type AdminClientOptions, type AdminClock, type AdminDevice, type AdminDevicesPage, type AdminOrder, type DevicesPageQuery, type RequestsFilter } from './admin/client.js';
export type { FaultRuleInput, StoredFaultRule } from './faults/schema.js';
export type { JournalEntry, JournalPage } from './journal/journal.js';
export { sessionClient, listSessions, withSessions, type SessionClient, type SessionClientOptions, type ApiAnswer, type Envelope, type CallOptions } from './admin/session-client.js';
export { toSessionName } from './sessions/select.js';
export type { SessionSummary } from './sessions/sessions.js';
