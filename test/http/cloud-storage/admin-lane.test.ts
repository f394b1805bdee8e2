/** The admin API shows each device's cloud-storage orders as a lane of their own, beside its 直播分享 orders. */
import { describe, expect, it } from 'vitest';
import { DEVICES, testApp } from '../../support/api.js';
import { callCs, CS, CS_ORDERS } from '../../support/cloud-storage.js';

describe('GET /__admin/devices: one lane per family', () => {
  it('lists a device\'s cloud-storage orders in their own lane, with periods, beside its 直播分享 orders', async () => {
    const app = await testApp();
    try {
      const device = (await app.inject({ method: 'GET', url: `/__admin/devices/${DEVICES.inEffect}` })).json();
      expect(device.orders.map((o: { orderId: string }) => o.orderId)).toEqual(['202411051000001000001']);
      expect(device.lanes).toHaveLength(1);
      const lane = device.lanes[0];
      expect(lane.family).toMatch(/云存储/);
      expect(lane.orders.map((o: { orderId: string }) => o.orderId)).toEqual([CS_ORDERS.inEffectFree, CS_ORDERS.inEffect]);
      expect(lane.orders[1]).toMatchObject({
        status: 0, orderType: 0, specification: 'eventResource_7', lifecycle: 7, frozen: false,
        periods: [{ start: '2024-11-05T02:00:00.000Z', end: '2024-12-05T02:00:00.000Z' }],
      });
      // An immediate purchase cuts the order in effect: the lane shows both of its parts.
      await callCs(app, CS.buy, { iotId: DEVICES.inEffect, userName: 'z', commodityCode: 'ilopLVCloudResource', specification: 'eventResource_1', copies: 1, immediateUse: true });
      const after = (await app.inject({ method: 'GET', url: `/__admin/devices/${DEVICES.inEffect}` })).json();
      const cut = after.lanes[0].orders.find((o: { orderId: string }) => o.orderId === CS_ORDERS.inEffect);
      expect(cut.periods).toEqual([
        { start: '2024-11-05T02:00:00.000Z', end: '2024-11-15T02:00:00.000Z' },
        { start: '2024-12-15T02:00:00.000Z', end: '2025-01-04T02:00:00.000Z' },
      ]);
      const frozen = (await app.inject({ method: 'GET', url: `/__admin/devices/${DEVICES.frozen}` })).json();
      expect(frozen.lanes[0].orders[0]).toMatchObject({ orderId: CS_ORDERS.frozen, frozen: true, status: 2 });
    } finally {
      await app.close();
    }
  });
});
