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
const F = '/vision/customer/freecloudstorage';
const LOCAL = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;
const UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
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
  // 177884's request example is a Java snippet with placeholders (and a quote missing); these are its table's example values.
  { page: '177884', path: `${C}/commodity/check`, apiVer: '1.0.3',
    params: { iotId: 'QIuozfUcxRX6frOTO4dKz2****', commodityCode: 'ilopLV*****Resource', specification: 'e****Resource_7' },
    data: { available: true } },
  { page: '177885', path: `${C}/commodity/buy`, apiVer: '1.0.8',
    params: { iotId: 'QIuozfUcxRX6frOTO4dKz2****', userName: '1581053****', commodityCode: 'ilopLV*****Resource', specification: 'e****Resource_7', copies: 1, enableDefaultPlan: true, immediateUse: true, preRecordDuration: 5, recordDuration: 10, eventRecordProlong: true, maxRecordFileDuration: 1800, userId: '1581053****', deviceNoOwner: false },
    data: { orderId: expect.stringMatching(/^\d{21}$/) } },
  { page: '177891', path: `${C}/commodity/enable`, apiVer: '1.0.0', params: { iotId: 'value0', orderId: 'value1' },
    data: { commodityCode: 'ilopLVCloudResource', commodityType: 1, copies: 1, endTime: expect.any(Number), endTimeStr: expect.stringMatching(LOCAL), endTimeUTC: expect.stringMatching(UTC) } },
  { page: '177893', path: `${C}/transfer`, apiVer: '1.0.1',
    params: { srcIotId: 'QIuozfUcxRX6******dKz20000', srcOrderId: '202210141******030001', dstIotId: 'cvgIDouK5w6wA******cz20000', enableDefaultPlan: false, immediateUse: false, supportCrossIdentityTransfer: false, preRecordDuration: 5, recordDuration: 10, eventRecordProlong: false, userName: '1581053****', userId: '1581053****' },
    data: { orderId: '202210141******030001', iotId: 'cvgIDouK5w6wA******cz20000', userName: '1581053****', userId: '1581053****', status: 0 } },
  { page: '177867', path: `${F}/get`, apiVer: '1.0.1', params: { iotId: 'value0' },
    data: { lifecycle: 7, consumed: 0, months: 3, expired: 0, startTime: '', endTime: '', startTimeUTC: '', endTimeUTC: '', type: 2, remainQuota: 3 } },
  { page: '177889', path: `${F}/enable`, apiVer: '1.0.0', params: { iotId: 'value0' },
    data: { lifecycle: 7, consumed: 0, months: 3, expired: 0, startTime: '', endTime: '', startTimeUTC: '', endTimeUTC: '', type: 2 } },
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

/** The examples that cannot work as pasted answer as docs/cloud-storage.md says, and why. */
describe('the request examples that cannot work as pasted', () => {
  let app: FastifyInstance;
  beforeEach(async () => {
    app = await testApp();
  });
  afterEach(() => app.close());

  const paste = async (path: string, apiVer: string, params: Record<string, unknown>) => {
    const res = await app.inject({ method: 'POST', url: path, headers: { 'content-type': 'application/json' }, payload: { id: '1509086454180', version: '1.0', request: { apiVer }, params } });
    return { code: JSON.parse(res.body).code as number, detail: String(res.headers['x-mock-error-detail']) };
  };

  it('177878: its device\'s user already claimed the free plan, which 201345\'s example freezes and 177887\'s lists (once per user, 363074)', async () => {
    const consume = { iotId: 'QIuozfUcxRX6frOTO4dKz2****', enableDefaultPlan: true, immediateUse: true, preRecordDuration: 5, recordDuration: 10, quota: 3, eventRecordProlong: true };
    expect(await paste(`${F}/consume`, '1.0.4', consume)).toEqual({ code: 460, detail: expect.stringMatching(/already claimed/) });
    // The same request for a device whose user has not claimed (the README's example camera) answers 200.
    expect((await paste(`${F}/consume`, '1.0.4', { ...consume, iotId: 'bZGD54swRg******FkEs000101' })).code).toBe(200);
  });

  it('177884\'s Java snippet: "value1" / "value2" hold the place of a package code and are none (and the snippet does not compile as printed)', async () => {
    expect(await paste(`${C}/commodity/check`, '1.0.3', { iotId: 'value0', commodityCode: 'value1', specification: 'value2' })).toEqual({ code: 460, detail: expect.stringMatching(/no package "value1" \/ "value2"/) });
  });
});
