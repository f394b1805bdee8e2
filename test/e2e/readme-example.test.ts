import { afterAll, beforeAll, expect, it } from 'vitest';
import { startMock, type MockServer } from 'aliyun-living-mock';

let mock: MockServer;
beforeAll(async () => {
  // A frozen clock and a seed make every answer, ids included, the same on every run.
  mock = await startMock({ now: '2024-11-15T02:00:00Z', seed: 42 });
});
afterAll(() => mock.close());

it('buys a live-streaming package', async () => {
  const res = await fetch(`${mock.url}/vision/customer/streaming/order/create`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      id: '1', version: '1.0', request: { apiVer: '1.0.0' },
      params: { iotId: 'bZGD54swRg******FkEs000101', commodityCode: 'streamingResource_20_10', copies: 2 },
    }),
  });
  const body = await res.json();
  expect(body.code).toBe(200);
  expect(body.data.startTime).toBe('2024-11-15 10:00:00');
  expect(body.data.endTime).toBe('2025-01-15 10:00:00');
  expect(await mock.admin.health()).toMatchObject({ status: 'ok' });
});
