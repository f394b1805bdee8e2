import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { call, CREATE, DEVICES, testApp } from '../support/api.js';
import { callCs, CS } from '../support/cloud-storage.js';

/** The common codes of help.aliyun.com 127995 that the emulator answers, with their documented text. */
describe('documented common codes', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await testApp();
  });
  afterAll(() => app.close());

  it('2066 "identityId is not manager": status/set of an order its device\'s administrator did not buy', async () => {
    const bought = await callCs(app, CS.buy, { iotId: DEVICES.doc, userName: 'u', commodityCode: 'ilopLVCloudResource', specification: 'eventResource_7', copies: 1, deviceNoOwner: true });
    const res = await callCs(app, CS.statusSet, { iotId: DEVICES.doc, orderId: bought.body_.data.orderId, status: 2 });
    expect(res.body_).toEqual({ id: expect.any(String), code: 2066, message: 'identityId is not manager', localizedMsg: '该用户不是设备的管理员', data: null });
    const en = await callCs(app, CS.statusSet, { iotId: DEVICES.doc, orderId: bought.body_.data.orderId, status: 2 }, { request: { language: 'en-US' } });
    expect(en.body_.localizedMsg).toBe("The user is not the device's administrator");
  });

  it('2065 "identityId and iotId not bound": transfer to another account\'s device', async () => {
    const res = await callCs(app, CS.transfer, { srcIotId: DEVICES.queue, srcOrderId: '202411101000001000204', dstIotId: DEVICES.empty });
    expect(res.body_).toEqual({ id: expect.any(String), code: 2065, message: 'identityId and iotId not bound', localizedMsg: '设备和账号未绑定', data: null });
  });

  it.each([
    [400, 'request error.', '请求错误'],
    [2000, 'param is invalid', '请求参数错误'],
    [2065, 'identityId and iotId not bound', '设备和账号未绑定'],
    [2066, 'identityId is not manager', '该用户不是设备的管理员'],
  ])('%i can be injected with x-mock-fault and answers its documented text', async (code, message, localizedMsg) => {
    const res = await call(app, CREATE, { iotId: DEVICES.doc, commodityCode: 'streamingResource_20_10', copies: 1 }, { headers: { 'x-mock-fault': `code=${code}` } });
    expect(res.body_).toEqual({ id: expect.any(String), code, message, localizedMsg, data: null });
  });

  it('an unknown code in x-mock-fault lists the catalogue\'s codes', async () => {
    const res = await call(app, CREATE, {}, { headers: { 'x-mock-fault': 'code=2067' } });
    expect(res.body_.code).toBe(460);
    expect(res.headers['x-mock-error-detail']).toMatch(/400, .*2000, 2063, 2065, 2066/);
  });
});
