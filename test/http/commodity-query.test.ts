import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { call, testApp } from '../support/api.js';
import { expectBusinessError, PATHS } from '../support/family.js';

describe('commodity/query', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await testApp();
  });
  afterAll(() => app.close());

  it('lists every fixture package in the documented shape, field by field', async () => {
    const res = await call(app, PATHS.commodities, {});
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/json;charset=UTF-8');
    expect(res.body_).toMatchObject({ code: 200, message: null, localizedMsg: null });
    expect(res.body_.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const data = res.body_.data as Record<string, unknown>[];
    expect(data).toHaveLength(6);
    for (const pkg of data) {
      expect(Object.keys(pkg)).toEqual(['commodityName', 'commodityCode', 'months', 'quota', 'price']);
      expect(typeof pkg.commodityName).toBe('string');
      expect(typeof pkg.commodityCode).toBe('string');
      expect(Number.isInteger(pkg.months)).toBe(true);
      expect(Number.isInteger(pkg.quota)).toBe(true);
      expect(pkg.price).toMatch(/^\d+(\.\d+)?$/);
    }
    expect(data[0]).toEqual({ commodityName: '视频设备分享增值服务(20人分享10人同时可看)月套餐', commodityCode: 'streamingResource_20_10', months: 1, quota: 10, price: '140' });
    expect(data.map((p) => p.commodityCode)).toContain('streamingResource_120_6');
  });

  it('names every built-in package as Aliyun does: streamingResource_<share>_<watch at once>, quota the second number', async () => {
    const period: Record<number, string> = { 1: '月', 3: '季', 6: '半年', 12: '年' };
    const data = (await call(app, PATHS.commodities, {})).body_.data as { commodityCode: string; commodityName: string; months: number; quota: number }[];
    for (const pkg of data) {
      const [, share, watch] = /^streamingResource_(\d+)_(\d+)$/.exec(pkg.commodityCode) ?? [];
      expect(share, pkg.commodityCode).toBeDefined();
      expect(pkg.quota, pkg.commodityCode).toBe(Number(watch));
      expect(pkg.commodityName).toBe(`视频设备分享增值服务(${share}人分享${watch}人同时可看)${period[pkg.months]}套餐`);
    }
  });

  it('ignores params it does not know (the Go client sends "status":0)', async () => {
    const res = await call(app, PATHS.commodities, { status: 0, whatever: 'x' });
    expect(res.body_.code).toBe(200);
    expect(res.body_.data).toHaveLength(6);
  });

  it('answers 404 for an unknown apiVer and 460 without one', async () => {
    expectBusinessError(await call(app, PATHS.commodities, {}, { apiVer: '9.9.9' }), 404, /apiVer "9.9.9"/);
    const res = await app.inject({ method: 'POST', url: PATHS.commodities, payload: '{"params":{}}', headers: { 'content-type': 'application/json' } });
    expect(JSON.parse(res.body).code).toBe(460);
  });
});
