import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { DEVICES, testApp } from '../../support/api.js';
import { callCs, CS, CS_ORDERS } from '../../support/cloud-storage.js';

/**
 * Cloud-storage prices read as the examples show them, with one decimal: 177882's package answers
 * "1.0", a white-label copy of commodity/enable "35.0". 直播分享 keeps "140" (190251).
 */
describe('cloud-storage prices with one decimal', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await testApp();
  });
  afterAll(() => app.close());

  it('commodity/query: every package price has a decimal ("15.0", "150.0")', async () => {
    const list = (await callCs(app, CS.commodities, {})).body_.data as Array<{ price: string; specification: string; months: number }>;
    expect(list.find((p) => p.specification === 'eventResource_7' && p.months === 1)?.price).toBe('15.0');
    expect(list.find((p) => p.specification === 'eventResource_7' && p.months === 12)?.price).toBe('150.0');
    for (const p of list) expect(p.price).toMatch(/^\d+\.\d+$/);
  });

  it('orders: order/get, commodity/enable and a free order ("0.0")', async () => {
    expect((await callCs(app, CS.get, { iotId: DEVICES.inEffect, orderId: CS_ORDERS.inEffect })).body_.data.price).toBe('15.0');
    expect((await callCs(app, CS.get, { iotId: DEVICES.queue, orderId: CS_ORDERS.queueFree })).body_.data.price).toBe('0.0');
    expect((await callCs(app, CS.enable, { iotId: DEVICES.queue, orderId: CS_ORDERS.queueWaiting })).body_.data.price).toBe('176.0');
  });

  it('直播分享 keeps its documented form: "140"', async () => {
    const res = await callCs(app, { path: '/vision/customer/streaming/commodity/query', apiVer: '1.0.0' }, {});
    expect(res.body_.data.find((p: { commodityCode: string }) => p.commodityCode === 'streamingResource_20_10').price).toBe('140');
  });
});
