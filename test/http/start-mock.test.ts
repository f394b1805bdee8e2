import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMock, type MockServer } from '../../src/index.js';

describe('startMock', () => {
  let mock: MockServer;
  beforeAll(async () => {
    mock = await startMock({ now: '2024-11-15T02:00:00Z', seed: 42 });
  });
  afterAll(() => mock.close());

  it('listens on a free port of 127.0.0.1', () => {
    expect(mock.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(mock.url).not.toMatch(/:8080$/);
  });

  it('answers the API over a real socket', async () => {
    const res = await fetch(`${mock.url}/vision/customer/streaming/order/create`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream; charset=utf-8' },
      body: JSON.stringify({ id: '1', version: '1.0', request: { apiVer: '1.0.0' }, params: { iotId: 'bZGD54swRg******FkEs000101', commodityCode: 'streamingResource_20_10', copies: 2 } }),
    });
    const body = (await res.json()) as { code: number; data: { startTime: string; endTime: string } };
    expect(body.code).toBe(200);
    expect(body.data).toMatchObject({ startTime: '2024-11-15 10:00:00', endTime: '2025-01-15 10:00:00' });
  });

  it('gives the admin client of its control plane', async () => {
    expect(await mock.admin.health()).toEqual({ status: 'ok', now: '2024-11-15T02:00:00.000Z' });
    expect((await mock.admin.advanceClock('1d')).now).toBe('2024-11-16T02:00:00.000Z');
    await mock.admin.reset();
    expect((await mock.admin.clock()).now).toBe('2024-11-15T02:00:00.000Z');
  });

  it('hands the admin client the admin token', async () => {
    const guarded = await startMock({ adminToken: 'a-long-enough-admin-token' });
    try {
      expect((await guarded.admin.health()).status).toBe('ok');
      expect((await fetch(`${guarded.url}/__admin/clock`)).status).toBe(401);
    } finally {
      await guarded.close();
    }
  });

  it('runs two emulators side by side with their own worlds', async () => {
    const other = await startMock({ now: '2030-01-01T00:00:00Z' });
    try {
      expect(other.url).not.toBe(mock.url);
      expect((await other.admin.health()).now).toBe('2030-01-01T00:00:00.000Z');
      expect((await mock.admin.health()).now).toBe('2024-11-15T02:00:00.000Z');
    } finally {
      await other.close();
    }
    await expect(fetch(`${other.url}/__admin/health`)).rejects.toThrow();
  });

  it('gives each session its own orders and clock through mock.session(name)', async () => {
    const a = mock.session('start-mock-a');
    const b = mock.session('start-mock-b');
    const params = { iotId: 'Hk3m4NoP5qRs6TuVwXyZ000103', commodityCode: 'streamingResource_20_10', copies: 1 };
    expect((await a.call('/vision/customer/streaming/order/create', params)).body?.code).toBe(200);
    await b.admin.advanceClock('1d');
    const listA = await a.call<{ total: number }>('/vision/customer/streaming/order/query', { iotId: params.iotId });
    const listB = await b.call<{ total: number }>('/vision/customer/streaming/order/query', { iotId: params.iotId });
    expect([listA.body?.data?.total, listB.body?.data?.total]).toEqual([1, 0]);
    expect((await a.admin.clock()).now).toBe('2024-11-15T02:00:00.000Z');
    expect((await b.admin.clock()).now).toBe('2024-11-16T02:00:00.000Z');
    await Promise.all([a.drop(), b.drop()]);
  });
});
