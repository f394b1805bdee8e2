/**
 * The docs page (/__admin/docs) in a real headless Chromium, against an emulator started with
 * --admin-token: readable on a phone, titled after the project, linked with the admin page,
 * nothing blocked by its Content-Security-Policy, and "Try it out" on an admin operation works
 * once the token is given through Authorize. Screenshots under test-artifacts/.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/runtime/server.js';
import { T0 } from '../support/api.js';
import { artifactPath, BROWSER_SUITE, launchBrowser, type TestBrowser } from '../support/browser.js';

const TOKEN = 'docs-s3cret';
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core's violations on the page as it is, but the moderate ones (heading order, landmarks) that Swagger UI's layout makes. */
async function axeViolations(page: Page): Promise<Array<{ id: string; impact: string; nodes: string[] }>> {
  // Evaluated, not added as a <script>: the page's Content-Security-Policy allows only its own scripts.
  await page.evaluate(AXE);
  const result = (await page.evaluate(() => (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<unknown> } }).axe.run(document, { resultTypes: ['violations'] }))) as {
    violations: Array<{ id: string; impact: string; nodes: Array<{ target: unknown; failureSummary?: string }> }>;
  };
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => `${String(n.target)} ${String(n.failureSummary).slice(0, 160)}`) }));
}

let server: RunningServer;
let browser: TestBrowser;

/** Opens the docs page, noting every Content-Security-Policy violation and every URL it asks for. */
async function openDocs(viewport: { width: number; height: number }): Promise<{ page: Page; violations: () => Promise<string[]>; requested: string[] }> {
  const page = await browser.context.newPage();
  await page.setViewportSize(viewport);
  const requested: string[] = [];
  page.on('request', (r) => requested.push(r.url()));
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.sourceFile}:${e.lineNumber}`));
  });
  // The link carries the token (as the CLI prints it): the document is behind --admin-token like every admin path.
  await page.goto(`${server.url}/__admin/docs#token=${TOKEN}`);
  await page.waitForSelector('.opblock', { timeout: 15_000 });
  // The initializer swaps the logo in once the top bar is drawn.
  await page.waitForSelector('#swagger-ui .topbar-wrapper a.link img');
  return { page, requested, violations: () => page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations) };
}

describe('the docs page (needs Chromium)', BROWSER_SUITE, () => {
  beforeAll(async () => {
    server = await startServer({ port: 0, host: '127.0.0.1', now: T0, seed: 42, adminToken: TOKEN });
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('fits a phone (viewport meta), is titled after the project, links to the admin page and blocks nothing', { timeout: 60_000 }, async () => {
    const { page, violations, requested } = await openDocs({ width: 390, height: 844 });
    // Without a viewport meta a phone lays the page out 980 px wide and shrinks it.
    expect(await page.evaluate(() => window.innerWidth)).toBe(390);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await page.title()).toBe('aliyun-living-mock · API docs');
    const logo = await page.$eval('#swagger-ui .topbar-wrapper a.link', (a) => ({ href: (a as HTMLAnchorElement).href, src: a.querySelector('img')!.getAttribute('src')! }));
    expect(logo.href).toBe(`${server.url}/__admin/ui/`);
    expect(logo.src).toMatch(/^data:image\/svg\+xml;base64,/);
    const description = await page.$$eval('.info .description a', (as) => as.map((a) => (a as HTMLAnchorElement).href));
    expect(description).toContain(`${server.url}/__admin/ui/`);
    expect(await violations()).toEqual([]);
    expect(requested.filter((u) => !u.startsWith(`${server.url}/`) && !u.startsWith('data:'))).toEqual([]);
    await page.screenshot({ path: artifactPath('docs-390x844.png') });

    // The page's files are not operations; every admin operation has a summary, the sessions ones too.
    const operations = await page.$$eval('.opblock', (blocks) =>
      blocks.map((b) => ({ path: b.querySelector('.opblock-summary-path')?.getAttribute('data-path') ?? '', summary: b.querySelector('.opblock-summary-description')?.textContent ?? '' })),
    );
    expect(operations.filter((o) => o.path.startsWith('/__admin/ui'))).toEqual([]);
    const sessions = operations.filter((o) => o.path.startsWith('/__admin/sessions'));
    expect(sessions.length).toBe(2);
    for (const o of operations) expect(o.summary, o.path).not.toBe('');
    await page.close();
  });

  for (const viewport of [
    { width: 1440, height: 900 },
    { width: 390, height: 844 },
  ]) {
    it(`has no serious or critical axe violation at ${viewport.width}×${viewport.height}: an operation tried out, one with a path parameter, the Authorize dialog`, { timeout: 60_000 }, async () => {
      const { page } = await openDocs(viewport);
      expect(await axeViolations(page)).toEqual([]);
      const create = '#operations-Aliyun_API-post_vision_customer_streaming_order_create';
      // A summary in the doc pages' Chinese is marked so; the admin API's English ones keep the page's lang.
      await expect.poll(() => page.getAttribute(`${create} .opblock-summary-description`, 'lang'), { timeout: 5_000 }).toBe('zh-CN');
      expect(await page.getAttribute('#operations-admin-get___admin_clock .opblock-summary-description', 'lang')).toBeNull();
      await page.click(`${create} .opblock-summary-control`);
      await page.click(`${create} .try-out__btn`);
      await page.click(`${create} .execute`);
      await page.waitForSelector(`${create} .live-responses-table .response-col_status`);
      // "required" is ::after content, which axe leaves out: its contrast is computed here.
      const required = await page.$eval(`${create} .parameter__name.required`, (el) => {
        const channels = (css: string) => /rgba?\(([^)]+)\)/.exec(css)![1]!.split(/[,\s/]+/).filter(Boolean).map(Number);
        const lum = (css: string) => {
          const [r, g, b] = channels(css).map((v) => (v / 255 <= 0.03928 ? v / 255 / 12.92 : ((v / 255 + 0.055) / 1.055) ** 2.4));
          return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
        };
        let ground: Element | null = el;
        while (ground && channels(getComputedStyle(ground).backgroundColor)[3] === 0) ground = ground.parentElement;
        const fg = getComputedStyle(el, '::after').color;
        const bg = ground ? getComputedStyle(ground).backgroundColor : 'rgb(255, 255, 255)';
        const [hi, lo] = [lum(fg), lum(bg)].sort((a, b) => b - a);
        return { fg, bg, alpha: channels(fg)[3] ?? 1, ratio: (hi! + 0.05) / (lo! + 0.05) };
      });
      expect(required.alpha, `${required.fg} on ${required.bg}`).toBe(1);
      expect(required.ratio, `${required.fg} on ${required.bg}`).toBeGreaterThanOrEqual(4.5);
      const session = '#operations-admin-delete___admin_sessions__name_';
      await page.click(`${session} .opblock-summary-control`);
      await page.click(`${session} .try-out__btn`);
      expect(await axeViolations(page)).toEqual([]);
      await page.click('.auth-wrapper .authorize');
      await page.waitForSelector('.dialog-ux .modal-ux');
      expect(await axeViolations(page)).toEqual([]);
      await page.close();
    });
  }

  it('is where /docs leads, as / leads to the admin page', { timeout: 30_000 }, async () => {
    const page = await browser.context.newPage();
    // The link's fragment (the token) survives the redirect, as a browser carries it over.
    await page.goto(`${server.url}/docs#token=${TOKEN}`);
    expect(new URL(page.url()).pathname).toBe('/__admin/docs');
    await page.waitForSelector('.opblock', { timeout: 15_000 });
    await page.goto(`${server.url}/`);
    expect(new URL(page.url()).pathname).toBe('/__admin/ui/');
    // The token the docs link carried is this tab's: the page reads it and opens without asking.
    await page.waitForSelector('body[data-ready=true]', { timeout: 15_000 });
    await page.close();
  });

  it('sends the admin token given through Authorize: "Try it out" answers 200, not 401', { timeout: 60_000 }, async () => {
    const { page, violations } = await openDocs({ width: 1280, height: 800 });
    const clockOperation = '#operations-admin-get___admin_clock';
    const status = `${clockOperation} .live-responses-table tr.response .response-col_status`;
    /** Expands the operation (a reload may keep it open: deep linking), tries it out, waits for the status expected. */
    const tryClock = async (expected: RegExp) => {
      if ((await page.getAttribute(`${clockOperation} .opblock-summary-control`, 'aria-expanded')) !== 'true') await page.click(`${clockOperation} .opblock-summary-control`);
      if (!(await page.isVisible(`${clockOperation} .execute`))) await page.click(`${clockOperation} .try-out__btn`);
      await page.click(`${clockOperation} .execute`);
      await expect.poll(async () => ((await page.$(status)) ? (await page.textContent(status))!.trim() : ''), { timeout: 10_000 }).toMatch(expected);
    };
    // Without the token the emulator refuses, as it should.
    await tryClock(/^401/);

    await page.click('.auth-wrapper .authorize');
    await page.waitForSelector('.dialog-ux .modal-ux');
    await page.fill('.dialog-ux .auth-container:has-text("adminToken") input', TOKEN);
    await page.click('.dialog-ux .auth-container:has-text("adminToken") button.authorize');
    await page.screenshot({ path: artifactPath('docs-authorize-1280x800.png') });
    await page.click('.dialog-ux .btn-done');
    await page.reload();
    await page.waitForSelector('.opblock');
    // Authorization is kept for the page's life only (persistAuthorization off): after a reload it is asked again.
    await tryClock(/^401/);

    await page.click('.auth-wrapper .authorize');
    await page.fill('.dialog-ux .auth-container:has-text("adminToken") input', TOKEN);
    await page.click('.dialog-ux .auth-container:has-text("adminToken") button.authorize');
    await page.click('.dialog-ux .btn-done');
    await tryClock(/^200/);
    expect(await page.textContent(`${clockOperation} .live-responses-table tr.response .response-col_description`)).toContain('"timezone": "Asia/Shanghai"');
    await page.screenshot({ path: artifactPath('docs-try-it-1280x800.png'), fullPage: false });
    expect(await violations()).toEqual([]);
    await page.close();
  });
});
