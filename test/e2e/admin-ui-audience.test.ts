/**
 * The admin page in front of an audience (issue 20), in a real headless Chromium: a steady
 * layout, bars that say what they are, messages shown in full, the keyboard alone, contrast
 * computed from the page's own styles, and a journal that keeps what the user selected.
 * Each test saves a screenshot under test-artifacts/.
 */
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { DEVICES, T0 } from '../support/api.js';
import { artifactPath, BROWSER_SUITE } from '../support/browser.js';
import { pageRig, type PageRig } from '../support/page-rig.js';

const POLL = { timeout: 10_000, interval: 100 };
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

let rig: PageRig;
let page: Page;

const device = (iotId: string) => `[data-testid=device][data-iot-id="${iotId}"]`;

async function openPage(viewport = DESKTOP, fitAll = true): Promise<void> {
  await page?.close();
  page = await rig.browser.context.newPage();
  await page.setViewportSize(viewport);
  await page.goto(`${rig.server.url}/__admin/ui/`);
  await page.waitForSelector('body[data-ready=true]', { timeout: 15_000 });
  // Every fixture order in the window: the checks below look at all of them.
  if (fitAll) await page.click('#window-fit');
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
}

/** Calls an emulated API from the test, as an outside client would. */
async function callApi(path: string, params: Record<string, unknown>): Promise<{ code: number }> {
  const res = await fetch(`${rig.server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ id: '1', version: '1.0', request: { apiVer: '1.0.0' }, params }),
  });
  return (await res.json()) as { code: number };
}

const QUERY = '/vision/customer/streaming/commodity/query';
const GET = '/vision/customer/streaming/order/get';

async function top(selector: string): Promise<number> {
  return page.$eval(selector, (el) => el.getBoundingClientRect().top);
}

async function headerHeight(): Promise<number> {
  return page.$eval('header.topbar', (el) => el.getBoundingClientRect().height);
}

async function submitCreate(iotId: string): Promise<void> {
  await page.selectOption('#buy-form [name=iotId]', iotId);
  await page.click('#buy-form button[type=submit]');
  await page.waitForFunction(() => /^code /.test(document.getElementById('buy-result')!.textContent ?? ''), undefined, { timeout: 10_000 });
}

/**
 * WCAG contrast of an element's text against what is behind it: the first ancestor background
 * colour that is not transparent, alpha-blended over the ones under it, white at the bottom.
 */
async function contrastOf(selector: string): Promise<Array<{ state: string; text: string; ratio: number; fg: string; bg: string }>> {
  return page.$$eval(selector, (els) => {
    const parse = (c: string) => {
      const m = /rgba?\(([^)]+)\)/.exec(c)!;
      const [r, g, b, a = 1] = m[1]!.split(/[,\s/]+/).filter(Boolean).map(Number);
      return { r: r!, g: g!, b: b!, a: a! };
    };
    const over = (top: { r: number; g: number; b: number; a: number }, under: { r: number; g: number; b: number }) => ({
      r: top.r * top.a + under.r * (1 - top.a),
      g: top.g * top.a + under.g * (1 - top.a),
      b: top.b * top.a + under.b * (1 - top.a),
    });
    const lum = (c: { r: number; g: number; b: number }) => {
      const lin = (v: number) => {
        const s = v / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * lin(c.r) + 0.7152 * lin(c.g) + 0.0722 * lin(c.b);
    };
    return els.map((el) => {
      const layers = [];
      for (let node: Element | null = el; node; node = node.parentElement) {
        const bg = parse(getComputedStyle(node).backgroundColor);
        if (bg.a > 0) layers.push(bg);
        if (bg.a === 1) break;
      }
      let bg = { r: 255, g: 255, b: 255 };
      for (const layer of layers.reverse()) bg = over(layer, bg);
      const fg = over(parse(getComputedStyle(el).color), bg);
      const [hi, lo] = [lum(fg), lum(bg)].sort((a, b) => b - a);
      const bar = el.closest('.bar') as HTMLElement | null;
      return {
        state: `${bar?.dataset.state}/${bar?.dataset.payment}`,
        text: el.textContent ?? '',
        ratio: (hi! + 0.05) / (lo! + 0.05),
        fg: getComputedStyle(el).color,
        bg: `rgb(${Math.round(bg.r)}, ${Math.round(bg.g)}, ${Math.round(bg.b)})`,
      };
    });
  });
}

/** An sRGB colour as someone with deuteranopia sees it (Machado, Oliveira and Fernandes 2009, severity 1). */
function deuteranopia([r, g, b]: number[]): number[] {
  const lin = (v: number) => (v / 255 <= 0.04045 ? v / 255 / 12.92 : ((v / 255 + 0.055) / 1.055) ** 2.4);
  const [R, G, B] = [lin(r!), lin(g!), lin(b!)];
  const m = [
    [0.367322, 0.860646, -0.227968],
    [0.280085, 0.672501, 0.047413],
    [-0.01182, 0.04294, 0.968881],
  ];
  return m.map((row) => Math.min(1, Math.max(0, row[0]! * R + row[1]! * G + row[2]! * B)));
}

/** Contrast ratio of two linear-RGB colours. */
function linearContrast(a: number[], b: number[]): number {
  const lum = (c: number[]) => 0.2126 * c[0]! + 0.7152 * c[1]! + 0.0722 * c[2]!;
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

const rgb = (css: string) => /rgba?\(([^)]+)\)/.exec(css)![1]!.split(/[,\s]+/).slice(0, 3).map(Number);

describe('the admin page in front of an audience (needs Chromium)', BROWSER_SUITE, () => {
  rig = pageRig();
  afterAll(async () => {
    await page?.close();
  });

  describe('layout and readability', { timeout: 60_000 }, () => {
    for (const [name, viewport, iotId] of [
      ['desktop', DESKTOP, DEVICES.empty],
      // On the frozen camera the new order takes a second lane: the timelines above the form grow.
      ['phone', PHONE, DEVICES.frozen],
    ] as const) {
      it(`keeps the create result where it was on a ${name} (${viewport.width}×${viewport.height}); Details scrolls on its own`, async () => {
        await openPage(viewport);
        await page.selectOption('#buy-form [name=iotId]', iotId);
        // The user has scrolled to the form and looks at it.
        await page.$eval('#buy-form button[type=submit]', (el) => el.scrollIntoView({ block: 'center' }));
        const before = await top('#buy-result');
        const detailsBefore = await page.$eval('section.details', (el) => el.getBoundingClientRect().height);
        await submitCreate(iotId);
        // The new order is selected: Details shows every field of it.
        await page.waitForSelector('[data-testid=order-fields] tr[data-field=orderId]');
        await page.waitForTimeout(300);
        expect(await page.textContent('#buy-result')).toContain('code 200');
        expect(Math.abs((await top('#buy-result')) - before)).toBeLessThan(1);
        const button = await page.$eval('#buy-form button[type=submit]', (el) => el.getBoundingClientRect());
        expect(button.top).toBeGreaterThanOrEqual(0);
        expect(button.bottom).toBeLessThanOrEqual(viewport.height);
        // Details kept its size and scrolls inside: the order's fields are more than it shows.
        const details = await page.$eval('#details', (el) => ({ scroll: el.scrollHeight, client: el.clientHeight, overflow: getComputedStyle(el).overflowY }));
        expect(await page.$eval('section.details', (el) => el.getBoundingClientRect().height)).toBe(detailsBefore);
        expect(details.scroll).toBeGreaterThan(details.client);
        expect(details.overflow).toBe('auto');
        await page.screenshot({ path: artifactPath(`admin-ui-create-kept-${viewport.width}x${viewport.height}.png`) });
      });
    }

    it('keeps the header at one height whatever the status says, and shows an error in full', async () => {
      for (const viewport of [DESKTOP, PHONE]) {
        await rig.admin.reset();
        await openPage(viewport);
        const start = await headerHeight();
        await page.click('#clock-advance button[data-by="30d"]');
        await expect.poll(() => page.textContent('[data-testid=status]'), POLL).toContain('done: advancing the clock by 30d');
        expect(await headerHeight()).toBe(start);

        await page.fill('#clock-advance [name=by]', '40 days');
        await page.click('#clock-advance button[type=submit]');
        await expect.poll(() => page.getAttribute('[data-testid=status]', 'class'), POLL).toContain('error');
        expect(await headerHeight()).toBe(start);
        // The whole message, with the hint that says how to write a duration, on screen.
        const status = await page.$eval('[data-testid=status]', (el) => {
          const r = el.getBoundingClientRect();
          return { text: el.textContent ?? '', scrollW: el.scrollWidth, clientW: el.clientWidth, scrollH: el.scrollHeight, clientH: el.clientHeight, r: { left: r.left, right: r.right, top: r.top, bottom: r.bottom } };
        });
        expect(status.text).toContain('"40 days" is not a duration');
        expect(status.text).toContain('e.g. "40d"');
        expect(status.scrollW).toBeLessThanOrEqual(status.clientW);
        expect(status.scrollH).toBeLessThanOrEqual(status.clientH);
        expect(status.r.left).toBeGreaterThanOrEqual(0);
        expect(status.r.right).toBeLessThanOrEqual(viewport.width);
        expect(status.r.top).toBeGreaterThanOrEqual(0);
        expect(status.r.bottom).toBeLessThanOrEqual(viewport.height);
        await page.screenshot({ path: artifactPath(`admin-ui-error-in-full-${viewport.width}x${viewport.height}.png`) });
      }
    });

    it('labels bars by months and quota, shows the name where it fits, keeps axis labels on the axis and the now line under the text', async () => {
      for (const viewport of [{ width: 1920, height: 1080 }, DESKTOP, PHONE]) {
        await openPage(viewport);
        const shop = await page.$$eval(`${device(DEVICES.queue)} [data-testid=track] .bar`, (els) =>
          els.map((el) => {
            const bar = el as HTMLElement;
            const short = bar.querySelector('.bar-short') as HTMLElement;
            const name = bar.querySelector('.bar-name') as HTMLElement;
            const inner = bar.getBoundingClientRect().right - parseFloat(getComputedStyle(bar).paddingRight);
            return {
              short: short.textContent,
              width: bar.getBoundingClientRect().width,
              shortFits: short.getBoundingClientRect().right <= inner + 0.5,
              nameShown: !name.hidden && name.getBoundingClientRect().width > 0,
              nameFits: name.getBoundingClientRect().right <= inner + 0.5,
              name: name.textContent,
              full: name.dataset.full,
            };
          }),
        );
        // Expired 3-month, in-effect 1-month, then waiting: 3 months, 2 copies of 1 month, 6 months (the names all start alike).
        // A bar too narrow for its short label shows none (its tooltip and its text for screen readers name it), never a cut one.
        const expected = ['3M·3', '1M·10', '3M·3', '1M·1 ×2', '6M·6'];
        shop.forEach((b, i) => expect(['', expected[i]]).toContain(b.short));
        expect(shop.filter((b) => b.short).length).toBeGreaterThanOrEqual(viewport === PHONE ? 1 : 2);
        for (const bar of shop) {
          // A bar wide enough for its short label shows it whole; the name only when it fits too.
          if (bar.width >= 70) expect(bar.shortFits, `${bar.short} in ${bar.width}px`).toBe(true);
          if (bar.nameShown) expect(bar.nameFits, `${bar.name}`).toBe(true);
          // The name, or where it is short of room the part after the words all names share.
          if (bar.nameShown) expect(bar.full!.endsWith(bar.name!)).toBe(true);
        }
        const names = shop.filter((b) => b.nameShown).map((b) => b.name);
        // The documented names are long (视频设备分享增值服务(…)…套餐): a bar shows the name only where all of it, or its distinct part, fits.
        expect(names.every((n) => shop.some((b) => b.full!.endsWith(n!)))).toBe(true);
        if (viewport === DESKTOP) {
          expect(shop.filter((b) => b.shortFits).length).toBeGreaterThanOrEqual(3);
        }

        const ticks = await page.$eval('.axis', (axis) => {
          const right = axis.getBoundingClientRect().right;
          const panel = axis.closest('.panel')!.getBoundingClientRect().right;
          return Array.from(axis.querySelectorAll('.tick'))
            .filter((t) => getComputedStyle(t).visibility !== 'hidden')
            .map((t) => ({ label: t.textContent, right: t.getBoundingClientRect().right, axis: right, panel }));
        });
        expect(ticks.length).toBeGreaterThan(1);
        for (const t of ticks) {
          expect(t.right, t.label!).toBeLessThanOrEqual(t.axis);
          expect(t.right, t.label!).toBeLessThanOrEqual(t.panel);
        }

        // Where the now line crosses the in-effect bar, the bar (its text) is on top.
        const onTop = await page.$eval(device(DEVICES.inEffect), (row) => {
          const line = row.querySelector('.now-line') as HTMLElement;
          const bar = row.querySelector('.bar') as HTMLElement;
          const x = line.getBoundingClientRect().left + 1;
          const y = bar.getBoundingClientRect().top + bar.getBoundingClientRect().height / 2;
          line.style.pointerEvents = 'auto';
          const hit = document.elementFromPoint(x, y);
          line.style.pointerEvents = '';
          return { barCrossesNow: bar.getBoundingClientRect().left < x && x < bar.getBoundingClientRect().right, hitIsBar: bar.contains(hit) };
        });
        expect(onTop).toEqual({ barCrossesNow: true, hitIsBar: true });
        await page.screenshot({ path: artifactPath(`admin-ui-bars-${viewport.width}x${viewport.height}.png`) });
      }
    });
  });

  describe('keyboard', { timeout: 90_000 }, () => {
    it('reaches the create form from Reset in a few Tabs with a full journal; a skip link gets there in one', async () => {
      for (let i = 0; i < 110; i++) await callApi(QUERY, {});
      await openPage();
      await expect.poll(() => page.locator('[data-testid=journal] tbody tr[data-request-id]').count(), POLL).toBe(100);
      await page.focus('[data-testid=reset]');
      let tabs = 0;
      while (tabs < 200 && !(await page.evaluate(() => Boolean(document.activeElement?.closest('#buy-form'))))) {
        await page.keyboard.press('Tab');
        tabs += 1;
      }
      // The timelines' controls, then one stop per device name and per lane of the rows drawn, then the form.
      expect(tabs).toBeLessThanOrEqual(40);
      expect(await page.locator('[data-testid=journal] tbody tr[tabindex="0"]').count()).toBe(1);

      // Arrow keys walk the rows; Enter shows one.
      await page.focus('[data-testid=journal] tbody tr[tabindex="0"]');
      await page.keyboard.press('ArrowDown');
      const second = await page.$eval('[data-testid=journal] tbody tr:nth-child(2)', (r) => r === document.activeElement);
      expect(second).toBe(true);
      await page.keyboard.press('Enter');
      await page.waitForSelector('[data-testid=request-fields]');

      // From the top of a fresh page: the first Tab shows the skip link, Enter lands in the form.
      await openPage(DESKTOP, false);
      await page.keyboard.press('Tab');
      const link = await page.evaluate(() => {
        const a = document.activeElement as HTMLElement;
        const r = a.getBoundingClientRect();
        return { text: a.textContent, visible: r.width > 0 && r.left >= 0 && r.top >= 0 };
      });
      expect(link).toEqual({ text: 'Skip to: buy', visible: true });
      await page.screenshot({ path: artifactPath('admin-ui-skip-link.png') });
      await page.keyboard.press('Enter');
      expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('kind');
      expect(await page.evaluate(() => Boolean(document.activeElement?.closest('#buy-form')))).toBe(true);
    });

    it('shows every device badge whole (forbidden, frozen, orders when folded), the device name\'s code giving way', async () => {
      await openPage({ width: 1440, height: 900 });
      const badges = () =>
        page.$$eval('[data-testid=device] .device-title', (titles) =>
          titles.flatMap((title) => {
            const box = title.getBoundingClientRect();
            return Array.from(title.querySelectorAll('.badge')).map((b) => {
              const r = b.getBoundingClientRect();
              return { text: b.textContent, whole: b.scrollWidth <= b.clientWidth + 1 && r.right <= box.right + 0.5 };
            });
          }),
        );
      // A name is cut only once its device's code has no room left at all: the request examples'
      // cameras have the longest names and codes.
      await page.fill('#device-find [name=text]', '示例');
      await expect.poll(() => page.locator('[data-testid=device] .device-title').count(), POLL).toBe(8);
      const names = await page.$$eval('[data-testid=device] .device-title', (titles) =>
        titles.map((title) => {
          const button = title.querySelector('button.collapse')!;
          const name = button.querySelector('.device-name')!;
          const code = title.querySelector(':scope > .muted:not(.badge)')!;
          // In fractions of a pixel: an ellipsis shows for any overflow, which scrollWidth rounds away.
          const room = button.getBoundingClientRect().right - parseFloat(getComputedStyle(button).paddingRight);
          return { name: name.textContent, cut: name.getBoundingClientRect().right > room + 0.01, codeShown: code.clientWidth > 0 };
        }),
      );
      expect(names.filter((n) => n.cut && n.codeShown)).toEqual([]);
      await page.fill('#device-find [name=text]', '');
      await expect.poll(async () => (await badges()).map((b) => b.text), POLL).toEqual(expect.arrayContaining(['forbidden', '2 frozen']));
      const open = await badges();
      // A lane says "no orders" itself: no badge repeats it beside the name.
      expect(open.map((b) => b.text)).not.toContain('no orders');
      expect(open.filter((b) => !b.whole)).toEqual([]);
      await page.click('#collapse-all');
      // The shop camera's five 直播分享 and five 云存储 orders; the order-get example camera's one.
      await expect.poll(async () => (await badges()).map((b) => b.text), POLL).toEqual(expect.arrayContaining(['forbidden', 'no orders', '10 orders', '1 order']));
      expect((await badges()).filter((b) => !b.whole)).toEqual([]);
    });

    it('draws a focus ring on unpaid and paying bars too', async () => {
      const devices = await rig.admin.devices();
      const queued = devices.devices.find((d) => d.iotId === DEVICES.queue)!.orders;
      // The shop camera's second waiting order turned "paying" for this test.
      const paying = queued.filter((o) => o.paymentStatus === 1 && o.status === 0).at(-1)!;
      await rig.admin.updateOrder(paying.orderId, { paymentStatus: 2 });
      await openPage();
      const rings: Record<string, { style: string; width: number; color: string; visible: boolean }> = {};
      // The shop's 直播分享 lane is one Tab stop; the arrow keys walk its bars.
      await page.focus(`${device(DEVICES.queue)} [data-testid=track] .bar[tabindex="0"]`);
      await page.keyboard.press('Home');
      for (let i = 0; i < 40 && Object.keys(rings).length < 3; i++) {
        if (i > 0) await page.keyboard.press('ArrowRight');
        const focused = await page.evaluate(() => {
          const el = document.activeElement as HTMLElement;
          if (!el.classList.contains('bar')) return null;
          const s = getComputedStyle(el);
          return { payment: el.dataset.payment!, style: s.outlineStyle, width: parseFloat(s.outlineWidth), color: s.outlineColor, visible: el.matches(':focus-visible') };
        });
        if (focused && !rings[focused.payment]) rings[focused.payment] = focused;
        if (focused?.payment === 'unpaid') await page.screenshot({ path: artifactPath('admin-ui-focus-unpaid-bar.png') });
      }
      expect(Object.keys(rings).sort()).toEqual(['paid', 'paying', 'unpaid']);
      for (const ring of Object.values(rings)) {
        expect(ring.visible).toBe(true);
        expect(ring.style).toBe('solid');
        expect(ring.width).toBeGreaterThanOrEqual(2);
        // The same ring on every bar, whatever its payment.
        expect(ring.color).toBe(rings.paid!.color);
      }
    });
  });

  describe('contrast and colour', { timeout: 60_000 }, () => {
    it('gives bar text 4.5:1, tells states apart by a mark and under deuteranopia, and the frozen clock its own colour', async () => {
      await openPage();
      // Every state and payment the fixtures draw: expired, in effect, waiting, waiting unpaid, frozen.
      const texts = await contrastOf('.bar .bar-short');
      expect(new Set(texts.map((t) => t.state))).toEqual(new Set(['expired/paid', 'in-effect/paid', 'waiting/paid', 'waiting/unpaid', 'frozen/paid']));
      for (const t of texts) expect(t.ratio, `${t.state} ${t.text}: ${t.fg} on ${t.bg}`).toBeGreaterThanOrEqual(4.5);

      // A mark per state, the same in the legend, different from each other.
      const marks = await page.$$eval('.bar', (els) => els.map((b) => [(b as HTMLElement).dataset.state!, b.querySelector('.bar-icon')?.textContent ?? ''] as [string, string]));
      const legend = await page.$$eval('.legend li[data-state]', (els) => els.map((li) => [(li as HTMLElement).dataset.state!, li.querySelector('.state-icon')?.textContent ?? ''] as [string, string]));
      const byState = new Map(legend);
      expect(new Set(byState.values()).size).toBe(4);
      for (const [state, mark] of marks) expect(mark, state).toBe(byState.get(state));

      const fill = (state: string) => page.$eval(`.bar.${state}`, (el) => getComputedStyle(el).backgroundColor);
      const [inEffect, expired, waiting] = [rgb(await fill('in-effect')), rgb(await fill('expired')), rgb(await fill('waiting'))];
      // Seen with deuteranopia, in effect and expired still differ clearly in lightness.
      expect(linearContrast(deuteranopia(inEffect), deuteranopia(expired))).toBeGreaterThanOrEqual(3);
      expect(linearContrast(deuteranopia(waiting), deuteranopia(expired))).toBeGreaterThanOrEqual(3);

      const clockBadge = rgb(await page.$eval('[data-testid=clock-mode]', (el) => getComputedStyle(el).backgroundColor));
      const frozenBadge = rgb(await page.$eval('.badge.frozen-flag', (el) => getComputedStyle(el).backgroundColor));
      const frozenBar = rgb(await fill('frozen'));
      const distance = (a: number[], b: number[]) => Math.hypot(a[0]! - b[0]!, a[1]! - b[1]!, a[2]! - b[2]!);
      expect(await page.textContent('[data-testid=clock-mode]')).toBe('frozen');
      expect(distance(clockBadge, frozenBadge)).toBeGreaterThan(30);
      expect(distance(clockBadge, frozenBar)).toBeGreaterThan(30);
      await page.locator('.devices').screenshot({ path: artifactPath('admin-ui-contrast-devices.png') });
      // In the window the page opens on, the shop camera's bars run under its lanes' family names:
      // each name reads on a ground of its own.
      await openPage(DESKTOP, false);
      const labels = await page.$$eval('.lane-label', (els) =>
        els.map((el) => {
          const r = el.getBoundingClientRect();
          const under = document.elementsFromPoint(r.left + r.width / 2, r.top + r.height / 2);
          return { text: el.textContent, overBar: under.some((u) => u.closest('.bar')), ground: getComputedStyle(el).backgroundColor };
        }),
      );
      expect(labels.filter((l) => l.overBar).length).toBeGreaterThan(0);
      for (const l of labels.filter((x) => x.overBar)) expect(l.ground, l.text ?? '').toMatch(/^rgb\(/);
      for (const t of await contrastOf('.lane-label')) expect(t.ratio, `${t.text}: ${t.fg} on ${t.bg}`).toBeGreaterThanOrEqual(4.5);
    });
  });

  describe('the journal and the rest', { timeout: 90_000 }, () => {
    it('keeps a selected entry when newer traffic pushes it out, filters by path, code and iotId, and numbers the rows', async () => {
      await openPage();
      // One call before the page opens (the page's own loading journals nothing): select it.
      await callApi(QUERY, {});
      await openPage();
      const row = '[data-testid=journal] tbody tr[data-request-id]';
      await page.waitForSelector(row);
      const selectedId = (await page.getAttribute(row, 'data-request-id'))!;
      await page.click(row);
      await page.waitForSelector('[data-testid=request-fields] tr[data-field=id]');

      for (let i = 0; i < 105; i++) await callApi(QUERY, {});
      await expect.poll(() => page.textContent('#journal-count'), POLL).toBe('100 of 106');
      expect(await page.locator(`[data-request-id="${selectedId}"]`).count()).toBe(0);
      await page.waitForTimeout(1200);
      expect(await page.textContent('[data-testid=request-fields] tr[data-field=id] td')).toBe(selectedId);
      expect(await page.textContent('[data-testid=request-fields] tr[data-field=path] td')).toBe(QUERY);

      // With the clock frozen every row reads 10:00:00; the # column tells them apart, newest first.
      const numbers = await page.$$eval(`${row} td.seq`, (tds) => tds.map((td) => Number(td.textContent)));
      expect(numbers.slice(0, 3)).toEqual([106, 105, 104]);
      expect(numbers.at(-1)).toBe(7);
      expect(new Set(await page.$$eval(`${row} td.time`, (tds) => tds.map((td) => td.textContent)))).toEqual(new Set(['10:00:00']));

      // One order/get of a device that does not exist (a business error), one that succeeds.
      const unknown = await callApi(GET, { iotId: 'NoSuchDevice0000000000000', orderId: '1' });
      expect(unknown.code).not.toBe(200);
      await callApi(GET, { iotId: DEVICES.inEffect, orderId: '202411051000001000001' });
      await page.fill('#journal-filter [name=code]', String(unknown.code));
      await expect.poll(() => page.locator(row).count(), POLL).toBe(1);
      expect(await page.textContent(`${row} td:nth-child(5)`)).toBe(String(unknown.code));
      expect(await page.textContent('#journal-count')).toBe('1 matching');
      await page.fill('#journal-filter [name=code]', '');
      await page.fill('#journal-filter [name=path]', GET);
      await expect.poll(() => page.locator(row).count(), POLL).toBe(2);
      await page.fill('#journal-filter [name=iotId]', DEVICES.inEffect);
      await expect.poll(() => page.locator(row).count(), POLL).toBe(1);
      expect(await page.getAttribute(`${row} td.iot`, 'title')).toBe(DEVICES.inEffect);
      await page.screenshot({ path: artifactPath('admin-ui-journal-filter.png') });
    });

    it('shows each journal fact in full on a phone: the API wraps at its slashes, code, latency and a timeout badge are never cut', async () => {
      await rig.admin.addFault({ type: 'timeout', match: { path: '/vision/customer/freestorage/quota/check' }, times: 1 });
      await callApi('/vision/customer/cloudstorage/commodity/query', {});
      // A timeout answers after the API's gateway timeout (3 s) with no envelope: only its status is read.
      const timedOut = await fetch(`${rig.server.url}/vision/customer/freestorage/quota/check`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ request: { apiVer: '1.0.0' }, params: { iotId: DEVICES.doc } }) });
      expect(timedOut.status).toBe(504);
      await openPage(PHONE, false);
      const row = '[data-testid=journal] tbody tr[data-request-id]';
      await expect.poll(() => page.locator(row).count(), POLL).toBe(2);
      const cells = await page.$$eval(`${row} td`, (tds) =>
        tds
          .filter((td) => getComputedStyle(td).display !== 'none')
          .map((td) => ({ cls: td.className, text: td.textContent ?? '', cut: td.scrollWidth > td.clientWidth + 1 })),
      );
      expect(cells.filter((c) => c.cut)).toEqual([]);
      expect(cells.filter((c) => c.cls === 'api').map((c) => c.text)).toEqual(['freestorage/quota/check', 'cloudstorage/commodity/query']);
      expect(cells.find((c) => c.cls === 'fault' && c.text !== '')?.text).toMatch(/^timeout f\d+$/);
      await page.locator('[data-testid=journal]').screenshot({ path: artifactPath('admin-ui-journal-phone.png') });
    });

    it('names a removed rule by its type in the journal and drops the "added" line with it', async () => {
      await openPage();
      await page.selectOption('#fault-form [name=type]', 'error');
      await page.selectOption('#fault-form [name=code]', '503');
      await page.fill('#fault-form [name=times]', '1');
      await page.click('#fault-form button[type=submit]');
      await page.waitForSelector('[data-testid=fault-list] li[data-type=error]');
      const ruleId = (await page.getAttribute('[data-testid=fault-list] li[data-type=error]', 'data-rule-id'))!;
      expect(await page.textContent('#fault-result')).toBe(`added error rule ${ruleId}`);
      expect((await callApi(QUERY, {})).code).toBe(503);
      const faultCell = '[data-testid=journal] tbody tr[data-fault=yes] [data-testid=fault-cell]';
      await expect.poll(() => page.textContent(faultCell), POLL).toBe(`error ${ruleId}`);

      await page.click(`[data-rule-id="${ruleId}"] button`);
      await page.waitForSelector(`[data-rule-id="${ruleId}"]`, { state: 'detached' });
      await page.waitForTimeout(1200);
      expect(await page.textContent(faultCell)).toBe(`error ${ruleId}`);
      expect(await page.textContent('#fault-result')).toBe('');
      expect(await page.textContent('[data-testid=fault-list]')).toContain('No rules');
      await page.locator('.faults').screenshot({ path: artifactPath('admin-ui-rule-removed.png') });
    });

    it('links to the docs, and its clock box shows the same wall time as "now", with the offset', async () => {
      await openPage();
      const setBox = await page.inputValue('#clock-set [name=now]');
      expect(setBox).toBe('2024-11-15T10:00:00+08:00');
      expect(setBox.replace('T', ' ').slice(0, 19)).toBe(await page.textContent('[data-testid=clock-now]'));
      // The box's value is an instant the API takes: setting it leaves the clock where it was.
      await page.click('#clock-set button[type=submit]');
      await expect.poll(() => page.textContent('[data-testid=status]'), POLL).toContain('done: setting the clock');
      expect((await rig.admin.clock()).now).toBe(T0);

      await page.click('[data-testid=docs-link]');
      await page.waitForURL(`${rig.server.url}/__admin/docs**`);
      await page.waitForSelector('.opblock');
      expect(await page.title()).toBe('aliyun-living-mock · API docs');
    });
  });
});
