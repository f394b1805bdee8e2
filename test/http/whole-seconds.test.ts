import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import { call, CREATE, DEVICES } from '../support/api.js';
import { callCs, CS, CS_ORDERS } from '../support/cloud-storage.js';

/**
 * Every time an answer shows is a whole second, as every example does (177891 answers
 * 1602901298000): with a clock that runs on from an instant with a millisecond part, an order
 * bought, enabled or created now starts and ends on a whole second, in ms and in text alike.
 */
describe('whole seconds with a running clock', () => {
  let app: FastifyInstance;
  // Real time stands at 789 ms past a second; the emulator's clock runs on from there (no --now).
  const real = Date.parse('2024-11-15T02:00:00.789Z');
  beforeAll(async () => {
    app = await buildApp({ seed: 5, realNow: () => real });
  });
  afterAll(() => app.close());

  it('commodity/enable answers its epoch-ms times as whole seconds', async () => {
    const res = await callCs(app, CS.enable, { iotId: DEVICES.queue, orderId: CS_ORDERS.queueWaiting });
    expect(res.body_.code, String(res.headers['x-mock-error-detail'])).toBe(200);
    const { startTime, endTime, startTimeStr } = res.body_.data;
    expect(startTime % 1000).toBe(0);
    expect(endTime % 1000).toBe(0);
    expect(startTime).toBe(Date.parse('2024-11-15T02:00:00Z'));
    expect(startTimeStr).toBe('2024-11-15 10:00:00');
  });

  it('a cloud-storage purchase for now and the fixture orders start on whole seconds', async () => {
    const bought = await callCs(app, CS.buy, { iotId: DEVICES.empty, userName: 'u', commodityCode: 'ilopLVCloudResource', specification: 'eventResource_7', copies: 1, immediateUse: true });
    const enabled = await callCs(app, CS.enable, { iotId: DEVICES.empty, orderId: bought.body_.data.orderId });
    expect(enabled.body_.data.startTime % 1000).toBe(0);
    expect(enabled.body_.data.endTime % 1000).toBe(0);
  });

  it('a 直播分享 order created now starts at the whole second its orderId names', async () => {
    const res = await call(app, CREATE, { iotId: DEVICES.doc, commodityCode: 'streamingResource_20_10', copies: 1, immediateUse: true });
    expect(res.body_.data).toMatchObject({ startTime: '2024-11-15 10:00:00', startTimeUTC: '2024-11-15T02:00:00Z' });
    expect(res.body_.data.orderId.slice(0, 14)).toBe('20241115100000');
  });
});
