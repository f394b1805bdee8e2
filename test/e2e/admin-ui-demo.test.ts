/**
 * The whole demo from the admin page alone, in a real headless Chromium: both families bought,
 * paid, enabled, frozen, the free trial claimed, forty days on, a fault, the journal and its deep
 * link, a second session, a reset. Then axe-core (injected into the page) finds no serious or
 * critical violation.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { DEVICES } from '../support/api.js';
import { artifactPath, BROWSER_SUITE } from '../support/browser.js';
import { pageRig, type PageRig } from '../support/page-rig.js';

const POLL = { timeout: 10_000, interval: 100 };
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let rig: PageRig;
let page: Page;

/** 177893's request example: the order on its source device, and the same user's other device. */
const TRANSFER = { src: 'QIuozfUcxRX6******dKz20000', dst: 'cvgIDouK5w6wA******cz20000', orderId: '202210141******030001' } as const;

const row = (iotId: string) => `[data-testid=device][data-iot-id="${iotId}"]`;

async function openPage(hash = ''): Promise<void> {
  await page?.close();
  page = await rig.browser.context.newPage();
  await page.goto(`${rig.server.url}/__admin/ui/${hash}`);
  await page.waitForSelector('body[data-ready=true]', { timeout: 15_000 });
}

/** Buys from the form; resolves to the result line once it has the API's answer. */
async function buy(kind: 'streaming' | 'cloud' | 'free', iotId: string, choose: Record<string, string> = {}): Promise<string> {
  await page.selectOption('#buy-form [name=kind]', kind);
  await page.selectOption('#buy-form [name=iotId]', iotId);
  for (const [name, value] of Object.entries(choose)) {
    if (name === 'immediateUse') await page.check('#buy-form [name=immediateUse]');
    else await page.selectOption(`#buy-form [name=${name}]`, value);
  }
  await page.evaluate(() => (document.getElementById('buy-result')!.textContent = ''));
  await page.click('#buy-form button[type=submit]');
  await page.waitForFunction(() => /^(code|HTTP|no answer)/.test(document.getElementById('buy-result')!.textContent ?? ''), undefined, { timeout: 10_000 });
  if (choose.immediateUse) await page.uncheck('#buy-form [name=immediateUse]');
  return (await page.textContent('#buy-result')) ?? '';
}

const selectedField = (field: string) => page.textContent(`[data-testid=order-fields] tr[data-field=${field}] td`);

async function action(label: string): Promise<void> {
  await page.click(`#details .order-actions button[data-action="${label}"]`);
  await expect.poll(() => page.textContent('[data-testid=status]'), POLL).toMatch(/^done: /);
}

/** axe-core's serious and critical violations on the page as it is. */
async function axeViolations(): Promise<Array<{ id: string; impact: string; nodes: string[] }>> {
  // Evaluated, not added as a <script>: the page's Content-Security-Policy allows only its own scripts.
  await page.evaluate(AXE);
  const result = (await page.evaluate(() => (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<unknown> } }).axe.run(document, { resultTypes: ['violations'] }))) as {
    violations: Array<{ id: string; impact: string; nodes: unknown[] }>;
  };
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => String((n as { target: unknown }).target) + " " + String((n as { failureSummary?: string }).failureSummary).slice(0, 160)) }));
}

describe('the demo from the admin page alone (needs Chromium)', BROWSER_SUITE, () => {
  rig = pageRig();
  afterAll(async () => {
    await page?.close();
  });

  it('buys, pays, enables and freezes in both families, claims the free trial, moves 40 days on, faults, links, switches session and resets', { timeout: 120_000 }, async () => {
    await openPage();
    // 直播分享: bought unpaid on the empty camera, in effect now; paid from Details.
    expect(await buy('streaming', DEVICES.empty, { package: 'streamingResource_20_10' })).toContain('code 200');
    await expect.poll(() => selectedField('paymentStatus'), POLL).toBe('0');
    await action('Pay');
    await expect.poll(() => selectedField('paymentStatus'), POLL).toBe('1');
    // A second one queues behind it; Enable now makes it take effect now.
    expect(await buy('streaming', DEVICES.empty, { package: 'streamingResource_5_1' })).toContain('code 200');
    await expect.poll(() => page.textContent('#details .badge.state'), POLL).toBe('waiting');
    await action('Pay');
    await action('Enable now');
    await expect.poll(() => page.textContent('#details .badge.state'), POLL).toBe('in effect');
    await action('Freeze');
    await expect.poll(() => page.textContent('#details .badge.state'), POLL).toBe('frozen');
    await action('Unfreeze');
    await expect.poll(() => page.textContent('#details .badge.state'), POLL).not.toBe('frozen');

    // 云存储: the packages by their documented names, with price and length.
    await page.selectOption('#buy-form [name=kind]', 'cloud');
    const names = await page.$$eval('#buy-form [name=package] option', (os) => os.map((o) => o.textContent));
    expect(names).toContain('事件录像7天循环存储月套餐 · ¥15.0 · 1 month · video kept 7 d');
    expect(names).toContain('全天连续录像30天循环存储年套餐 · ¥880.0 · 1 year · video kept 30 d');
    // The documented example's camera: the free trial first, then a year of event recording queued after it.
    await page.selectOption('#buy-form [name=kind]', 'free');
    await page.selectOption('#buy-form [name=iotId]', DEVICES.doc);
    await page.click('#quota-check');
    await expect.poll(() => page.textContent('#buy-result'), POLL).toContain('may claim');
    expect(await buy('free', DEVICES.doc, { quota: '1' })).toContain('code 200');
    expect(await buy('cloud', DEVICES.doc, { package: 'ilopLVCloudResourceYear|eventResource_7' })).toContain('code 200');
    await expect.poll(() => page.locator(`${row(DEVICES.doc)} [data-testid=family-track] .bar`).count(), POLL).toBe(2);
    expect(await page.textContent(`${row(DEVICES.doc)} [data-testid=family-track] .lane-label`)).toBe('云存储');
    await expect.poll(() => page.textContent('#details .badge.state'), POLL).toBe('waiting');
    await action('Enable now');
    await expect.poll(() => page.textContent('#details .badge.state'), POLL).toBe('in effect');
    await action('Freeze');
    await expect.poll(() => page.textContent('#details .badge.state'), POLL).toBe('frozen');
    // status/set 0 puts it back in use: it queues again after the device's other orders.
    await action('Unfreeze');
    await expect.poll(() => page.textContent('#details .badge.state'), POLL).not.toBe('frozen');
    expect(await page.locator('#details .order-actions button[data-action="Freeze"]').count()).toBe(1);

    // Forty days on: the first 直播分享 package of the living room has expired.
    await page.click('#clock-advance button[data-by="40d"]');
    await expect.poll(() => page.textContent('[data-testid=clock-now]'), POLL).toBe('2024-12-25 10:00:00');
    await page.click('#window-fit');
    await expect.poll(() => page.getAttribute(`${row(DEVICES.inEffect)} [data-testid=track] .bar`, 'data-state'), POLL).toBe('expired');

    // A fault: the next purchase answers 503, and the journal says which rule fired.
    await page.selectOption('#fault-form [name=type]', 'error');
    await page.selectOption('#fault-form [name=code]', '503');
    await page.fill('#fault-form [name=times]', '1');
    await page.click('#fault-form button[type=submit]');
    await page.waitForSelector('[data-testid=fault-list] li[data-type=error]');
    expect(await buy('streaming', DEVICES.queue, { package: 'streamingResource_20_10' })).toContain('code 503');
    const faulted = '[data-testid=journal] tbody tr[data-fault=yes]';
    await page.waitForSelector(faulted);
    expect(await page.textContent(`${faulted} .api`)).toBe('streaming/order/create');
    expect(await page.textContent(`${faulted} [data-testid=fault-cell]`)).toMatch(/^error f\d+$/);
    // The journal shows each API by its distinguishing tail.
    const apis = await page.$$eval('[data-testid=journal] tbody tr .api', (tds) => tds.map((td) => td.textContent));
    expect(apis).toEqual(expect.arrayContaining(['cloudstorage/commodity/buy', 'freecloudstorage/consume', 'freestorage/quota/check', 'cloudstorage/commodity/enable', 'cloudstorage/status/set']));
    // No row for the page's own loading: the catalogue comes from the admin API.
    expect(apis).not.toContain('streaming/commodity/query');

    // A journal entry selected is in the address: a reload (or the link sent to someone) shows it again.
    await page.click(faulted);
    await page.waitForSelector('[data-testid=request-fields]');
    const entryId = await page.textContent('[data-testid=request-fields] tr[data-field=id] td');
    expect(new URL(page.url()).hash).toBe(`#entry=${entryId}`);
    await page.reload();
    await page.waitForSelector('body[data-ready=true]');
    await expect.poll(() => page.textContent('[data-testid=request-fields] tr[data-field=id] td'), POLL).toBe(entryId);
    expect(await page.getAttribute(`[data-testid=journal] tbody tr[data-request-id="${entryId}"]`, 'aria-selected')).toBe('true');
    await page.screenshot({ path: artifactPath('admin-ui-demo-1440x900.png') });

    // Another session: its own world, untouched by all of the above.
    await page.fill('#session', 'demo-b');
    await page.click('#session-form button[type=submit]');
    await expect.poll(() => page.textContent('[data-testid=clock-now]'), POLL).toBe('2024-11-15 10:00:00');
    await expect.poll(() => page.locator(`${row(DEVICES.empty)} .bar`).count(), POLL).toBe(0);
    expect(new URL(page.url()).hash).toBe('#session=demo-b');
    expect(await buy('streaming', DEVICES.empty, { package: 'streamingResource_20_10' })).toContain('code 200');
    expect((await rig.admin.device(DEVICES.empty)).orders).toHaveLength(2);
    await page.fill('#session', 'default');
    await page.click('#session-form button[type=submit]');
    await expect.poll(() => page.textContent('[data-testid=clock-now]'), POLL).toBe('2024-12-25 10:00:00');

    // Clear asks first, saying how many calls go; cancelled, the journal stays; confirmed, it is empty.
    const journalRows = '[data-testid=journal] tbody tr[data-request-id]';
    // Back in the default session, its journal is read again: wait for it to be drawn.
    await page.waitForSelector(faulted);
    const kept = await page.locator(journalRows).count();
    expect(kept).toBeGreaterThan(0);
    await page.click('#journal-clear');
    expect(await page.textContent('#confirm-text')).toMatch(/^The \d+ recorded calls of this session are removed/);
    await page.click('#confirm-dialog button[value=cancel]');
    await page.waitForTimeout(300);
    expect(await page.locator(journalRows).count()).toBe(kept);
    await page.click('#journal-clear');
    await page.click('#confirm-ok');
    await expect.poll(() => page.locator(journalRows).count(), POLL).toBe(0);

    // Reset asks first; cancelled, nothing happens; confirmed, the fixtures are back.
    await page.click('[data-testid=reset]');
    await page.click('#confirm-dialog button[value=cancel]');
    await page.waitForTimeout(300);
    expect(await page.textContent('[data-testid=clock-now]')).toBe('2024-12-25 10:00:00');
    await page.click('[data-testid=reset]');
    await page.click('#confirm-ok');
    await expect.poll(() => page.textContent('[data-testid=clock-now]'), POLL).toBe('2024-11-15 10:00:00');
    await expect.poll(() => page.locator(`${row(DEVICES.empty)} .bar`).count(), POLL).toBe(0);
    expect((await rig.admin.faults()).rules).toEqual([]);
  });

  it('transfers a cloud-storage order to another device of its buyer from Details, as 177893\'s example does', { timeout: 60_000 }, async () => {
    await openPage();
    const bar = `${row(TRANSFER.src)} [data-testid=family-track] .bar[data-order-id="${TRANSFER.orderId}"]`;
    await page.$eval(row(TRANSFER.src), (el) => el.scrollIntoView());
    await page.click(bar);
    await page.click('#details .order-actions button[data-action="Transfer…"]');
    await page.selectOption('#transfer-form [name=dstIotId]', TRANSFER.dst);
    await page.click('#transfer-form button[value=ok]');
    await expect.poll(() => page.textContent('[data-testid=status]'), POLL).toBe('done: transferring the order');
    // The same orderId, now on the target's lane and gone from the source's.
    await page.$eval(row(TRANSFER.dst), (el) => el.scrollIntoView());
    await expect.poll(() => page.locator(`${row(TRANSFER.dst)} [data-testid=family-track] .bar[data-order-id="${TRANSFER.orderId}"]`).count(), POLL).toBe(1);
    const left = (await rig.admin.device(TRANSFER.src)).lanes?.flatMap((l) => l.orders.map((o) => o.orderId)) ?? [];
    expect(left).not.toContain(TRANSFER.orderId);
    expect(await selectedField('iotId')).toBe(TRANSFER.dst);
  });

  for (const viewport of [
    { width: 1440, height: 900 },
    { width: 390, height: 844 },
  ]) {
    it(`has no serious or critical axe violation at ${viewport.width}×${viewport.height}, with an order and a journal entry shown`, { timeout: 60_000 }, async () => {
      await openPage();
      await page.setViewportSize(viewport);
      expect(await buy('cloud', DEVICES.doc, { package: 'ilopLVCloudResource|eventResource_7' })).toContain('code 200');
      await page.waitForSelector('[data-testid=order-fields]');
      expect(await axeViolations()).toEqual([]);
      await page.click('[data-testid=journal] tbody tr[data-request-id]');
      await page.waitForSelector('[data-testid=request-fields]');
      expect(await axeViolations()).toEqual([]);
    });
  }
});
