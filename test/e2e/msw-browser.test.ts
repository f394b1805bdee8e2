/**
 * The MSW handlers in a real browser: the example Vite app (examples/msw/vite-app) bundled with
 * esbuild for the browser (no Node built-in may be in it), served with MSW's service worker from a
 * local static server, and driven by playwright-core in Debian's Chromium. The page's create call
 * is answered by the service worker, with no emulator server anywhere.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleForBrowser } from '../../scripts/msw-bundle.mjs';
import { artifactPath, BROWSER_SUITE, launchBrowser, type TestBrowser } from '../support/browser.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const APP = join(ROOT, 'examples/msw/vite-app');
const CREATE = 'https://api.link.aliyun.com/vision/customer/streaming/order/create';
const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8' };
describe('aliyun-living-mock/msw in Chromium, with no server (needs Chromium)', BROWSER_SUITE, () => {
  let dir: string;
  let site: Server;
  let url: string;
  let browser: TestBrowser;
  let page: Page;
  /** The create calls the page made, and whether the service worker answered each. */
  const creates: { fromServiceWorker: boolean; status: number }[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'aliyun-living-mock-msw-page-'));
    // What Vite would serve: the page, its module bundled, and the worker file `npx msw init` copies.
    await bundleForBrowser({ entryPoints: [join(APP, 'main.ts')], outfile: join(dir, 'main.js') });
    writeFileSync(join(dir, 'index.html'), readFileSync(join(APP, 'index.html'), 'utf8').replace('./main.ts', './main.js'));
    copyFileSync(join(ROOT, 'node_modules/msw/lib/mockServiceWorker.js'), join(dir, 'mockServiceWorker.js'));
    site = createServer((req, res) => {
      const name = req.url === '/' ? 'index.html' : (req.url ?? '').slice(1).split('?')[0]!;
      if (!['index.html', 'main.js', 'mockServiceWorker.js'].includes(name)) return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': TYPES[extname(name)]! }).end(readFileSync(join(dir, name)));
    });
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(site.address() as AddressInfo).port}/`;
    browser = await launchBrowser();
    page = await browser.context.newPage();
    page.on('response', (res) => {
      if (res.url() === CREATE) creates.push({ fromServiceWorker: res.fromServiceWorker(), status: res.status() });
    });
    await page.goto(url);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => site?.close(resolve));
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('shows the order of the documented create request, answered by the service worker', async () => {
    const order = page.locator('[data-testid=order]');
    await order.waitFor({ state: 'visible', timeout: 15_000 });
    await page.screenshot({ path: artifactPath('msw-page.png') });
    const field = (name: string) => order.locator(`[data-field=${name}]`).textContent();
    expect(await page.locator('#status').getAttribute('data-code')).toBe('200');
    expect(await order.getAttribute('data-order-id')).toMatch(/^\d{21}$/);
    expect(await field('commodityName')).toBe('视频设备分享增值服务(20人分享10人同时可看)月套餐');
    // The frozen clock of the example (2024-11-15T02:00Z) in Shanghai time, one month on.
    expect(await field('startTime')).toBe('2024-11-15 10:00:00');
    expect(await field('endTime')).toBe('2024-12-15 10:00:00');
    expect(await field('price')).toBe('140');
    expect(creates).toEqual([{ fromServiceWorker: true, status: 200 }]);
  });

  it('answers an injected fault: a dropped connection is a network error in the page', async () => {
    const outcome = await page.evaluate(async (create) => {
      try {
        const res = await fetch(create, { method: 'POST', headers: { 'content-type': 'application/json', 'x-mock-fault': 'drop' }, body: '{}' });
        return `answered ${res.status}`;
      } catch (err) {
        return `${(err as Error).name}: ${(err as Error).message}`;
      }
    }, CREATE);
    expect(outcome).toBe('TypeError: Failed to fetch');
    // The control object in the page saw it, as GET /__admin/requests would show it.
    const journal = await page.evaluate(async () => {
      const mock = (window as unknown as { aliyunMock: { requests(f: object): Promise<{ requests: { status: number | null; faultRuleId: string | null }[] }> } }).aliyunMock;
      return (await mock.requests({ limit: 1 })).requests[0];
    });
    expect(journal).toMatchObject({ status: null, faultRuleId: 'x-mock-fault' });
  });
});
