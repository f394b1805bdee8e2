// src/mock.ts: import it first in src/main.ts (in development only, e.g. behind import.meta.env.DEV)
import { setupWorker } from 'msw/browser';
import { createHandlers } from 'aliyun-living-mock/msw';

export const { handlers, control } = createHandlers({ now: '2024-11-15T02:00:00Z', seed: 42 });
await setupWorker(...handlers).start({ onUnhandledRequest: 'bypass' });
