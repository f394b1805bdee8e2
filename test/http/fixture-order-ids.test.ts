import { describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { call, DEVICES } from '../support/api.js';
import { callCs, CS } from '../support/cloud-storage.js';

/** Every fixture order's orderId starts with its creation time, whatever instant the world starts at. */
describe('fixture orderIds start with their creation time', () => {
  /** yyyyMMddHHmmss of a wire "yyyy-MM-dd HH:mm:ss". */
  const compact = (text: string) => text.replace(/\D/g, '');

  async function orderIdsAndStarts(options: Parameters<typeof buildApp>[0]) {
    const app = await buildApp({ seed: 1, ...options });
    try {
      const rows: Array<{ orderId: string; startTime: string }> = [];
      for (const iotId of [DEVICES.inEffect, DEVICES.empty, DEVICES.queue, DEVICES.frozen]) {
        for (const o of (await callCs(app, CS.query, { iotId, pageSize: 50 })).body_.data.orderList) rows.push({ orderId: o.orderId, startTime: o.startTime });
        for (const o of (await call(app, '/vision/customer/streaming/order/query', { iotId, pageSize: 50 })).body_.data.orderList) rows.push({ orderId: o.orderId, startTime: o.startTime });
      }
      return rows;
    } finally {
      await app.close();
    }
  }

  it.each([
    ['with --now 2024-11-15', { now: '2024-11-15T02:00:00Z' }],
    ['with --now 2023-03-01', { now: '2023-03-01T00:00:00Z' }],
    ['without --now (a running clock in 2026)', { realNow: () => Date.parse('2026-12-07T06:30:15.250Z') }],
  ])('%s: no order starts before the instant its id names', async (_name, options) => {
    const rows = await orderIdsAndStarts(options);
    expect(rows.length).toBeGreaterThan(10);
    for (const row of rows) expect(compact(row.startTime) >= row.orderId.slice(0, 14), `${row.orderId} starts ${row.startTime}`).toBe(true);
  });

  it('the free claim made 7 months ago on the shop camera is named for then: 2024-04-15 with --now 2024-11-15', async () => {
    const rows = await orderIdsAndStarts({ now: '2024-11-15T02:00:00Z' });
    expect(rows.map((r) => r.orderId)).toContain('202404151000001000104');
    const later = await orderIdsAndStarts({ realNow: () => Date.parse('2026-12-07T06:30:15.250Z') });
    expect(later.map((r) => r.orderId)).toContain('202605071430151000104');
  });
});
