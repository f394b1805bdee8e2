/**
 * The admin page draws the doorbell family (defined only under test/, test/http/third-family.test.ts)
 * as one more lane of the device, from the admin API's `lanes`: the page names no family but
 * 直播分享, whose orders are the device's own.
 */
import { describe, expect, it } from 'vitest';
import { API_FAMILIES } from '../../src/index.js';
import { DEVICES, envelope } from '../support/api.js';
import { BROWSER_SUITE } from '../support/browser.js';
import { doorbellFamily } from '../support/families/doorbell/family.js';
import { QUIET_SET } from '../support/families/doorbell/operations.js';
import { pageRig } from '../support/page-rig.js';

describe('the admin page with a family given through the families option (needs Chromium)', BROWSER_SUITE, () => {
  const rig = pageRig({ families: [...API_FAMILIES, doorbellFamily] });

  it('draws its entries on a lane of their own, named by the family', { timeout: 60_000 }, async () => {
    const body = JSON.stringify(envelope({ iotId: DEVICES.queue, minutes: 600 }));
    const res = await fetch(`${rig.server.url}${QUIET_SET}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const { quietId } = ((await res.json()) as { data: { quietId: string } }).data;
    const page = await rig.browser.context.newPage();
    await page.goto(`${rig.server.url}/__admin/ui/`);
    await page.waitForSelector('body[data-ready=true]', { timeout: 15_000 });
    const lane = `[data-testid=device][data-iot-id="${DEVICES.queue}"] [data-testid=family-track][data-family="门铃"]`;
    expect(await page.textContent(`${lane} .lane-label`)).toBe('门铃');
    await page.waitForSelector(`${lane} .bar[data-order-id="${quietId}"]`, { timeout: 10_000 });
  });
});
