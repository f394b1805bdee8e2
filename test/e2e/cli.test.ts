import { describe, expect, it } from 'vitest';
import { DOC_IOT_ID, DOC_USER_ID } from '../support/api.js';
import { freePort, runCli, startCli } from '../support/cli.js';

describe('the CLI as a process', () => {
  it('serves the documented request as the official SDKs send it', async () => {
    const port = await freePort();
    const { output, stop } = await startCli(['--port', String(port), '--now', '2024-11-15T02:00:00Z', '--seed', '3', '--log-level', 'warn']);
    expect(output()).toContain(`http://127.0.0.1:${port}`);
    expect(output()).toContain('curl -s -X POST');
    const body = JSON.stringify({
      id: '1509086454180',
      version: '1.0',
      request: { apiVer: '1.0.0' },
      params: { iotId: DOC_IOT_ID, commodityCode: 'streamingResource_20_10', copies: 1, userName: '158****8558', userId: DOC_USER_ID, immediateUse: false },
    });
    const res = await fetch(`http://127.0.0.1:${port}/vision/customer/streaming/order/create`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream; charset=utf-8', accept: 'application/json' },
      body: Buffer.from(body, 'utf8'),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json;charset=UTF-8');
    expect(res.headers.get('x-ca-request-id')).toMatch(/^[0-9A-F-]{36}$/);
    const json = (await res.json()) as any;
    expect(json.code).toBe(200);
    expect(json.message).toBeNull();
    expect(json.localizedMsg).toBeNull();
    expect(json.id).toMatch(/^[0-9a-f-]{36}$/);
    const d = json.data;
    expect(d.identityId).toBe(DOC_USER_ID);
    expect(d.orderId).toMatch(/^20241115100000\d{7}$/);
    expect(d.outOrderNo).toMatch(/^\d{15}$/);
    expect(d.commodityCode).toBe('streamingResource_20_10');
    expect(d.commodityName).toBe('视频设备分享增值服务(20人分享10人同时可看)月套餐');
    expect(d.copies).toBe(1);
    expect([d.startTime, d.endTime, d.startTimeUTC, d.endTimeUTC]).toEqual([
      '2024-11-15 10:00:00', '2024-12-15 10:00:00', '2024-11-15T02:00:00Z', '2024-12-15T02:00:00Z',
    ]);
    expect([d.status, d.paymentStatus, d.price, d.months]).toEqual([0, 0, '140', 1]);
    expect([d.userName, d.userId]).toEqual(['158****8558', DOC_USER_ID]);
    expect(await stop('SIGTERM')).toBe(0);
  });

  it('reads the fixtures folder from the environment and refuses an invalid one with the file named', async () => {
    // The exit code of invalid fixtures is cli-process.test.ts's; this one is about the variable being read.
    const { stderr } = await runCli(['--port', '0'], { env: { ALIYUN_MOCK_FIXTURES: '/nonexistent/fixtures' } });
    expect(stderr).toMatch(/\/nonexistent\/fixtures/);
  });
});
