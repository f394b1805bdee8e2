import { afterAll, beforeAll, beforeEach } from 'vitest';
import { AdminClient } from '../../src/admin/client.js';
import type { BuildAppOptions } from '../../src/app.js';
import { startServer, type RunningServer } from '../../src/runtime/server.js';
import { T0 } from './api.js';
import { launchBrowser, type TestBrowser } from './browser.js';

/** What a browser suite of the admin page works with; filled in by the hooks pageRig() registers. */
export interface PageRig {
  server: RunningServer;
  browser: TestBrowser;
  admin: AdminClient;
}

/**
 * Registers the hooks of a browser suite in the describe() that calls it: an emulator on a free
 * port (clock frozen at T0, seed 42, then `options`) and a Chromium for the whole suite, a reset before each test.
 */
export function pageRig(options: BuildAppOptions = {}): PageRig {
  const rig = {} as PageRig;
  beforeAll(async () => {
    rig.server = await startServer({ port: 0, host: '127.0.0.1', now: T0, seed: 42, ...options });
    rig.admin = new AdminClient(rig.server.url);
    rig.browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await rig.browser?.close();
    await rig.server?.close();
  });
  beforeEach(async () => {
    await rig.admin.reset();
  });
  return rig;
}
