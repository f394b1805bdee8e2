import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { DEVICES, T0, testApp } from '../support/api.js';
import { signHeaders } from '../support/signer.js';
import { goJson } from '../support/go-json.js';

/**
 * The public Go client's 20 signed calls (dongjssd/aliyun_iotx_client), replayed from the bodies it
 * sends: omitempty drops zero values, "status" is always there (0 unless the call sets it), octet-stream,
 * HmacSHA256 over the raw bytes with an app whose signature is always checked.
 */
describe('the Go client\'s 20 calls, signed', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await testApp();
  });
  afterAll(() => app.close());

  let n = 0;
  async function goCall(path: string, apiVer: string, params: Record<string, unknown>) {
    const set = Object.fromEntries(Object.entries(params).filter(([, v]) => v !== '' && v !== 0 && v !== false && v !== undefined));
    const body = Buffer.from(goJson({ id: `17316360001234${String(n++).padStart(2, '0')}`, version: '1.0', request: { apiVer }, params: { status: 0, ...set } }), 'utf8');
    const { headers } = signHeaders({
      appKey: '24000003', appSecret: 'mock-app-secret-signed-only-0003', url: path, body,
      contentType: 'application/octet-stream; charset=utf-8', accept: 'application/json; charset=utf-8',
      algorithm: 'HmacSHA256', methodHeader: 'X-Ca-Signature-Method', timestamp: Date.parse(T0), capitalised: true,
    });
    const res = await app.inject({ method: 'POST', url: path, headers, payload: body });
    expect(res.statusCode, `${path}: ${String(res.headers['x-ca-error-message'])}`).toBe(200);
    const parsed = JSON.parse(res.body);
    expect(parsed, `${path}: ${String(res.headers['x-mock-error-detail'])}`).toMatchObject({ code: 200, message: null, localizedMsg: null });
    return parsed.data;
  }

  it('all answer 200 with the documented shapes', async () => {
    const S = '/vision/customer/streaming';
    const C = '/vision/customer/cloudstorage';
    const F = '/vision/customer/freecloudstorage';
    const token = await goCall('/cloud/token', '1.0.1', { grantType: 'project', res: 'a124Gnn1xW6TM2xK' });
    expect(token).toEqual({ cloudToken: expect.any(String), expireIn: 7200000 });
    expect((await goCall(`${S}/commodity/query`, '1.0.0', {}))[0]).toEqual({ commodityName: expect.any(String), commodityCode: expect.any(String), months: expect.any(Number), quota: expect.any(Number), price: expect.any(String) });
    const created = await goCall(`${S}/order/create`, '1.0.0', { iotId: DEVICES.doc, commodityCode: 'streamingResource_20_10', copies: 1, userName: '158****8558', userId: '', immediateUse: false });
    expect(created).toMatchObject({ price: '140', months: 1, paymentStatus: 0 });
    const orderId = created.orderId as string;
    expect((await goCall(`${S}/order/pay`, '1.0.0', { iotId: DEVICES.doc, orderId })).paymentStatus).toBe(1);
    expect((await goCall(`${S}/order/get`, '1.0.0', { iotId: DEVICES.doc, orderId })).iotId).toBe(DEVICES.doc);
    expect(await goCall(`${S}/order/query`, '1.0.0', { iotId: DEVICES.doc, pageNo: 0, pageSize: 20 })).toMatchObject({ pageNo: 1, total: 1 });
    expect((await goCall(`${S}/order/enable`, '1.0.0', { iotId: DEVICES.doc, orderId })).status).toBe(0);

    const packages = await goCall(`${C}/commodity/query`, '1.0.4', {});
    expect(Object.keys(packages[0])).toEqual(['commodityName', 'commodityCode', 'specification', 'recordType', 'price', 'lifecycle', 'months']);
    expect(packages[0].price).toMatch(/^\d+\.\d+$/);
    const pkg = { commodityCode: 'ilopLVCloudResource', specification: 'eventResource_7' };
    expect(await goCall(`${C}/commodity/check`, '1.0.3', { iotId: DEVICES.empty, ...pkg })).toEqual({ available: true });
    const bought = await goCall(`${C}/commodity/buy`, '1.0.8', { iotId: DEVICES.empty, userName: '1581053****', ...pkg, copies: 1, enableDefaultPlan: true, immediateUse: false, preRecordDuration: 5, recordDuration: 10, eventRecordProlong: true, maxRecordFileDuration: 1800 });
    const csOrder = bought.orderId as string;
    expect(await goCall(`${C}/order/get`, '1.0.6', { iotId: DEVICES.empty, orderId: csOrder })).toMatchObject({ orderId: csOrder, price: '15.0', status: 0 });
    expect((await goCall(`${C}/order/query`, '1.0.6', { iotId: DEVICES.empty, pageNo: 0, pageSize: 20 })).orderList[0].orderId).toBe(csOrder);
    const enabled = await goCall(`${C}/commodity/enable`, '1.0.0', { iotId: DEVICES.empty, orderId: csOrder });
    expect(enabled.startTime % 1000).toBe(0);
    expect(enabled).toMatchObject({ startTimeStr: '2024-11-15 10:00:00', price: '15.0', commodityType: 2 });
    expect(await goCall(`${C}/transfer`, '1.0.1', { srcIotId: DEVICES.empty, srcOrderId: csOrder, dstIotId: DEVICES.inEffect, enableDefaultPlan: true, immediateUse: false })).toMatchObject({ orderId: csOrder, iotId: DEVICES.inEffect });
    expect(await goCall(`${C}/status/set`, '1.0.1', { iotId: DEVICES.inEffect, orderId: csOrder, status: 2 })).toMatchObject({ status: 2, expired: 2 });

    expect(await goCall(`${F}/get`, '1.0.1', { iotId: DEVICES.doc })).toMatchObject({ consumed: 0, months: 3, remainQuota: 3, startTime: '' });
    expect(await goCall(`${F}/consume`, '1.0.4', { iotId: DEVICES.doc, enableDefaultPlan: false, immediateUse: false, preRecordDuration: 5, recordDuration: 10, quota: 1, eventRecordProlong: false })).toMatchObject({ consumed: 1, months: 1 });
    expect(await goCall(`${F}/enable`, '1.0.0', { iotId: DEVICES.doc })).toMatchObject({ consumed: 1, expired: 0 });
    expect(await goCall(`${F}/status/set`, '1.0.0', { iotId: DEVICES.doc, status: 2 })).toMatchObject({ consumed: 1, expired: 2 });
    expect(await goCall('/vision/customer/freestorage/quota/check', '1.0.0', { iotId: DEVICES.empty })).toBeNull();
    expect(n).toBe(20);
  });
});
