import { describe, expect, it } from 'vitest';
import { startCli } from '../support/cli.js';

const START = ['--port', '0', '--log-level', 'silent', '--now', '2024-11-15T02:00:00Z'];

async function post(url: string, path: string, body: unknown) {
  const res = await fetch(url + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return (await res.json()) as { code: number; data: any };
}

const COMMODITIES = '/vision/customer/streaming/commodity/query';

describe('CLI options of the family', () => {
  it('--require-cloud-token refuses a call without a token and lets one with a fresh token through', async () => {
    const { url } = await startCli([...START, '--require-cloud-token']);
    expect((await post(url, COMMODITIES, { request: { apiVer: '1.0.0' }, params: {} })).code).toBe(401);
    const token = await post(url, '/cloud/token', { request: { apiVer: '1.0.1' }, params: { grantType: 'project', res: 'a124Gnn1xW6TM2xK' } });
    expect(token.code).toBe(200);
    const ok = await post(url, COMMODITIES, { request: { apiVer: '1.0.0', cloudToken: token.data.cloudToken }, params: {} });
    expect(ok.code).toBe(200);
  });

  it('ALIYUN_MOCK_PAYMENT_SETTLE_MS makes pay answer paying (2)', async () => {
    const { url } = await startCli(START, { env: { ALIYUN_MOCK_PAYMENT_SETTLE_MS: '60000' } });
    const iotId = 'Hk3m4NoP5qRs6TuVwXyZ000103';
    const created = await post(url, '/vision/customer/streaming/order/create', {
      request: { apiVer: '1.0.0' },
      params: { iotId, commodityCode: 'streamingResource_5_1', copies: 1 },
    });
    const paid = await post(url, '/vision/customer/streaming/order/pay', { request: { apiVer: '1.0.0' }, params: { iotId, orderId: created.data.orderId } });
    expect(paid.data.paymentStatus).toBe(2);
  });
});
