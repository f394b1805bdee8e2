import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

/** Debian's chromium package; .ci/run installs it when missing. CHROMIUM_PATH points elsewhere. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** How to get the browser suites to run, as the skip notice says it. */
export const ENABLE_BROWSER_SUITES = 'apt-get install -y chromium fonts-wqy-microhei (or set CHROMIUM_PATH), then npm test';

/**
 * Whether the browser suites run: when the browser is there, and always under CI=true, where a
 * missing browser must fail (launchBrowser says why) rather than pass by skipping.
 */
export const BROWSER_SUITES_RUN = existsSync(CHROMIUM) || process.env.CI === 'true';

declare module 'vitest' {
  interface TaskMeta {
    /** Set on the describe() of a suite that needs Chromium; the skip reporter counts these. */
    needsBrowser?: boolean;
  }
}

/** Options for the describe() of a browser suite: skipped without a browser (outside CI), and marked for the reporter. */
export const BROWSER_SUITE = { skip: !BROWSER_SUITES_RUN, meta: { needsBrowser: true } } as const;

/** Where tests leave screenshots (gitignored). */
export const ARTIFACTS = join(import.meta.dirname, '..', '..', 'test-artifacts');

// Headless, and nothing that reaches out to the network on its own.
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A running headless Chromium with a fresh, empty profile that close() removes. */
export interface TestBrowser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** Launches Chromium with a new empty user-data-dir; fails saying how to install it when missing. */
export async function launchBrowser(viewport = { width: 1280, height: 800 }): Promise<TestBrowser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`no Chromium at ${CHROMIUM}: install Debian's package (apt-get update && apt-get install -y chromium) or set CHROMIUM_PATH`);
  }
  const profile = mkdtempSync(join(tmpdir(), 'aliyun-living-mock-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    viewport,
    locale: 'zh-CN',
    // Not the emulator's zone: the page must show times in the zone the emulator reports.
    timezoneId: 'America/Los_Angeles',
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** The path of a screenshot under test-artifacts/, creating the folder. */
export function artifactPath(name: string): string {
  mkdirSync(ARTIFACTS, { recursive: true });
  return join(ARTIFACTS, name);
}
