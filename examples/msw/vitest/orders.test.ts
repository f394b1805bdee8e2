// A Vitest suite whose API calls are answered in process by the emulator (mock.ts, msw/node),
// with no server: `npx vitest run --config examples/msw/vitest/vitest.config.ts`.
import { expect, it } from 'vitest';
import { control } from './mock.js';

/** What the app under test would do: POST the envelope to the gateway. */
async function buy(iotId: string, headers: Record<string, string> = {}) {
  const res = await fetch('https://api.link.aliyun.com/vision/customer/streaming/order/create', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ request: { apiVer: '1.0.0' }, params: { iotId, commodityCode: 'streamingResource_20_10', copies: 1 } }),
  });
  return res.json();
}

it('buys a package for the documented device', async () => {
  const answer = await buy('bZGD54swRg******FkEs000101');
  expect(answer.code).toBe(200);
  expect(answer.data.startTime).toBe('2024-11-15 10:00:00');
});

it('shows the error a busy gateway gives', async () => {
  await control.addFault({ type: 'error', code: 503, match: { path: '/vision/customer/streaming/order/create' } });
  expect(await buy('bZGD54swRg******FkEs000101')).toMatchObject({ code: 503, data: null });
});

it('refuses a device that does not exist', async () => {
  expect((await buy('NoSuchDevice')).code).toBe(2063);
});
