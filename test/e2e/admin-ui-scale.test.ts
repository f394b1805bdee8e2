/**
 * The admin page at 200 devices and 2 000 orders (--synthetic-devices 200, filled by
 * bench/page-fill.mjs), in a real headless Chromium: what does not depend on the machine's speed.
 * Few DOM nodes and Tab stops, bytes per second while nothing changes, and with a running clock
 * nothing redrawn but the now line and the clock; a purchase redraws its one device. The times
 * (ready, longest task, bar after the answer) are bench rows: `npm run bench -- --only page`.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminClient } from '../../src/admin/client.js';
import { startServer, type RunningServer } from '../../src/runtime/server.js';
import { fillForPage, syntheticIotId } from '../../bench/page-fill.mjs';
import { builtInFixtures } from '../../src/fixtures/built-in.js';
import { DEVICES, T0 } from '../support/api.js';
import { artifactPath, BROWSER_SUITE, launchBrowser, type TestBrowser } from '../support/browser.js';

const POLL = { timeout: 15_000, interval: 100 };
/** The 200 synthetic devices and the built-in fixtures' own. */
const TOTAL = 200 + builtInFixtures().devices.length;

let server: RunningServer;
let browser: TestBrowser;
let admin: AdminClient;
let page: Page;

async function openPage(): Promise<void> {
  await page?.close();
  page = await browser.context.newPage();
  await page.goto(`${server.url}/__admin/ui/`);
  await page.waitForSelector('body[data-ready=true]', { timeout: 30_000 });
}

/** Starts recording every DOM change on the page; the returned function stops and describes each. */
async function recordMutations(): Promise<() => Promise<Array<{ type: string; target: string; attribute: string | null; inTimelines: boolean; inBar: boolean; row: string | null }>>> {
  await page.evaluate(() => {
    const seen: MutationRecord[] = [];
    const observer = new MutationObserver((records) => seen.push(...records));
    observer.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
    (window as unknown as { stopRecording: () => MutationRecord[] }).stopRecording = () => {
      seen.push(...observer.takeRecords());
      observer.disconnect();
      return seen;
    };
  });
  return () =>
    page.evaluate(() =>
      (window as unknown as { stopRecording: () => MutationRecord[] }).stopRecording().map((r) => {
        const el = (r.target.nodeType === Node.ELEMENT_NODE ? r.target : r.target.parentElement) as HTMLElement;
        return {
          type: r.type,
          target: `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.className && typeof el.className === 'string' ? `.${el.className.split(' ').join('.')}` : ''}`,
          attribute: r.attributeName,
          inTimelines: Boolean(el.closest('#timelines')),
          inBar: Boolean(el.closest('.bar')),
          row: (el.closest('[data-testid=device]') as HTMLElement | null)?.dataset.iotId ?? null,
        };
      }),
    );
}

describe('the admin page at 200 devices (needs Chromium)', BROWSER_SUITE, () => {
  beforeAll(async () => {
    server = await startServer({ port: 0, host: '127.0.0.1', now: T0, seed: 42, syntheticDevices: 200 });
    admin = new AdminClient(server.url);
    expect(await fillForPage(server.url)).toBe(2000);
    browser = await launchBrowser({ width: 1440, height: 900 });
  }, 180_000);
  afterAll(async () => {
    await page?.close();
    await browser?.close();
    await server?.close();
  });

  it('lists every device but draws only the rows near the screen: few nodes, few Tab stops', { timeout: 90_000 }, async () => {
    await openPage();
    expect(await page.textContent('#device-count')).toBe(String(TOTAL));
    expect(await page.locator('[data-testid=device]').count()).toBe(TOTAL);
    const drawn = await page.$$eval('[data-testid=device]', (rows) => rows.filter((r) => r.childElementCount > 0).length);
    expect(drawn).toBeGreaterThan(3);
    expect(drawn).toBeLessThanOrEqual(30);
    // The issue measured 20 925 nodes and 2 049 Tab stops (one per bar) on the same data.
    expect(await page.evaluate(() => document.getElementsByTagName('*').length)).toBeLessThan(4000);
    const tabStops = await page.evaluate(
      () => Array.from(document.querySelectorAll<HTMLElement>('a[href], button, input, select, textarea, [tabindex]')).filter((e) => e.tabIndex >= 0 && !e.closest('[hidden], dialog:not([open])') && !(e as HTMLButtonElement).disabled).length,
    );
    expect(tabStops).toBeLessThan(150);
    // Scrolled to the end, the last rows are drawn and the first ones let go.
    await page.$eval('#timelines', (el) => el.scrollTo(0, el.scrollHeight));
    await expect.poll(() => page.$eval(`[data-testid=device][data-iot-id="${syntheticIotId(200)}"]`, (r) => r.childElementCount), POLL).toBeGreaterThan(0);
    await expect.poll(() => page.$eval(`[data-testid=device][data-iot-id="${DEVICES.doc}"]`, (r) => r.childElementCount), POLL).toBe(0);
    await page.screenshot({ path: artifactPath('admin-ui-200-devices-end-1440x900.png') });
  });

  it('assembles the whole list from several snapshot pages, then polls with the first page\'s stamp', { timeout: 60_000 }, async () => {
    await page?.close();
    page = await browser.context.newPage();
    const feeds: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/__admin/changes')) feeds.push(new URL(request.url()).search);
    });
    // Every text the device count shows while the page loads.
    await page.addInitScript(() => {
      const counts: string[] = [];
      (window as unknown as { counts: string[] }).counts = counts;
      document.addEventListener('DOMContentLoaded', () => {
        const el = document.getElementById('device-count')!;
        new MutationObserver(() => counts.push(el.textContent ?? '')).observe(el, { childList: true, characterData: true, subtree: true });
      });
    });
    await page.goto(`${server.url}/__admin/ui/?feed-page=50`);
    await page.waitForSelector('body[data-ready=true]', { timeout: 30_000 });
    // Drawn as each page came, saying how far the load had come.
    expect(await page.evaluate(() => (window as unknown as { counts: string[] }).counts)).toEqual([
      `loading 50 of ${TOTAL}`,
      `loading 100 of ${TOTAL}`,
      `loading 150 of ${TOTAL}`,
      `loading 200 of ${TOTAL}`,
      String(TOTAL),
    ]);
    // 214 devices, 50 an answer: five snapshot pages, one after another.
    const snapshot = feeds.filter((q) => !q.includes('since='));
    expect(snapshot.map((q) => new URLSearchParams(q).get('offset') ?? '0')).toEqual(['0', '50', '100', '150', '200']);
    expect(await page.textContent('#device-count')).toBe(String(TOTAL));
    expect(await page.locator('[data-testid=device]').count()).toBe(TOTAL);
    const listed = await page.$$eval('[data-testid=device]', (rows) => rows.map((r) => (r as HTMLElement).dataset.iotId));
    expect(listed).toEqual((await admin.devices({ limit: 1000 })).devices.map((d) => d.iotId));
    // Then the polls carry the stamp of the first page, and nothing more is loaded while nothing changes.
    await expect.poll(() => feeds.filter((q) => q.includes('since=')).length, POLL).toBeGreaterThan(0);
    expect(feeds.filter((q) => !q.includes('since='))).toHaveLength(5);
  });

  it('finds devices by name, iotId, family and state, and folds their lanes', { timeout: 60_000 }, async () => {
    await openPage();
    await page.fill('#device-find [name=text]', 'load_test_17');
    // load_test_17 and load_test_170..179.
    await expect.poll(() => page.textContent('#device-count'), POLL).toBe(`11 of ${TOTAL}`);
    await page.fill('#device-find [name=text]', syntheticIotId(42));
    await expect.poll(() => page.textContent('#device-count'), POLL).toBe(`1 of ${TOTAL}`);
    await page.fill('#device-find [name=text]', '');
    await page.selectOption('#device-find [name=state]', 'frozen');
    await expect.poll(() => page.textContent('#device-count'), POLL).toBe(`1 of ${TOTAL}`);
    expect(await page.textContent('[data-testid=device] [data-testid=device-name]')).toBe('冻结摄像头');
    await page.selectOption('#device-find [name=state]', '');
    await page.selectOption('#device-find [name=family]', '云存储');
    // Every synthetic device, and the fixture devices but the five with no cloud-storage order.
    await expect.poll(() => page.textContent('#device-count'), POLL).toBe(`${TOTAL - 5} of ${TOTAL}`);
    expect(await page.locator('#timelines [data-testid=track]').count()).toBe(0);
    await page.selectOption('#device-find [name=family]', '');
    const first = `[data-testid=device][data-iot-id="${DEVICES.inEffect}"]`;
    const tall = await page.$eval(first, (r) => r.getBoundingClientRect().height);
    await page.click(`${first} button.collapse`);
    await expect.poll(() => page.$eval(first, (r) => r.getBoundingClientRect().height), POLL).toBeLessThan(tall);
    expect(await page.locator(`${first} .track`).first().isVisible()).toBe(false);
    expect(await page.getAttribute(`${first} button.collapse`, 'aria-expanded')).toBe('false');
  });

  it('while nothing changes, polls a few hundred bytes a second, compressed', { timeout: 60_000 }, async () => {
    await page?.close();
    page = await browser.context.newPage();
    const bytes: Array<{ url: string; size: number; encoding: string | undefined; at: number }> = [];
    page.on('requestfinished', async (request) => {
      const sizes = await request.sizes();
      const response = await request.response();
      bytes.push({ url: request.url(), size: sizes.responseBodySize + sizes.responseHeadersSize, encoding: (await response?.allHeaders())?.['content-encoding'], at: Date.now() });
    });
    await page.goto(`${server.url}/__admin/ui/`);
    await page.waitForSelector('body[data-ready=true]', { timeout: 30_000 });
    const full = bytes.find((b) => b.url.includes('/__admin/changes'))!;
    // The first answer holds the first 1 000 devices (here all 214): 1.3 MB of JSON, sent compressed.
    expect(full.encoding).toBeDefined();
    expect(full.size).toBeLessThan(400_000);
    await page.waitForTimeout(1500);
    const from = Date.now();
    await page.waitForTimeout(5000);
    const idle = bytes.filter((b) => b.at >= from);
    expect(idle.length).toBeGreaterThanOrEqual(3);
    expect(idle.every((b) => b.url.includes('/__admin/changes'))).toBe(true);
    const perSecond = idle.reduce((sum, b) => sum + b.size, 0) / 5;
    // The issue measured 1.37 MB a second; the target is under 50 KB.
    expect(perSecond).toBeLessThan(50_000);
    expect(perSecond).toBeLessThan(2_000);
  });

  it('with a running clock moves only the now line and the clock; a focused bar keeps its focus', { timeout: 60_000 }, async () => {
    await admin.setClock(T0, false);
    try {
      await openPage();
      await expect.poll(() => page.textContent('[data-testid=clock-mode]'), POLL).toBe('running');
      const bar = `[data-testid=device][data-iot-id="${DEVICES.queue}"] [data-testid=track] .bar[tabindex="0"]`;
      await page.focus(bar);
      await page.$eval(bar, (el) => ((el as HTMLElement & { marked?: boolean }).marked = true));
      const hoveredBefore = await page.$eval(bar, (el) => el.getBoundingClientRect().top);
      const stop = await recordMutations();
      const clockBefore = await page.textContent('[data-testid=clock-now]');
      await page.waitForTimeout(5000);
      const records = await stop();
      expect(await page.textContent('[data-testid=clock-now]')).not.toBe(clockBefore);
      // The issue counted 9 rebuilds of the timeline in 10 s; none now: no bar, row or lane is touched.
      expect(records.filter((r) => r.inBar)).toEqual([]);
      expect(records.filter((r) => r.inTimelines && !(r.target.startsWith('div#timelines') && r.attribute === 'style'))).toEqual([]);
      // The clock's text; the now line's one style property when it has moved a visible step (not in 5 s of a 6-month window).
      const targets = new Set(records.map((r) => r.target.split('.')[0]));
      expect(targets.has('output#clock-now')).toBe(true);
      expect([...targets].filter((t) => t !== 'output#clock-now' && t !== 'div#timelines')).toEqual([]);
      expect(await page.evaluate(() => (document.activeElement as HTMLElement & { marked?: boolean }).marked === true)).toBe(true);
      expect(await page.$eval(bar, (el) => el.getBoundingClientRect().top)).toBe(hoveredBefore);
    } finally {
      await admin.setClock(T0, true);
    }
  });

  it('after a purchase from the page, redraws the one device it changed; focus elsewhere stays', { timeout: 60_000 }, async () => {
    await openPage();
    const other = `[data-testid=device][data-iot-id="${DEVICES.queue}"] [data-testid=track] .bar[tabindex="0"]`;
    await page.focus(other);
    await page.$eval(other, (el) => ((el as HTMLElement & { marked?: boolean }).marked = true));
    const target = DEVICES.empty;
    const before = await page.locator(`[data-testid=device][data-iot-id="${target}"] [data-testid=track] .bar`).count();
    const stop = await recordMutations();
    await page.selectOption('#buy-form [name=iotId]', target);
    await page.selectOption('#buy-form [name=package]', 'streamingResource_20_10');
    await page.$eval('#buy-form', (form) => (form as HTMLFormElement).requestSubmit());
    await expect.poll(() => page.locator(`[data-testid=device][data-iot-id="${target}"] [data-testid=track] .bar`).count(), POLL).toBe(before + 1);
    await page.waitForTimeout(1500);
    const records = await stop();
    const rows = records.filter((r) => r.row !== null);
    expect(rows.length).toBeGreaterThan(0);
    // Every change inside a device row is in the row of the device bought on: the others are not redrawn.
    expect([...new Set(rows.map((r) => r.row))]).toEqual([target]);
    expect(await page.evaluate(() => (document.activeElement as HTMLElement & { marked?: boolean }).marked === true)).toBe(true);
    await page.screenshot({ path: artifactPath('admin-ui-200-devices-bought-1440x900.png') });
  });
});
