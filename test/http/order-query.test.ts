import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { call, DEVICES, testApp } from '../support/api.js';
import { expectBusinessError, expectOrderShape, ORDERS, PATHS } from '../support/family.js';

/** The queue device's fixture orders, newest first by creation time. */
const NEWEST_FIRST = [ORDERS.queueUnpaid, ORDERS.queueWaiting2, ORDERS.queueWaiting1, ORDERS.queueCurrent, ORDERS.queueExpired];

describe('order/query', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await testApp();
  });
  afterAll(() => app.close());

  const query = (params: Record<string, unknown>) => call(app, PATHS.query, { iotId: DEVICES.queue, ...params });

  it('lists the device\'s orders newest first, with defaults pageNo 1 and pageSize 20', async () => {
    const res = await query({});
    expect(res.body_).toMatchObject({ code: 200, message: null, localizedMsg: null });
    const data = res.body_.data;
    expect(Object.keys(data)).toEqual(['pageNo', 'pageSize', 'pageCount', 'total', 'orderList']);
    expect(data).toMatchObject({ pageNo: 1, pageSize: 20, pageCount: 1, total: 5 });
    expect(data.orderList.map((o: { orderId: string }) => o.orderId)).toEqual(NEWEST_FIRST);
    for (const order of data.orderList) {
      expectOrderShape(order);
      expect(order.iotId).toBe(DEVICES.queue);
    }
    expect(data.orderList.map((o: { status: number }) => o.status)).toEqual([0, 0, 0, 0, 1]);
  });

  it('treats pageNo 0 and 1 as the first page and echoes the effective page', async () => {
    const zero = await query({ pageNo: 0, pageSize: 2 });
    const one = await query({ pageNo: 1, pageSize: 2 });
    expect(zero.body_.data).toEqual(one.body_.data);
    expect(zero.body_.data).toMatchObject({ pageNo: 1, pageSize: 2, pageCount: 3, total: 5 });
  });

  it('takes pageNo and pageSize as numbers or numeric strings', async () => {
    const asStrings = await query({ pageNo: '2', pageSize: '2' });
    const asNumbers = await query({ pageNo: 2, pageSize: 2 });
    expect(asStrings.body_.data).toEqual(asNumbers.body_.data);
    expect(asNumbers.body_.data).toMatchObject({ pageNo: 2, pageSize: 2, pageCount: 3, total: 5 });
    expect(asNumbers.body_.data.orderList.map((o: { orderId: string }) => o.orderId)).toEqual(NEWEST_FIRST.slice(2, 4));
  });

  it('answers the last, partial page and an empty list past the end with the right totals', async () => {
    const last = await query({ pageNo: 3, pageSize: 2 });
    expect(last.body_.data.orderList.map((o: { orderId: string }) => o.orderId)).toEqual([ORDERS.queueExpired]);
    const past = await query({ pageNo: 9, pageSize: 2 });
    expect(past.body_.data).toEqual({ pageNo: 9, pageSize: 2, pageCount: 3, total: 5, orderList: [] });
  });

  it('accepts pageSize 50 and refuses 51, 0, negative pages, fractions and non-numeric text with 460', async () => {
    expect((await query({ pageSize: 50 })).body_.data.pageSize).toBe(50);
    expect((await query({ pageSize: '50' })).body_.data.pageSize).toBe(50);
    expectBusinessError(await query({ pageSize: 51 }), 460, /params\.pageSize.*50/);
    expectBusinessError(await query({ pageSize: '51' }), 460, /params\.pageSize/);
    expectBusinessError(await query({ pageSize: 0 }), 460, /params\.pageSize/);
    expectBusinessError(await query({ pageNo: -1 }), 460, /params\.pageNo/);
    expectBusinessError(await query({ pageNo: 1.5 }), 460, /params\.pageNo/);
    expectBusinessError(await query({ pageNo: 'two' }), 460, /params\.pageNo/);
    expectBusinessError(await query({ pageSize: true }), 460, /params\.pageSize/);
  });

  it('takes null paging fields (as the Tea SDK sends them) as absent', async () => {
    expect((await query({ pageNo: null, pageSize: null })).body_.data).toMatchObject({ pageNo: 1, pageSize: 20, total: 5 });
  });

  it('answers an empty first page for a device without orders', async () => {
    const res = await call(app, PATHS.query, { iotId: DEVICES.empty });
    expect(res.body_.data).toEqual({ pageNo: 1, pageSize: 20, pageCount: 0, total: 0, orderList: [] });
  });

  it('answers 2063 for an unknown device, 403 for a forbidden one and 460 without iotId', async () => {
    expectBusinessError(await call(app, PATHS.query, { iotId: 'nope' }), 2063);
    expectBusinessError(await call(app, PATHS.query, { iotId: DEVICES.forbidden }), 403);
    expectBusinessError(await call(app, PATHS.query, {}), 460, /params\.iotId/);
  });
});
