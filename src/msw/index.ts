/**
 * `aliyun-living-mock/msw` (and the package `@aliyun-living-mock/msw`): the emulator as MSW
 * handlers, for browsers and test runners, with no server. Everything a test names is here, so
 * nothing needs the root entry, which loads the server's Node modules.
 */
export { createHandlers, DEFAULT_BASE_URL, type HandlersOptions, type MockHandlers } from './handlers.js';
export type { MockControl } from './control.js';
export { AdminApiError, type AdminClock, type AdminDevice, type AdminDevicesPage, type AdminOrder, type DevicesPageQuery, type RequestsFilter } from '../admin/client.js';
export type { FaultRuleInput, StoredFaultRule } from '../faults/schema.js';
export type { JournalEntry, JournalPage } from '../journal/journal.js';
export type { Fixtures } from '../fixtures/schema.js';
export { API_FAMILIES, type ApiFamily } from '../families/table.js';
