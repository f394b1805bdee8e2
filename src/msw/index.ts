/** `aliyun-living-mock/msw`: the emulator as MSW handlers, for browsers and test runners, with no server. */
export { createHandlers, DEFAULT_BASE_URL, type HandlersOptions, type MockHandlers } from './handlers.js';
export type { MockControl } from './control.js';
