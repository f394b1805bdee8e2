import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { DEVICES, DOC_USER_ID, testApp } from '../../support/api.js';
import { expectBusinessError, PROJECT } from '../../support/family.js';
import { callCs, CS, CS_ORDERS, CS_ORDER_KEYS, DEVICE_ERRORS, USERS } from '../../support/cloud-storage.js';

describe('cloudstorage/bind/order (457259)', () => {
  let app: FastifyInstance;
  let orderId: string;
  beforeEach(async () => {
    app = await testApp();
    // Bought before the camera had an administrator.
    const bought = await callCs(app, CS.buy, { iotId: DEVICES.doc, userName: 'shop', commodityCode: 'ilopLVCloudResource', specification: 'eventResource_7', copies: 1, deviceNoOwner: true });
    orderId = bought.body_.data.orderId;
  });
  afterEach(() => app.close());

  const bind = (params: Record<string, unknown>) => callCs(app, CS.bind, { iotId: DEVICES.doc, orderId, ...params });

  it('gives the order to the device\'s current administrator, answering the order/get fields', async () => {
    const res = await bind({ userName: '1581053****', userId: 'u-9', enableDefaultPlan: true, preRecordDuration: 5, recordDuration: 10, eventRecordProlong: false, maxRecordFileDuration: 1800 });
    expect(res.body_).toMatchObject({ code: 200, message: null, localizedMsg: null });
    expect(Object.keys(res.body_.data)).toEqual(CS_ORDER_KEYS);
    expect(res.body_.data).toMatchObject({ iotId: DEVICES.doc, identityId: DOC_USER_ID, orderId, userName: '1581053****', userId: 'u-9', status: 0, orderType: 0 });
    expect((await callCs(app, CS.get, { iotId: DEVICES.doc, orderId })).body_.data.identityId).toBe(DOC_USER_ID);
  });

  it('keeps userName and userId when they are not sent', async () => {
    expect((await bind({})).body_.data).toMatchObject({ userName: 'shop', userId: null });
  });

  it('follows a rebind of the device: the order goes to the new administrator', async () => {
    await app.inject({ method: 'PUT', url: `/__admin/devices/${DEVICES.doc}`, payload: { iotId: DEVICES.doc, projectId: PROJECT, identityId: USERS.wang } });
    expect((await bind({})).body_.data.identityId).toBe(USERS.wang);
  });

  it('refuses a frozen order, an unknown or another device\'s order with 460', async () => {
    expectBusinessError(await bind({ iotId: DEVICES.frozen, orderId: CS_ORDERS.frozen }), 460, /frozen/);
    expectBusinessError(await bind({ orderId: '202411050900001999999' }), 460, /no cloud-storage order/);
    expectBusinessError(await bind({ orderId: CS_ORDERS.inEffect }), 460, /belongs to device/);
  });

  it.each([
    ['iotId', undefined], ['orderId', undefined], ['orderId', ''], ['userName', 1], ['userId', true], ['enableDefaultPlan', 'y'],
    ['preRecordDuration', 6], ['recordDuration', -1], ['eventRecordProlong', 1], ['maxRecordFileDuration', 599], ['maxRecordFileDuration', 3601],
  ])('refuses %s = %j with 460 naming the field', async (field, value) => {
    expectBusinessError(await bind({ [field]: value }), 460, new RegExp(`params\\.${field}`));
  });

  it.each(DEVICE_ERRORS)('answers %s with its code', async (_what, iotId, code) => {
    expectBusinessError(await bind({ iotId }), code);
  });
});
