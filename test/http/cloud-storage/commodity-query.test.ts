import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { DEVICES, testApp } from '../../support/api.js';
import { expectBusinessError } from '../../support/family.js';
import { callCs, CS } from '../../support/cloud-storage.js';

describe('cloudstorage/commodity/query (177882)', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await testApp();
  });
  afterAll(() => app.close());

  it('lists event and continuous packages with lifecycles 1, 3, 7 and 30 days, monthly and yearly, every field as documented', async () => {
    const res = await callCs(app, CS.commodities, {});
    expect(res.body_).toMatchObject({ code: 200, message: null, localizedMsg: null });
    const list = res.body_.data as Record<string, unknown>[];
    expect(list).toHaveLength(16);
    for (const p of list) {
      expect(Object.keys(p)).toEqual(['commodityName', 'commodityCode', 'specification', 'recordType', 'price', 'lifecycle', 'months']);
      expect(p.commodityName).toEqual(expect.any(String));
      expect(p.price).toMatch(/^\d+\.\d+$/);
      expect(p.specification).toBe(`${p.recordType === 1 ? 'continuous' : 'event'}Resource_${p.lifecycle}`);
    }
    const combos = new Set(list.map((p) => `${p.recordType}/${p.lifecycle}/${p.months}`));
    for (const recordType of [1, 2]) for (const lifecycle of [1, 3, 7, 30]) for (const months of [1, 12]) {
      expect(combos.has(`${recordType}/${lifecycle}/${months}`), `${recordType}/${lifecycle}/${months}`).toBe(true);
    }
    expect(list.find((p) => p.specification === 'continuousResource_7' && p.months === 1)).toMatchObject({ commodityCode: 'ilopLVCloudResource', price: '35.0' });
    expect(list.find((p) => p.specification === 'continuousResource_7' && p.months === 12)).toMatchObject({ commodityCode: 'ilopLVCloudResourceYear', price: '350.0' });
  });

  it('does not list the package under the masked code 177884 and 177885 print, which check and buy accept', async () => {
    const masked = { commodityCode: 'ilopLV*****Resource', specification: 'e****Resource_7' };
    const list = (await callCs(app, CS.commodities, {})).body_.data as Record<string, unknown>[];
    expect(list.filter((p) => p.commodityCode === masked.commodityCode)).toEqual([]);
    expect((await callCs(app, CS.check, { iotId: DEVICES.doc, ...masked })).body_).toMatchObject({ code: 200, data: { available: true } });
    const bought = await callCs(app, CS.buy, { iotId: DEVICES.doc, userName: 'u', ...masked, copies: 2 });
    const order = (await callCs(app, CS.get, { iotId: DEVICES.doc, orderId: bought.body_.data.orderId })).body_.data;
    // The monthly event package kept 7 days, at its price, under the code it was bought by.
    expect(order).toMatchObject({ ...masked, recordType: 2, copies: 2, price: '30.0' });
  });

  it('ignores params it does not take (the PHP client sends iotId)', async () => {
    const res = await callCs(app, CS.commodities, { iotId: 'whatever', status: 0 });
    expect(res.body_.code).toBe(200);
  });

  it('answers 404 for an apiVer the API does not have, and 460 without one', async () => {
    expectBusinessError(await callCs(app, CS.commodities, {}, { apiVer: '1.0.0' }), 404, /1\.0\.4/);
    expectBusinessError(await callCs(app, CS.commodities, {}, { apiVer: '' }), 460);
  });
});
