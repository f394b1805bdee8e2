import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { DEVICES, testApp } from '../support/api.js';
import { expectOrderShape, PATHS, PROJECT } from '../support/family.js';
import { goJson } from '../support/go-json.js';

/**
 * The body a Go client sends: its params struct marshals every omitempty field only when set
 * (so no immediateUse key when false, no pageNo 0) and always an extra "status":0; the whole
 * request is re-marshalled through a map, so keys come sorted; the id is a microsecond clock.
 */
function goSdkBody(apiVer: string, params: Record<string, unknown>): Buffer {
  const set = Object.fromEntries(Object.entries(params).filter(([, v]) => v !== '' && v !== 0 && v !== false && v !== undefined));
  return Buffer.from(goJson({ id: '1731636000123456', version: '1.0', request: { apiVer }, params: { ...set, status: 0 } }), 'utf8');
}

describe('flow: the whole family with the request bodies of a Go SDK', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await testApp();
  });
  afterAll(() => app.close());

  async function goCall(path: string, params: Record<string, unknown>, apiVer = '1.0.0') {
    const payload = goSdkBody(apiVer, params);
    const res = await app.inject({
      method: 'POST',
      url: path,
      headers: { 'content-type': 'application/octet-stream; charset=utf-8', accept: 'application/json; charset=utf-8' },
      payload,
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/json;charset=UTF-8');
    const body = JSON.parse(res.body);
    expect(body, `${path}: ${res.headers['x-mock-error-detail']}`).toMatchObject({ code: 200, message: null, localizedMsg: null });
    return body.data;
  }

  it('sends bodies the way the Go client does', () => {
    const text = goSdkBody('1.0.0', { iotId: 'x', copies: 1, immediateUse: false }).toString();
    expect(text).toBe('{"id":"1731636000123456","params":{"copies":1,"iotId":"x","status":0},"request":{"apiVer":"1.0.0"},"version":"1.0"}');
  });

  it('token, packages, create ×3, pay, get, query, enable', async () => {
    const iotId = DEVICES.doc;
    const token = await goCall(PATHS.token, { grantType: 'project', res: PROJECT }, '1.0.1');
    expect(token.expireIn).toBe(7200000);
    // The Go client carries the token in params (its request.cloudToken is commented out); params.cloudToken is not read.
    const cloudToken = token.cloudToken as string;

    const packages = await goCall(PATHS.commodities, { cloudToken });
    expect(packages.length).toBeGreaterThan(0);

    const create = (commodityCode: string, copies: number, immediateUse: boolean) =>
      goCall(PATHS.create, { cloudToken, iotId, commodityCode, copies, immediateUse, userName: '158****8558', userId: '' });
    const first = await create('streamingResource_20_10', 1, false);
    const second = await create('streamingResource_5_1', 2, false);
    const third = await create('streamingResource_1_1', 3, true);
    expect(first.startTime).toBe('2024-11-15 10:00:00');
    expect(second.startTime).toBe(first.endTime);
    expect(third.price).toBe('0.3');
    expect(third.userId).toBeNull();

    for (const order of [first, second, third]) {
      const paid = await goCall(PATHS.pay, { cloudToken, iotId, orderId: order.orderId });
      expectOrderShape(paid);
      expect(paid.paymentStatus).toBe(1);
    }

    const got = await goCall(PATHS.get, { cloudToken, iotId, orderId: second.orderId });
    expect(got).toMatchObject({ orderId: second.orderId, iotId, paymentStatus: 1, status: 0 });

    // pageNo 0 is omitted by omitempty: the first page.
    const page = await goCall(PATHS.query, { cloudToken, iotId, pageNo: 0, pageSize: 2 });
    expect(page).toMatchObject({ pageNo: 1, pageSize: 2, pageCount: 2, total: 3 });
    expect(page.orderList.map((o: { orderId: string }) => o.orderId)).toEqual([third.orderId, second.orderId]);

    const enabled = await goCall(PATHS.enable, { cloudToken, iotId, orderId: second.orderId });
    expect(enabled.startTime).toBe('2024-11-15 10:00:00');
    // second keeps its exact length (62 days, as placed from Dec 15); third, bought for now at this
    // same instant, had consumed nothing yet, so it moves whole behind second.
    expect(enabled.endTime).toBe('2025-01-16 10:00:00');
    const after = await goCall(PATHS.get, { cloudToken, iotId, orderId: third.orderId });
    expect(after.startTime).toBe(enabled.endTime);
  });
});
