import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { DEVICES, testApp } from '../../support/api.js';
import { expectBusinessError } from '../../support/family.js';
import { callCs, CS, CS_ORDERS, DEVICE_ERRORS, expectCsOrderShape } from '../../support/cloud-storage.js';

/** The shop camera's cloud-storage orders, newest first by creation time. */
const NEWEST_FIRST = [CS_ORDERS.queueUnpaid, CS_ORDERS.queueWaiting, CS_ORDERS.queueCurrent, CS_ORDERS.queueExpired, CS_ORDERS.queueFree];

describe('cloudstorage/order/query (177887)', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await testApp();
  });
  afterAll(() => app.close());

  const query = (params: Record<string, unknown>, apiVer?: string) => callCs(app, CS.query, { iotId: DEVICES.queue, ...params }, apiVer ? { apiVer } : {});
  const ids = (data: { orderList: { orderId: string }[] }) => data.orderList.map((o) => o.orderId);

  it('lists the device\'s orders newest first from page 0, 20 a page, with status 3 and orderType', async () => {
    const res = await query({});
    expect(res.body_).toMatchObject({ code: 200, message: null, localizedMsg: null });
    const data = res.body_.data;
    expect(Object.keys(data)).toEqual(['pageNo', 'pageSize', 'pageCount', 'total', 'orderList']);
    expect(data).toMatchObject({ pageNo: 0, pageSize: 20, pageCount: 1, total: 5 });
    expect(ids(data)).toEqual(NEWEST_FIRST);
    for (const order of data.orderList) {
      expectCsOrderShape(order);
      expect(order.iotId).toBe(DEVICES.queue);
    }
    expect(data.orderList.map((o: { status: number }) => o.status)).toEqual([3, 0, 0, 1, 1]);
    expect(data.orderList.map((o: { orderType: number }) => o.orderType)).toEqual([0, 0, 0, 0, 1]);
    // The yearly order in effect since 45 days: preConsume counts its seconds.
    expect(data.orderList[2].preConsume).toBe(45 * 86_400);
  });

  it('counts pages from 0 and echoes the page asked for', async () => {
    const first = await query({ pageNo: 0, pageSize: 2 });
    expect(first.body_.data).toMatchObject({ pageNo: 0, pageSize: 2, pageCount: 3, total: 5 });
    expect(ids(first.body_.data)).toEqual(NEWEST_FIRST.slice(0, 2));
    const second = await query({ pageNo: 1, pageSize: 2 });
    expect(ids(second.body_.data)).toEqual(NEWEST_FIRST.slice(2, 4));
    const last = await query({ pageNo: 2, pageSize: 2 });
    expect(ids(last.body_.data)).toEqual(NEWEST_FIRST.slice(4));
    const past = await query({ pageNo: 3, pageSize: 2 });
    expect(past.body_.data).toEqual({ pageNo: 3, pageSize: 2, pageCount: 3, total: 5, orderList: [] });
  });

  it('takes pageNo and pageSize as numbers or numeric strings (the doc types them String)', async () => {
    expect((await query({ pageNo: '1', pageSize: '2' })).body_.data).toEqual((await query({ pageNo: 1, pageSize: 2 })).body_.data);
  });

  it('serves apiVer 1.0.1 (PHP client, pageNo 0 pageSize 50) the same, and takes deviceNoOwner', async () => {
    const res = await query({ pageNo: 0, pageSize: 50, deviceNoOwner: false }, '1.0.1');
    expect(res.body_.data).toMatchObject({ pageNo: 0, pageSize: 50, total: 5 });
  });

  it('answers an empty list for a device with no cloud-storage orders', async () => {
    const res = await query({ iotId: DEVICES.doc });
    expect(res.body_.data).toEqual({ pageNo: 0, pageSize: 20, pageCount: 0, total: 0, orderList: [] });
  });

  it('lists orders made at one instant (a frozen clock) newest-made first', async () => {
    const other = await testApp();
    try {
      const buy = (specification: string) =>
        callCs(other, CS.buy, { iotId: DEVICES.doc, userName: 'u', commodityCode: 'ilopLVCloudResource', specification, copies: 1 });
      const first = (await buy('eventResource_1')).body_.data.orderId;
      const second = (await buy('eventResource_3')).body_.data.orderId;
      const third = (await buy('eventResource_7')).body_.data.orderId;
      const list = (await callCs(other, CS.query, { iotId: DEVICES.doc })).body_.data;
      expect(ids(list)).toEqual([third, second, first]);
    } finally {
      await other.close();
    }
  });

  it('accepts pageSize 50 and refuses 51, 0, negative pages, fractions and text with 460', async () => {
    expect((await query({ pageSize: 50 })).body_.data.pageSize).toBe(50);
    expectBusinessError(await query({ pageSize: 51 }), 460, /params\.pageSize.*50/);
    expectBusinessError(await query({ pageSize: 0 }), 460, /params\.pageSize/);
    expectBusinessError(await query({ pageNo: -1 }), 460, /params\.pageNo/);
    expectBusinessError(await query({ pageNo: 1.5 }), 460, /params\.pageNo/);
    expectBusinessError(await query({ pageSize: 'ten' }), 460, /params\.pageSize/);
    expectBusinessError(await query({ deviceNoOwner: 1 }), 460, /params\.deviceNoOwner/);
    expectBusinessError(await query({ iotId: undefined }), 460, /params\.iotId/);
  });

  it.each(DEVICE_ERRORS)('answers %s with its code', async (_what, iotId, code) => {
    expectBusinessError(await query({ iotId }), code);
  });
});
