import { describe, expect, it } from 'vitest';
import { call, CREATE, DOC_IOT_ID, DOC_USER_ID, testApp } from '../support/api.js';

describe('order/create smoke', () => {
  it('answers the documented request example with code 200', async () => {
    const app = await testApp();
    const res = await call(app, CREATE, {
      iotId: DOC_IOT_ID,
      commodityCode: 'streamingResource_20_10',
      copies: 1,
      userName: '158****8558',
      userId: DOC_USER_ID,
      immediateUse: false,
    });
    expect(res.statusCode).toBe(200);
    expect(res.body_.code).toBe(200);
    expect(res.body_.data.startTime).toBe('2024-11-15 10:00:00');
    expect(res.body_.data.endTime).toBe('2024-12-15 10:00:00');
    await app.close();
  });
});
