/** Cloud-storage fixtures resolve their relative times ("now-10d") when the world is built, as 直播分享's do. */
import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { admin } from '../../support/admin.js';
import { call, DEVICES, testApp } from '../../support/api.js';
import { callCs, CS } from '../../support/cloud-storage.js';

/** The real time the app starts at: no --now, so the clock runs from it. */
const REAL_START = Date.parse('2026-12-07T00:00:00Z');

let app: FastifyInstance;
afterEach(async () => app?.close());

/** A running clock (no --now) started at REAL_START; real time stands still, so only the admin clock moves it. */
const runningApp = () => testApp({ now: undefined, realNow: () => REAL_START });

/** The living-room camera's start times: its 直播分享 fixture order's and its 云存储 fixture order's. */
async function livingRoomStarts() {
  const streaming = await call(app, '/vision/customer/streaming/order/query', { iotId: DEVICES.inEffect, pageSize: 50 });
  const cloud = await callCs(app, CS.query, { iotId: DEVICES.inEffect, pageSize: 50 });
  return {
    streaming: (streaming.body_.data.orderList as { startTime: string }[]).map((o) => o.startTime),
    cloud: (cloud.body_.data.orderList as { startTime: string; commodityCode: string }[]).filter((o) => o.commodityCode !== 'free').map((o) => o.startTime),
  };
}

describe('cloud-storage fixture times', () => {
  it('count from the world\'s start: moving the clock before the first call leaves them where they started, beside 直播分享\'s', async () => {
    app = await runningApp();
    const tenDaysBefore = '2026-11-27 08:00:00';
    expect((await admin(app, 'PUT', '/clock', { now: '2030-01-01T00:00:00Z' })).status).toBe(200);
    const starts = await livingRoomStarts();
    expect(starts.streaming).toContain(tenDaysBefore);
    expect(starts.cloud).toContain(tenDaysBefore);
    expect(JSON.stringify(starts)).not.toMatch(/2029-/);
  });

  it('with the clock moved to 9999-06-01 before the first call, no cloud order shows the year 10000', async () => {
    app = await runningApp();
    expect((await admin(app, 'PUT', '/clock', { now: '9999-06-01T00:00:00Z' })).status).toBe(200);
    for (const iotId of Object.values(DEVICES)) {
      const res = await callCs(app, CS.query, { iotId, pageSize: 50 });
      expect(JSON.stringify(res.body_)).not.toMatch(/[+"]0?1\d{4}-/);
    }
    expect(JSON.stringify((await admin(app, 'GET', '/devices')).body)).not.toMatch(/[+"]0?1\d{4}-/);
  });

  it('a reset builds them afresh at the reset: a clock moved after it leaves them there too', async () => {
    app = await runningApp();
    await admin(app, 'PUT', '/clock', { now: '2030-01-01T00:00:00Z' });
    await livingRoomStarts();
    await admin(app, 'POST', '/reset');
    await admin(app, 'PUT', '/clock', { now: '2031-01-01T00:00:00Z' });
    expect((await livingRoomStarts()).cloud).toContain('2026-11-27 08:00:00');
  });
});
