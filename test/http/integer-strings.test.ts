import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { call, CREATE, DEVICES, testApp } from '../support/api.js';
import { callCs, CS } from '../support/cloud-storage.js';

/**
 * Integers sent as strings of digits, as a public Java client sends copies ("copies":"1"), are read
 * as integers on every API of both families [model]; anything else that is not an integer stays a 460.
 */
describe('integer params sent as strings', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await testApp();
  });
  afterAll(() => app.close());

  const CREATE_PARAMS = { iotId: DEVICES.doc, commodityCode: 'streamingResource_20_10', userName: '158****8558' };
  const BUY_PARAMS = { iotId: DEVICES.empty, userName: '1581053****', commodityCode: 'ilopLVCloudResource', specification: 'eventResource_7' };

  it('order/create with "copies":"2" makes an order of 2 copies, as with 2', async () => {
    const res = await call(app, CREATE, { ...CREATE_PARAMS, copies: '2' });
    expect(res.body_.code, String(res.headers['x-mock-error-detail'])).toBe(200);
    expect(res.body_.data).toMatchObject({ copies: 2, price: '280', months: 2 });
  });

  it('commodity/buy with copies, durations and quota as strings', async () => {
    const res = await callCs(app, CS.buy, { ...BUY_PARAMS, copies: '1', preRecordDuration: '5', recordDuration: '10', maxRecordFileDuration: '1800' });
    expect(res.body_.code, String(res.headers['x-mock-error-detail'])).toBe(200);
    const got = await callCs(app, CS.get, { iotId: DEVICES.empty, orderId: res.body_.data.orderId });
    expect(got.body_.data).toMatchObject({ copies: 1 });
    const consumed = await callCs(app, CS.freeConsume, { iotId: DEVICES.doc, quota: '2' });
    expect(consumed.body_.data).toMatchObject({ consumed: 1, months: 2 });
  });

  it('order/query with pageSize "1" pages by one', async () => {
    const res = await callCs(app, CS.query, { iotId: DEVICES.queue, pageNo: '1', pageSize: '1' });
    expect(res.body_.data).toMatchObject({ pageNo: 1, pageSize: 1 });
    expect(res.body_.data.orderList).toHaveLength(1);
  });

  it.each(['1.5', 'abc', '', ' 1', '1 ', '1e2', '0x10', '99999999999999999999'])('refuses copies %j with 460 naming the field', async (copies) => {
    for (const res of [await call(app, CREATE, { ...CREATE_PARAMS, copies }), await callCs(app, CS.buy, { ...BUY_PARAMS, copies })]) {
      expect(res.body_).toMatchObject({ code: 460, data: null });
      expect(res.headers['x-mock-error-detail']).toMatch(/params\.copies/);
    }
  });

  it.each(['99999999999999999999999', 99999999999999999999999, '1e3', '-1'])('refuses cloud order/query pageNo %j with 460 naming the field, as streaming does', async (pageNo) => {
    const res = await callCs(app, CS.query, { iotId: DEVICES.queue, pageNo });
    expect(res.body_).toMatchObject({ code: 460, data: null });
    expect(res.headers['x-mock-error-detail']).toMatch(/params\.pageNo/);
  });

  it('keeps the documented range for a string: "61" copies is a 460', async () => {
    const res = await call(app, CREATE, { ...CREATE_PARAMS, copies: '61' });
    expect(res.body_.code).toBe(460);
    expect(res.headers['x-mock-error-detail']).toMatch(/params\.copies: expected an integer from 1 to 60/);
  });
});

describe('the Java client\'s two requests', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await testApp();
  });
  afterAll(() => app.close());

  /** The Java client's body: an id without dashes, params of strings, the apiVer it pins. */
  const javaCall = (path: string, apiVer: string, params: Record<string, unknown>) =>
    app.inject({
      method: 'POST',
      url: path,
      headers: { 'content-type': 'application/octet-stream; charset=utf-8', accept: 'application/json; charset=utf-8' },
      payload: Buffer.from(JSON.stringify({ id: '42f8c3b9a1d94c1e9e0b7d2f3a4b5c6d', version: '1.0', request: { apiVer }, params }), 'utf8'),
    });

  it('order/create with "copies":"1" answers 200', async () => {
    const res = await javaCall(CREATE, '1.0.0', { iotId: DEVICES.doc, commodityCode: 'streamingResource_20_10', copies: '1', immediateUse: false });
    expect(JSON.parse(res.body)).toMatchObject({ code: 200, data: { copies: 1, price: '140' } });
  });

  it('commodity/buy at apiVer 1.0.7 with "copies":"1" answers 200 with an orderId', async () => {
    const res = await javaCall(CS.buy.path, '1.0.7', { iotId: DEVICES.empty, userName: '1581053****', commodityCode: 'ilopLVCloudResource', specification: 'eventResource_7', copies: '1' });
    expect(JSON.parse(res.body)).toMatchObject({ code: 200, data: { orderId: expect.stringMatching(/^\d{21}$/) } });
  });
});
