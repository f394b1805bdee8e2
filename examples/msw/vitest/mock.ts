import { setupServer } from 'msw/node';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { createHandlers } from 'aliyun-living-mock/msw';

export const { handlers, control } = createHandlers({ now: '2024-11-15T02:00:00Z', seed: 42 });
const server = setupServer(...handlers);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
beforeEach(() => control.reset());
afterAll(() => server.close());
