/**
 * Another web page cannot drive the control plane, in a real headless Chromium: a page served
 * from another origin (a second small server on another port) tries to read the journal, move
 * the clock, reset the emulator and send a text/plain change, with and without CORS mode; every
 * attempt fails and the emulator's state is as it was. The same page still calls an API route,
 * whose answers keep the gateway's CORS.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CREATE, DEVICES, T0 } from '../support/api.js';
import { BROWSER_SUITE } from '../support/browser.js';
import { pageRig, type PageRig } from '../support/page-rig.js';

/** What one fetch() from the page came to: an answer the page could read, or the error it got. */
type Attempt = { readable: true; status: number; body: string } | { readable: false; type?: string; error?: string };

describe('the admin API from another origin', BROWSER_SUITE, () => {
  const rig: PageRig = pageRig();
  let other: http.Server;
  let otherUrl: string;
  let page: Page;

  beforeAll(async () => {
    // The other origin: one empty page, on another port of the same machine.
    other = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>another site</title>'));
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    otherUrl = `http://localhost:${(other.address() as AddressInfo).port}/`;
  });
  afterAll(async () => {
    await page?.close();
    // Chromium keeps its connection alive: end it, or close() waits for it.
    other?.closeAllConnections();
    await new Promise((resolve) => other?.close(resolve));
  });

  /** Runs fetch(url, init) in the other origin's page. */
  const attempt = (url: string, init: RequestInit = {}): Promise<Attempt> =>
    page.evaluate(
      async ([u, i]) => {
        try {
          const res = await fetch(u, i);
          // A no-cors answer is opaque: the page learns nothing from it, not even the status.
          if (res.type === 'opaque') return { readable: false, type: res.type };
          return { readable: true, status: res.status, body: await res.text() };
        } catch (err) {
          return { readable: false, error: String(err) };
        }
      },
      [url, init] as const,
    );

  it('reads nothing, changes nothing; its API calls still get CORS', async () => {
    const base = rig.server.url;
    // Something to lose: an order, a journal entry.
    const created = await fetch(`${base}${CREATE}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ request: { apiVer: '1.0.0' }, params: { iotId: DEVICES.empty, commodityCode: 'streamingResource_20_10', copies: 1 } }),
    });
    expect(((await created.json()) as { code: number }).code).toBe(200);
    const before = { requests: (await rig.admin.requests()).total, devices: await rig.admin.devices() };

    page = await rig.browser.context.newPage();
    await page.goto(otherUrl);
    const json = { 'content-type': 'application/json' };
    const attempts: Record<string, Attempt> = {
      'GET requests': await attempt(`${base}/__admin/requests`),
      'GET requests no-cors': await attempt(`${base}/__admin/requests`, { mode: 'no-cors' }),
      'PUT clock': await attempt(`${base}/__admin/clock`, { method: 'PUT', headers: json, body: JSON.stringify({ now: '2027-01-01T00:00:00Z' }) }),
      'POST clock/advance text/plain': await attempt(`${base}/__admin/clock/advance`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{"by":"400d"}' }),
      'POST clock/advance text/plain no-cors': await attempt(`${base}/__admin/clock/advance`, { method: 'POST', mode: 'no-cors', headers: { 'content-type': 'text/plain' }, body: '{"by":"400d"}' }),
      'POST reset': await attempt(`${base}/__admin/reset`, { method: 'POST' }),
      'POST reset no-cors': await attempt(`${base}/__admin/reset`, { method: 'POST', mode: 'no-cors' }),
      'POST faults no-cors': await attempt(`${base}/__admin/faults`, { method: 'POST', mode: 'no-cors', headers: { 'content-type': 'text/plain' }, body: '{"type":"error","code":503}' }),
      'PUT faults': await attempt(`${base}/__admin/faults`, { method: 'PUT', headers: json, body: '{"rules":[{"type":"error","code":503}]}' }),
    };
    for (const [what, result] of Object.entries(attempts)) expect(result.readable, `${what}: ${JSON.stringify(result)}`).toBe(false);

    // Nothing changed: the clock, the faults, the order, the journal (only admin calls since, which it does not keep).
    const clock = await rig.admin.clock();
    expect(clock.now).toBe(T0);
    expect((await rig.admin.faults()).rules).toEqual([]);
    expect(await rig.admin.devices()).toEqual(before.devices);
    expect((await rig.admin.requests()).total).toBe(before.requests);

    // The API keeps the real gateway's CORS: the same page reads a query's answer.
    const api = await attempt(`${base}/vision/customer/streaming/commodity/query`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ request: { apiVer: '1.0.0' }, params: {} }),
    });
    expect(api.readable).toBe(true);
    expect(api.readable && (JSON.parse(api.body) as { code: number }).code).toBe(200);
  });
});
