/**
 * The admin page in a real headless Chromium, against an emulator listening on a free port with
 * a fixed clock and seed: what a person sees and does, checked through the DOM.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/runtime/server.js';
import { builtInFixtures } from '../../src/fixtures/built-in.js';
import { DEVICES, T0 } from '../support/api.js';
import { artifactPath, BROWSER_SUITE } from '../support/browser.js';
import { pageRig, type PageRig } from '../support/page-rig.js';

const DAY = 86_400_000;
const T0_MS = Date.parse(T0);
const POLL = { timeout: 10_000, interval: 100 };
/** The built-in fixtures' devices: the page shows every one. */
const FIXTURE_DEVICES = builtInFixtures().devices.length;

let rig: PageRig;
let page: Page;
/** Every URL the page asked for: all must be the emulator's own. */
let requested: string[];

const device = (iotId: string) => `[data-testid=device][data-iot-id="${iotId}"]`;

/** The bars of a device's timeline (its 直播分享 lane, or another family's): state, payment and where they are drawn vs where their times say. */
async function bars(iotId: string, lane = 'track') {
  return page.$$eval(`${device(iotId)} [data-testid=${lane}] .bar`, (els) => {
    const container = document.getElementById('timelines')!;
    const axisStart = Number(container.dataset.axisStart);
    const axisEnd = Number(container.dataset.axisEnd);
    return els.map((el) => {
      const bar = el as HTMLElement;
      const track = bar.parentElement!;
      const t = track.getBoundingClientRect();
      const b = bar.getBoundingClientRect();
      const x = (ms: number) => t.left + track.clientLeft + ((ms - axisStart) / (axisEnd - axisStart)) * track.clientWidth;
      const startMs = Number(bar.dataset.startMs);
      const endMs = Number(bar.dataset.endMs);
      return {
        orderId: bar.dataset.orderId!,
        state: bar.dataset.state!,
        payment: bar.dataset.payment!,
        startMs,
        endMs,
        left: b.left,
        right: b.right,
        expectedLeft: x(startMs),
        expectedRight: x(endMs),
        text: bar.textContent ?? '',
      };
    });
  });
}

/** Where the now marker is drawn on a device's track, in page pixels. */
async function nowLineX(iotId: string): Promise<number> {
  return page.$eval(`${device(iotId)} .now-line`, (el) => {
    const r = el.getBoundingClientRect();
    return r.left + r.width / 2;
  });
}

/** The pixel where an instant falls on a device's track. */
async function xOf(iotId: string, ms: number): Promise<number> {
  return page.$eval(
    `${device(iotId)} .track`,
    (track, at) => {
      const container = document.getElementById('timelines')!;
      const start = Number(container.dataset.axisStart);
      const end = Number(container.dataset.axisEnd);
      return track.getBoundingClientRect().left + track.clientLeft + ((at - start) / (end - start)) * track.clientWidth;
    },
    ms,
  );
}

async function openPage(): Promise<void> {
  page = await rig.browser.context.newPage();
  requested = [];
  page.on('request', (r) => requested.push(r.url()));
  await page.goto(`${rig.server.url}/__admin/ui/`);
  await page.waitForSelector('body[data-ready=true]', { timeout: 15_000 });
  // Every order of every device in the window: the geometry below checks them all.
  await page.click('#window-fit');
}

/**
 * Every device's name in list order. Only the rows near the screen are drawn, so each row is
 * scrolled to in turn; the list is back at its top afterwards.
 */
async function deviceNames(): Promise<string[]> {
  const iotIds = await page.$$eval('[data-testid=device]', (els) => els.map((e) => (e as HTMLElement).dataset.iotId!));
  const names: string[] = [];
  for (const iotId of iotIds) {
    await page.$eval(device(iotId), (el) => el.scrollIntoView({ block: 'nearest' }));
    const name = await page.waitForSelector(`${device(iotId)} [data-testid=device-name]`);
    names.push((await name.textContent()) ?? '');
  }
  if (iotIds[0]) await page.$eval(device(iotIds[0]), (el) => el.scrollIntoView({ block: 'nearest' }));
  return names;
}

async function createOrder(iotId: string, commodityCode: string, copies = 1): Promise<string> {
  await page.selectOption('#buy-form [name=iotId]', iotId);
  await page.selectOption('#buy-form [name=package]', commodityCode);
  await page.fill('#buy-form [name=copies]', String(copies));
  await page.click('#buy-form button[type=submit]');
  await page.waitForFunction(() => /^code /.test(document.getElementById('buy-result')!.textContent ?? ''), undefined, { timeout: 10_000 });
  return (await page.textContent('#buy-result')) ?? '';
}

describe('admin page (needs Chromium)', BROWSER_SUITE, () => {
  rig = pageRig();
  beforeEach(async () => {
    await page?.close();
  });

  describe('admin page in headless Chromium', { timeout: 60_000 }, () => {
    it('shows the fixture devices with administrator, project, flags and timelines drawn to scale', async () => {
      await openPage();
      const names = await deviceNames();
      expect(names).toHaveLength(FIXTURE_DEVICES);
      expect(names).toEqual([
        '文档示例摄像头', '客厅摄像头', '走廊摄像头', '店铺摄像头', '车库摄像头', '冻结摄像头', '喂食器',
        // The devices the pages' request examples name.
        '领用检查示例摄像头', '云存储示例摄像头', '订单详情示例摄像头', '状态设置示例摄像头', '占位示例摄像头', '转移源示例摄像头', '转移目标示例摄像头',
      ]);
      const living = await page.textContent(device(DEVICES.inEffect));
      expect(living).toContain('张伟');
      expect(living).toContain('a124Gnn1xW6TM2xK');
      expect(await page.textContent(`${device(DEVICES.forbidden)} .badge.forbidden`)).toBe('forbidden');
      expect(await page.textContent('[data-testid=clock-now]')).toBe('2024-11-15 10:00:00');
      expect(await page.textContent('[data-testid=clock-mode]')).toBe('frozen');

      // The shop camera: an expired package, one in effect, three waiting (the last one unpaid).
      const shop = await bars(DEVICES.queue);
      expect(shop.map((b) => b.state)).toEqual(['expired', 'in-effect', 'waiting', 'waiting', 'waiting']);
      expect(shop.map((b) => b.payment)).toEqual(['paid', 'paid', 'paid', 'paid', 'unpaid']);
      // A bar's text (a narrow bar's only for screen readers and its tooltip) names the package.
      expect(await page.textContent(`${device(DEVICES.queue)} .bar[data-state=in-effect]`)).toContain('视频设备分享增值服务(20人分享10人同时可看)月套餐');
      // Queued orders follow each other without a gap.
      for (let i = 2; i < shop.length; i++) expect(shop[i]!.startMs).toBe(shop[i - 1]!.endMs);
      for (const b of shop) {
        expect(Math.abs(b.left - b.expectedLeft)).toBeLessThan(1.5);
        expect(Math.abs(b.right - b.expectedRight)).toBeLessThan(1.5);
      }
      // The living-room package started 10 days before now: its bar starts 10 days left of the now marker.
      const [living0] = await bars(DEVICES.inEffect);
      expect(living0!.state).toBe('in-effect');
      expect(living0!.startMs).toBe(T0_MS - 10 * DAY);
      const perDay = ((await xOf(DEVICES.inEffect, T0_MS)) - (await xOf(DEVICES.inEffect, T0_MS - 10 * DAY))) / 10;
      expect(Math.abs((await nowLineX(DEVICES.inEffect)) - living0!.left - 10 * perDay)).toBeLessThan(2);
      expect((await bars(DEVICES.frozen)).map((b) => b.state)).toEqual(['frozen']);
      expect(await bars(DEVICES.empty)).toEqual([]);

      // Selecting a bar shows every field as the API renders it.
      await page.click(`${device(DEVICES.inEffect)} .bar`);
      await page.waitForSelector('[data-testid=order-fields]');
      const fields = await page.$$eval('[data-testid=order-fields] tr', (rows) =>
        Object.fromEntries(rows.map((r) => [r.querySelector('th')!.textContent, r.querySelector('td')!.textContent])),
      );
      expect(fields).toMatchObject({
        orderId: '202411051000001000001',
        commodityName: '视频设备分享增值服务(20人分享10人同时可看)月套餐',
        startTime: '2024-11-05 10:00:00',
        endTime: '2024-12-05 10:00:00',
        status: '0',
        paymentStatus: '1',
        userName: '张伟',
        iotId: DEVICES.inEffect,
      });

      await page.screenshot({ path: artifactPath('admin-ui-1280x800.png') });
      await page.screenshot({ path: artifactPath('admin-ui-1280x800-full.png'), fullPage: true });
      expect(requested.length).toBeGreaterThan(0);
      expect(requested.filter((u) => !u.startsWith(`${rig.server.url}/`))).toEqual([]);
    });

    it('draws one lane per family: the shop camera\'s cloud-storage orders on a lane of their own, to scale', async () => {
      await openPage();
      const cloud = await bars(DEVICES.queue, 'family-track');
      expect(cloud.map((b) => b.orderId)).toEqual(['202404151000001000104', '202405151000001000202', '202410011000001000203', '202411101000001000204', '202411141000001000205']);
      expect(cloud.map((b) => b.state)).toEqual(['expired', 'expired', 'in-effect', 'waiting', 'waiting']);
      expect(cloud.map((b) => b.payment)).toEqual(['paid', 'paid', 'paid', 'paid', 'unpaid']);
      for (const b of cloud) {
        expect(Math.abs(b.left - b.expectedLeft)).toBeLessThan(1.5);
        expect(Math.abs(b.right - b.expectedRight)).toBeLessThan(1.5);
      }
      expect(await page.textContent(`${device(DEVICES.queue)} [data-testid=family-track] .lane-label`)).toBe('云存储');
      await page.click(`${device(DEVICES.queue)} [data-testid=family-track] .bar[data-order-id="202410011000001000203"]`);
      await page.waitForSelector('[data-testid=order-fields] tr[data-field=specification]');
      expect(await page.textContent('[data-testid=order-fields] tr[data-field=specification] td')).toBe('continuousResource_7');
    });

    it('creates an order through the form and draws its bar where the API placed it', async () => {
      await openPage();
      // An empty device: the order starts now and lasts one calendar month.
      const result = await createOrder(DEVICES.empty, 'streamingResource_20_10');
      expect(result).toContain('code 200');
      expect(result).toContain('2024-11-15 10:00:00 → 2024-12-15 10:00:00');
      await expect.poll(async () => (await bars(DEVICES.empty)).length, POLL).toBe(1);
      const [created] = await bars(DEVICES.empty);
      expect(created!.state).toBe('in-effect');
      expect(created!.payment).toBe('unpaid');
      expect(created!.startMs).toBe(T0_MS);
      expect(created!.endMs).toBe(Date.parse('2024-12-15T02:00:00Z'));
      expect(Math.abs(created!.left - (await nowLineX(DEVICES.empty)))).toBeLessThan(2);
      expect(Math.abs(created!.right - (await xOf(DEVICES.empty, Date.parse('2024-12-15T02:00:00Z'))))).toBeLessThan(2);
      // The new order is selected and its fields shown.
      await page.waitForSelector(`[data-testid=order-fields] tr[data-field=orderId]`);
      expect(await page.textContent('[data-testid=order-fields] tr[data-field=commodityCode] td')).toBe('streamingResource_20_10');

      // A device with a queue: the new order waits behind the last one.
      const before = await bars(DEVICES.queue);
      const queueEnd = Math.max(...before.map((b) => b.endMs));
      expect(await createOrder(DEVICES.queue, 'streamingResource_5_1', 2)).toContain('code 200');
      await expect.poll(async () => (await bars(DEVICES.queue)).length, POLL).toBe(before.length + 1);
      const added = (await bars(DEVICES.queue)).find((b) => !before.some((o) => o.orderId === b.orderId))!;
      expect(added.state).toBe('waiting');
      expect(added.startMs).toBe(queueEnd);
      const last = before.find((b) => b.endMs === queueEnd)!;
      // Drawn right after the last queued bar (the axis may have grown, so compare fresh positions).
      const lastNow = (await bars(DEVICES.queue)).find((b) => b.orderId === last.orderId)!;
      expect(Math.abs(added.left - lastNow.right)).toBeLessThan(1.5);
      expect(Math.abs(added.left - added.expectedLeft)).toBeLessThan(1.5);
    });

    it('advances the clock from the controls and an order turns expired', async () => {
      await openPage();
      expect((await bars(DEVICES.inEffect)).map((b) => b.state)).toEqual(['in-effect']);
      await page.fill('#clock-advance [name=by]', '40d');
      await page.click('#clock-advance button[type=submit]');
      await expect.poll(() => page.textContent('[data-testid=clock-now]'), POLL).toBe('2024-12-25 10:00:00');
      await expect.poll(async () => (await bars(DEVICES.inEffect)).map((b) => b.state), POLL).toEqual(['expired']);
      // The shop queue moved on: what was in effect expired, the next one took over.
      const shop = await bars(DEVICES.queue);
      expect(shop.map((b) => b.state)).toEqual(['expired', 'expired', 'in-effect', 'waiting', 'waiting']);
      // Setting the clock back brings the order back into effect.
      await page.fill('#clock-set [name=now]', T0);
      await page.click('#clock-set button[type=submit]');
      await expect.poll(async () => (await bars(DEVICES.inEffect)).map((b) => b.state), POLL).toEqual(['in-effect']);
      // Unfrozen, the clock runs on from there and the page follows it.
      await page.uncheck('#clock-set [name=frozen]');
      await page.click('#clock-set button[type=submit]');
      await expect.poll(() => page.textContent('[data-testid=clock-mode]'), POLL).toBe('running');
      await expect.poll(() => page.textContent('[data-testid=clock-now]'), POLL).not.toBe('2024-11-15 10:00:00');
    });

    it('adds a latency fault from the form and the journal shows it fired', async () => {
      await openPage();
      await page.selectOption('#fault-form [name=type]', 'latency');
      await page.fill('#fault-form [name=ms]', '150');
      await page.fill('#fault-form [name=path]', '/vision/customer/streaming/order/create');
      await page.click('#fault-form button[type=submit]');
      await page.waitForSelector('[data-testid=fault-list] li[data-type=latency]');
      const ruleId = await page.getAttribute('[data-testid=fault-list] li[data-type=latency]', 'data-rule-id');
      expect(ruleId).toBeTruthy();
      expect(await page.textContent('[data-testid=fault-list]')).toContain('latency 150 ms');

      expect(await createOrder(DEVICES.doc, 'streamingResource_20_10')).toContain('code 200');
      const row = '[data-testid=journal] tbody tr[data-fault=yes]';
      await page.waitForSelector(row, { timeout: 10_000 });
      const first = await page.$$eval('[data-testid=journal] tbody tr', (rows) =>
        rows.map((r) => ({ fault: (r as HTMLElement).dataset.fault, cells: Array.from(r.querySelectorAll('td')).map((td) => td.textContent ?? '') })),
      );
      // Newest first: the create call that the fault slowed down is on top (cells: #, time, API, iotId, code, ms, fault).
      expect(first[0]!.fault).toBe('yes');
      expect(first[0]!.cells[2]).toContain('order/create');
      expect(first[0]!.cells[3]).toBe(DEVICES.doc);
      expect(first[0]!.cells[4]).toBe('200');
      // Timers may round a hair early; the point is that the call took the delay, not 1 ms.
      expect(Number(first[0]!.cells[5])).toBeGreaterThanOrEqual(140);
      expect(first[0]!.cells[6]).toContain(ruleId!);
      await expect.poll(() => page.textContent(`[data-rule-id="${ruleId}"] .fired`), POLL).toBe('fired 1');

      // Selecting the row shows the request and the answer.
      await page.click(row);
      await page.waitForSelector('[data-testid=request-body]');
      expect(await page.textContent('[data-testid=request-body]')).toContain(DEVICES.doc);
      const answer = JSON.parse((await page.textContent('[data-testid=response-body]'))!);
      expect(answer.code).toBe(200);
      expect(answer.data.commodityName).toBe('视频设备分享增值服务(20人分享10人同时可看)月套餐');
      expect(await page.textContent('[data-testid=request-fields] tr[data-field=fault] td')).toContain(ruleId!);
      // The README's screenshot (docs/screenshot.png is a copy): the top of the page, as it opens.
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: artifactPath('admin-ui-journal-1280x800.png') });

      // Removing the rule from the list: the next call is not slowed.
      await page.click(`[data-rule-id="${ruleId}"] button`);
      await page.waitForSelector(`[data-rule-id="${ruleId}"]`, { state: 'detached' });
      expect((await rig.admin.faults()).rules).toEqual([]);
    });

    it('adds error-code, timeout, gateway and drop rules from the form and each one fires', async () => {
      await openPage();
      const addRule = async (type: string, fill: Record<string, string>, times = '1') => {
        const count = await page.locator('[data-testid=fault-list] li[data-rule-id]').count();
        await page.selectOption('#fault-form [name=type]', type);
        for (const [name, value] of Object.entries(fill)) {
          if (name === 'code' || name === 'status') await page.selectOption(`#fault-form [name=${name}]`, value);
          else await page.fill(`#fault-form [name=${name}]`, value);
        }
        await page.fill('#fault-form [name=times]', times);
        await page.click('#fault-form button[type=submit]');
        await expect.poll(() => page.locator('[data-testid=fault-list] li[data-rule-id]').count(), POLL).toBe(count + 1);
      };
      const newestRow = () =>
        page.$eval('[data-testid=journal] tbody tr', (r) => ({ fault: (r as HTMLElement).dataset.fault, code: r.querySelectorAll('td')[4]!.textContent }));

      await addRule('error', { code: '503' });
      expect(await createOrder(DEVICES.doc, 'streamingResource_20_10')).toContain('code 503');
      await expect.poll(newestRow, POLL).toEqual({ fault: 'yes', code: '503' });

      await addRule('timeout', { timeoutMs: '200' });
      await page.click('#buy-form button[type=submit]');
      await expect.poll(() => page.textContent('#buy-result'), POLL).toContain('HTTP 504');
      await expect.poll(newestRow, POLL).toEqual({ fault: 'yes', code: 'HTTP 504' });

      await addRule('gateway', { status: '429' });
      await page.click('#buy-form button[type=submit]');
      await expect.poll(() => page.textContent('#buy-result'), POLL).toContain('HTTP 429 T429PR');
      await expect.poll(newestRow, POLL).toEqual({ fault: 'yes', code: 'HTTP 429' });

      // Once: the page's calls each have a connection of their own, so Chromium has no reused
      // connection to send the POST again on, and one click is one dropped call.
      await addRule('drop', {});
      await page.click('#buy-form button[type=submit]');
      await expect.poll(() => page.textContent('#buy-result'), POLL).toContain('no answer');
      await expect.poll(newestRow, POLL).toEqual({ fault: 'yes', code: '—' });
      await expect.poll(() => page.$$eval('[data-testid=fault-list] .fired', (els) => els.map((e) => e.textContent)), POLL).toEqual(['fired 1', 'fired 1', 'fired 1', 'fired 1']);
      expect((await rig.admin.requests({ path: '/vision/customer/streaming/order/create' })).total).toBe(4);
      // None of the calls placed an order.
      expect(await bars(DEVICES.doc)).toEqual([]);
    });

    it('resets to the fixtures: clock, orders, faults and journal', async () => {
      await openPage();
      expect(await createOrder(DEVICES.empty, 'streamingResource_20_10')).toContain('code 200');
      await rig.admin.addFault({ type: 'error', code: 503, match: { path: '/nowhere' } });
      await page.fill('#clock-advance [name=by]', '2M');
      await page.click('#clock-advance button[type=submit]');
      await expect.poll(async () => (await bars(DEVICES.inEffect)).map((b) => b.state), POLL).toEqual(['expired']);
      await expect.poll(() => page.locator('[data-testid=fault-list] li[data-rule-id]').count(), POLL).toBe(1);

      await page.click('[data-testid=reset]');
      await page.click('#confirm-ok');
      await expect.poll(() => page.textContent('[data-testid=clock-now]'), POLL).toBe('2024-11-15 10:00:00');
      await page.click('#window-fit');
      await expect.poll(() => page.textContent('[data-testid=clock-now]'), POLL).toBe('2024-11-15 10:00:00');
      await expect.poll(async () => (await bars(DEVICES.inEffect)).map((b) => b.state), POLL).toEqual(['in-effect']);
      expect(await bars(DEVICES.empty)).toEqual([]);
      expect((await bars(DEVICES.queue)).map((b) => b.state)).toEqual(['expired', 'in-effect', 'waiting', 'waiting', 'waiting']);
      expect(await page.locator('[data-testid=fault-list] li[data-rule-id]').count()).toBe(0);
      expect(await page.locator('[data-testid=journal] tbody tr[data-request-id]').count()).toBe(0);
    });

    it('draws month ticks at local midnight in the emulator zone and overlapping orders in separate lanes', async () => {
      await openPage();
      // The page's own module, run in the browser (as a string: vitest would rewrite a dynamic import).
      const geometry = (await page.evaluate(`(async () => {
        const t = await import('${rig.server.url}/__admin/ui/timeline.js');
        const axis = { start: Date.parse('2024-10-20T00:00:00Z'), end: Date.parse('2025-03-10T00:00:00Z') };
        const frozen = { orderId: 'a', frozen: true, status: 2, periods: [{ start: '2024-11-01T00:00:00Z', end: '2025-02-01T00:00:00Z' }] };
        const replacing = { orderId: 'b', status: 0, periods: [{ start: '2024-11-15T00:00:00Z', end: '2024-12-15T00:00:00Z' }] };
        const after = { orderId: 'c', status: 0, periods: [{ start: '2025-02-01T00:00:00Z', end: '2025-03-01T00:00:00Z' }] };
        const lanes = t.packLanes([frozen, replacing, after]);
        return {
          shanghai: t.monthTicks(axis, 'Asia/Shanghai', 12),
          newYork: t.monthTicks(axis, 'America/New_York', 12).map((x) => new Date(x.ms).toISOString()),
          lanes: [lanes.get(frozen), lanes.get(replacing), lanes.get(after)],
          states: [t.orderState(frozen, Date.parse('2024-12-01T00:00:00Z')), t.orderState(replacing, Date.parse('2024-11-01T00:00:00Z'))],
          formatted: t.formatInZone(Date.parse('2024-11-15T02:00:00Z'), 'Asia/Shanghai'),
        };
      })()`)) as { shanghai: unknown; newYork: string[]; lanes: number[]; states: string[]; formatted: string };
      expect(geometry.shanghai).toEqual([
        { ms: Date.parse('2024-10-31T16:00:00Z'), label: '2024-11' },
        { ms: Date.parse('2024-11-30T16:00:00Z'), label: '2024-12' },
        { ms: Date.parse('2024-12-31T16:00:00Z'), label: '2025' },
        { ms: Date.parse('2025-01-31T16:00:00Z'), label: '2025-02' },
        { ms: Date.parse('2025-02-28T16:00:00Z'), label: '2025-03' },
      ]);
      // Daylight saving time: midnight is 04:00Z in November (EDT) and 05:00Z from December (EST).
      expect(geometry.newYork).toEqual([
        '2024-11-01T04:00:00.000Z',
        '2024-12-01T05:00:00.000Z',
        '2025-01-01T05:00:00.000Z',
        '2025-02-01T05:00:00.000Z',
        '2025-03-01T05:00:00.000Z',
      ]);
      expect(geometry.lanes).toEqual([0, 1, 0]);
      expect(geometry.states).toEqual(['frozen', 'waiting']);
      expect(geometry.formatted).toBe('2024-11-15 10:00:00');

      // On the page: an order bought on the frozen camera starts now, under its frozen order.
      expect(await createOrder(DEVICES.frozen, 'streamingResource_20_10')).toContain('code 200');
      await expect.poll(async () => (await bars(DEVICES.frozen)).length, POLL).toBe(2);
      const [frozenBar, newBar] = await bars(DEVICES.frozen);
      expect(frozenBar!.state).toBe('frozen');
      expect(newBar!.state).toBe('in-effect');
      const tops = await page.$$eval(`${device(DEVICES.frozen)} .bar`, (els) => els.map((e) => e.getBoundingClientRect().top));
      expect(tops[1]! - tops[0]!).toBeGreaterThanOrEqual(22);
    });

    it('stays usable at phone width: one column, no sideways scrolling', async () => {
      await openPage();
      await page.setViewportSize({ width: 390, height: 844 });
      await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth), POLL).toBeLessThanOrEqual(390);
      const shop = await bars(DEVICES.queue);
      for (const b of shop) {
        expect(b.left).toBeGreaterThanOrEqual(0);
        expect(b.right).toBeLessThanOrEqual(390);
        expect(Math.abs(b.left - b.expectedLeft)).toBeLessThan(1.5);
      }
      // The controls are still there to use.
      expect(await page.isVisible('[data-testid=reset]')).toBe(true);
      expect(await page.isVisible('#buy-form button[type=submit]')).toBe(true);
      await page.screenshot({ path: artifactPath('admin-ui-390x844.png') });
      await page.screenshot({ path: artifactPath('admin-ui-390x844-full.png'), fullPage: true });
    });
  });

  describe('admin page with --admin-token', { timeout: 60_000 }, () => {
    let guarded: RunningServer;

    beforeAll(async () => {
      guarded = await startServer({ port: 0, host: '127.0.0.1', now: T0, seed: 42, adminToken: 's3cret-token' });
    });
    afterAll(async () => {
      await guarded?.close();
    });

    it('asks for the token, refuses a wrong one, keeps the right one in sessionStorage', async () => {
      page = await rig.browser.context.newPage();
      await page.goto(`${guarded.url}/__admin/ui/`);
      await page.waitForSelector('[data-testid=token-dialog][open]');
      await page.fill('#token-form [name=token]', 'wrong');
      await page.click('#token-form button[type=submit]');
      await expect.poll(() => page.textContent('#token-error'), POLL).toContain('refused');
      await page.fill('#token-form [name=token]', 's3cret-token');
      await page.click('#token-form button[type=submit]');
      await page.waitForSelector('body[data-ready=true]');
      expect(await page.isVisible('[data-testid=token-dialog]')).toBe(false);
      expect(await page.locator('[data-testid=device]').count()).toBe(FIXTURE_DEVICES);
      expect(await page.evaluate(() => sessionStorage.getItem('aliyun-living-mock.adminToken'))).toBe('s3cret-token');
      // A reload in the same tab needs no second prompt.
      await page.reload();
      await page.waitForSelector('body[data-ready=true]');
      expect(await page.isVisible('[data-testid=token-dialog]')).toBe(false);
    });

    it('asks without showing the server error first, and lets the user forget or change the token', async () => {
      await page?.close();
      page = await rig.browser.context.newPage();
      await page.goto(`${guarded.url}/__admin/ui/`);
      await page.waitForSelector('[data-testid=token-dialog][open]');
      expect(await page.textContent('#token-error')).toBe('');
      expect(await page.isVisible('[data-testid=token-forget]')).toBe(false);
      await page.screenshot({ path: artifactPath('admin-ui-token-asked.png') });

      await page.fill('#token-form [name=token]', 's3cret-token');
      await page.click('#token-form button[type=submit]');
      await page.waitForSelector('body[data-ready=true]');
      await page.click('[data-testid=token-forget]');
      await page.waitForSelector('[data-testid=token-dialog][open]');
      expect(await page.evaluate(() => sessionStorage.getItem('aliyun-living-mock.adminToken'))).toBeNull();
      expect(await page.textContent('#token-error')).toBe('');
      expect(await page.inputValue('#token-form [name=token]')).toBe('');

      // A wrong one is refused with a message of the page's own; the right one works again.
      await page.fill('#token-form [name=token]', 'wrong');
      await page.click('#token-form button[type=submit]');
      await expect.poll(() => page.textContent('#token-error'), POLL).toBe('The emulator refused this token.');
      await page.fill('#token-form [name=token]', 's3cret-token');
      await page.click('#token-form button[type=submit]');
      await expect.poll(() => page.isVisible('[data-testid=token-dialog]'), POLL).toBe(false);
      expect(await page.evaluate(() => sessionStorage.getItem('aliyun-living-mock.adminToken'))).toBe('s3cret-token');
    });

    it('opens without a prompt from a link that carries the token, and takes it out of the address', async () => {
      // A new tab: its sessionStorage starts empty.
      const linked = await rig.browser.context.newPage();
      try {
        await linked.goto(`${guarded.url}/__admin/ui/#token=s3cret-token`);
        await linked.waitForSelector('body[data-ready=true]');
        expect(await linked.isVisible('[data-testid=token-dialog]')).toBe(false);
        expect(await linked.locator('[data-testid=device]').count()).toBe(FIXTURE_DEVICES);
        expect(new URL(linked.url()).hash).toBe('');
      } finally {
        await linked.close();
      }
    });
  });
});
