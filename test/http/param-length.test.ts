import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import { ALL_OPERATIONS } from '../../src/families/table.js';
import { MAX_TEXT_PARAM } from '../../src/platform/params.js';
import { call, DEVICES, testApp } from '../support/api.js';

/** Each operation's params that take a string of some kind (text, a literal, an integer written as text). */
const STRING_PARAMS = ALL_OPERATIONS.flatMap((op) =>
  Object.entries((op.params as z.ZodObject).shape as Record<string, z.ZodType>)
    .filter(([, schema]) => ['1', 'project', 'x'].some((text) => schema.safeParse(text).success))
    .map(([param]) => ({ op, param })),
);

let app: FastifyInstance;
beforeAll(async () => {
  app = await testApp();
});
afterAll(() => app.close());

describe('every string param of every family is bounded by the one limit (platform/params.ts)', () => {
  it('finds the string params of both families', () => {
    const paths = new Set(STRING_PARAMS.map((s) => s.op.path));
    expect([...paths].some((p) => p.includes('/streaming/'))).toBe(true);
    expect([...paths].some((p) => p.includes('/cloudstorage/'))).toBe(true);
    expect(STRING_PARAMS.length).toBeGreaterThan(20);
  });

  it.each(STRING_PARAMS.map((s) => [`${s.op.path} ${s.op.apiVer} ${s.param}`, s] as const))('%s: 257 characters are a 460 naming the param', async (_name, { op, param }) => {
    const res = await call(app, op.path, { iotId: DEVICES.doc, [param]: '1'.repeat(MAX_TEXT_PARAM + 1) }, { apiVer: op.apiVer });
    expect(res.body_.code).toBe(460);
    expect(res.headers['x-mock-error-detail']).toMatch(new RegExp(`params\\.${param}: Too big: expected string to have <=${MAX_TEXT_PARAM} characters`));
  });

  it('a million-character userName on cloud commodity/buy is a 460 and no order is made', async () => {
    const buy = { iotId: DEVICES.doc, commodityCode: 'ilopLVCloudResource', specification: 'eventResource_7', copies: 1 };
    const apiVer = ALL_OPERATIONS.find((op) => op.path === '/vision/customer/cloudstorage/commodity/buy')!.apiVer;
    const query = (): Promise<number> =>
      call(app, '/vision/customer/cloudstorage/order/query', { iotId: DEVICES.doc, pageSize: 50 }, { apiVer: ALL_OPERATIONS.find((op) => op.path === '/vision/customer/cloudstorage/order/query')!.apiVer }).then(
        (r) => r.body_.data.total as number,
      );
    const before = await query();
    const res = await call(app, '/vision/customer/cloudstorage/commodity/buy', { ...buy, userName: 'u'.repeat(1_000_000) }, { apiVer });
    expect(res.body_).toMatchObject({ code: 460 });
    expect(res.headers['x-mock-error-detail']).toMatch(/params\.userName: .*256/);
    expect(res.body.length).toBeLessThan(2000);
    expect(await query()).toBe(before);
    expect((await call(app, '/vision/customer/cloudstorage/commodity/buy', { ...buy, userName: 'u'.repeat(256) }, { apiVer })).body_.code).toBe(200);
  });
});
