import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { testApp } from '../support/api.js';

/**
 * Each page's request example, pasted as the page prints it (its envelope, its masked ids), against
 * the fields its documented answer shows. The devices, users and orders they name are fixtures.
 */
interface PageExample {
  page: string;
  path: string;
  apiVer: string;
  params: Record<string, unknown>;
  /** The fields of the documented answer's data that do not depend on the instant. */
  data: unknown;
}

const C = '/vision/customer/cloudstorage';
const EXAMPLES: PageExample[] = [
  { page: '363074', path: '/vision/customer/freestorage/quota/check', apiVer: '1.0.0', params: { iotId: 'bZGD54swRgqo8******s000101' }, data: null },
  { page: '177887', path: `${C}/order/query`, apiVer: '1.0.6', params: { iotId: 'QIuozfUcxRX6frOTO4dKz2****', pageNo: '0', pageSize: '20', deviceNoOwner: false },
    data: { pageNo: 0, pageSize: 20, pageCount: 1, total: 2, orderList: expect.any(Array) } },
  { page: '201345', path: '/vision/customer/freecloudstorage/status/set', apiVer: '1.0.0', params: { iotId: 'QIuozfUcxRX6frOTO4dKz2****', status: 2 },
    data: { lifecycle: 7, consumed: 1, months: 3, expired: 2, type: 2 } },
  { page: '457259', path: `${C}/bind/order`, apiVer: '1.0.0',
    params: { iotId: 'QIuozfUcxRX6frOTO4dKz2****', orderId: '202210131******040001', userName: '1581053****', userId: '1581053****', enableDefaultPlan: true, preRecordDuration: 5, recordDuration: 10, eventRecordProlong: false, maxRecordFileDuration: 1800 },
    data: { iotId: 'QIuozfUcxRX6frOTO4dKz2****', orderId: '202210131******040001', userName: '1581053****', userId: '1581053****' } },
  { page: '177886', path: `${C}/order/get`, apiVer: '1.0.6', params: { iotId: 'QIuozfUcxRX6frOTO4dK****', orderId: '20200731124115****', deviceNoOwner: false },
    data: { iotId: 'QIuozfUcxRX6frOTO4dK****', orderId: '20200731124115****', status: 0, paymentStatus: 1, orderType: 0 } },
  { page: '177894', path: `${C}/status/set`, apiVer: '1.0.1', params: { iotId: 'aD12ef8Kk****EiNJJ001082', orderId: '20221102165******0001', status: 0, deviceNoOwner: false },
    data: { orderId: '20221102165******0001', iotId: 'aD12ef8Kk****EiNJJ001082', status: 0, expired: 0 } },
  { page: '177882', path: `${C}/commodity/query`, apiVer: '1.0.4', params: {},
    data: expect.arrayContaining([expect.objectContaining({ recordType: 2, lifecycle: 7, months: 1, price: expect.stringMatching(/^\d+\.\d$/) })]) },
  { page: '190251', path: '/vision/customer/streaming/commodity/query', apiVer: '1.0.0', params: {},
    data: expect.arrayContaining([{ commodityName: '视频设备分享增值服务(20人分享10人同时可看)月套餐', commodityCode: 'streamingResource_20_10', months: 1, quota: 10, price: '140' }]) },
  { page: '190252', path: '/vision/customer/streaming/order/create', apiVer: '1.0.0',
    params: { iotId: 'bZGD54swRg******FkEs000101', commodityCode: 'streamingResource_20_10', copies: 1, userName: '158****8558', userId: '50e5op6412259c0f11*****0f57cd9326da8409', immediateUse: false },
    data: { identityId: '50e5op6412259c0f11*****0f57cd9326da8409', commodityCode: 'streamingResource_20_10', copies: 1, status: 0, paymentStatus: 0, price: '140', months: 1 } },
];

describe('the request examples of the pages, pasted as printed', () => {
  let app: FastifyInstance;
  beforeEach(async () => {
    app = await testApp();
  });
  afterEach(() => app.close());

  it.each(EXAMPLES.map((e) => [e.page, e.path, e] as const))('%s %s answers 200 with the fields its example shows', async (_page, path, example) => {
    const payload = `{\n  "id": "1509086454180",\n  "version": "1.0",\n  "request": {\n    "apiVer": "${example.apiVer}"\n  },\n  "params": ${JSON.stringify(example.params, null, 2)}\n}`;
    const res = await app.inject({ method: 'POST', url: path, headers: { 'content-type': 'application/json' }, payload });
    const body = JSON.parse(res.body);
    expect(body, String(res.headers['x-mock-error-detail'])).toMatchObject({ code: 200, message: null, localizedMsg: null });
    expect(body.data).toEqual(example.data === null ? null : expect.objectContaining({}));
    if (example.data === null) return;
    if (Array.isArray(body.data)) expect(body.data).toEqual(example.data);
    else expect(body.data).toMatchObject(example.data as Record<string, unknown>);
  });
});
