// The admin page at 200 devices and 2 000 orders, timed in headless Chromium (playwright-core and
// Debian's /usr/bin/chromium, or CHROMIUM_PATH): the times the browser tests leave out because
// they depend on the machine. Run by `npm run bench -- --only page`; rows of {scenario, value, unit, target}.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { fillForPage } from './page-fill.mjs';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const T0 = '2024-11-15T02:00:00.000Z';
const VIEWPORTS = { desktop: { width: 1440, height: 900 }, phone: { width: 390, height: 844 } };

/** Targets from the page's issue: ready, longest task, bar after the answer, bytes while idle. */
export const PAGE_TARGETS = { readyMs: 1500, longestTaskMs: 200, barAfterAnswerMs: 200, idleBytesPerSecond: 50_000 };

/** Long tasks since the page started, as the browser reports them (PerformanceObserver 'longtask'). */
const watchLongTasks = () => {
  window.__longTasks = [];
  new PerformanceObserver((list) => window.__longTasks.push(...list.getEntries().map((e) => e.duration))).observe({ type: 'longtask', buffered: true });
};

async function measure(context, url, viewport) {
  const page = await context.newPage();
  await page.setViewportSize(viewport);
  await page.addInitScript(watchLongTasks);
  const bytes = [];
  page.on('requestfinished', async (request) => {
    const sizes = await request.sizes().catch(() => null);
    if (sizes) bytes.push({ at: Date.now(), size: sizes.responseBodySize + sizes.responseHeadersSize });
  });
  const started = Date.now();
  await page.goto(`${url}/__admin/ui/`);
  await page.waitForSelector('body[data-ready=true]', { timeout: 60_000 });
  const readyMs = Date.now() - started;
  await page.waitForTimeout(500);
  const loadTasks = await page.evaluate(() => window.__longTasks.splice(0));
  // Idle: five seconds of polls.
  await page.waitForTimeout(1000);
  const from = Date.now();
  await page.waitForTimeout(5000);
  const idleBytesPerSecond = bytes.filter((b) => b.at >= from).reduce((sum, b) => sum + b.size, 0) / 5;
  // A purchase from the form: from the API's answer to the new bar on screen.
  const iotId = 'LoadTestDevice000000000003';
  await page.selectOption('#buy-form [name=iotId]', iotId);
  const answered = page.waitForResponse((r) => r.url().endsWith('/streaming/order/create'));
  await page.click('#buy-form button[type=submit]');
  const response = await answered;
  const answerAt = Date.now();
  const orderId = (await response.json()).data.orderId;
  await page.waitForFunction((id) => document.querySelector(`.bar[data-order-id="${id}"]`) !== null, orderId, { timeout: 30_000, polling: 'raf' });
  const barAfterAnswerMs = Date.now() - answerAt;
  await page.waitForTimeout(500);
  const createTasks = await page.evaluate(() => window.__longTasks.splice(0));
  // Scrolling the timelines: frame times over 60 steps.
  const frames = await page.evaluate(async () => {
    const el = document.getElementById('timelines');
    const times = [];
    let last = performance.now();
    for (let i = 0; i < 60; i++) {
      el.scrollTop += 120;
      await new Promise((r) => requestAnimationFrame(r));
      const now = performance.now();
      times.push(now - last);
      last = now;
    }
    return times.sort((a, b) => a - b);
  });
  const nodes = await page.evaluate(() => document.getElementsByTagName('*').length);
  await page.close();
  return {
    readyMs,
    longestTaskMs: Math.max(0, ...loadTasks, ...createTasks),
    barAfterAnswerMs,
    idleBytesPerSecond,
    scrollP95Ms: frames[Math.floor(frames.length * 0.95)],
    nodes,
  };
}

/** Starts an emulator with 200 synthetic devices, fills it, and times the page on desktop and phone. */
export async function benchPage({ startServer }) {
  if (!existsSync(CHROMIUM)) return { error: `no Chromium at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH)` };
  const server = await startServer({ port: 0, host: '127.0.0.1', now: T0, seed: 42, syntheticDevices: 200, logLevel: 'silent' });
  const profile = mkdtempSync(join(tmpdir(), 'aliyun-living-mock-bench-page-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
  try {
    const orders = await fillForPage(server.url);
    const rows = [];
    for (const [name, viewport] of Object.entries(VIEWPORTS)) {
      const m = await measure(context, server.url, viewport);
      rows.push(
        { scenario: `page ${name}: ready (200 devices, ${orders} orders)`, value: m.readyMs, unit: 'ms', target: PAGE_TARGETS.readyMs },
        { scenario: `page ${name}: longest main-thread task (load and a purchase)`, value: m.longestTaskMs, unit: 'ms', target: PAGE_TARGETS.longestTaskMs },
        { scenario: `page ${name}: new bar after the API's answer`, value: m.barAfterAnswerMs, unit: 'ms', target: PAGE_TARGETS.barAfterAnswerMs },
        { scenario: `page ${name}: bytes a second while nothing changes`, value: m.idleBytesPerSecond, unit: 'B/s', target: PAGE_TARGETS.idleBytesPerSecond },
        { scenario: `page ${name}: scrolling, p95 frame`, value: m.scrollP95Ms, unit: 'ms' },
        { scenario: `page ${name}: DOM nodes`, value: m.nodes, unit: 'nodes' },
      );
    }
    return rows.map((r) => ({ ...r, pass: r.target === undefined ? undefined : r.value <= r.target }));
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
    await server.close();
  }
}

// Run on its own: node bench/page.mjs (after npm run build).
if (import.meta.url === `file://${process.argv[1]}`) {
  const { startServer } = await import('../dist/index.js');
  const rows = await benchPage({ startServer });
  console.log(JSON.stringify(rows, null, 2));
}
