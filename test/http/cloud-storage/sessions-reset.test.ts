/** The family's state follows each world: sessions do not share it, and reset brings back the fixtures. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { DEVICES, testApp } from '../../support/api.js';
import { callCs, CS } from '../../support/cloud-storage.js';

describe('cloud storage across sessions and reset', () => {
  let app: FastifyInstance;
  beforeEach(async () => {
    app = await testApp();
  });
  afterEach(() => app.close());

  const inSession = (session: string | undefined, api: { path: string; apiVer: string }, params: Record<string, unknown>) =>
    callCs(app, api, params, { headers: session === undefined ? {} : { 'x-mock-session': session } });
  const total = async (session: string | undefined) => (await inSession(session, CS.query, { iotId: DEVICES.doc })).body_.data.total;

  it('a purchase and a free claim in one session are invisible in another and in the default world', async () => {
    expect((await inSession('alpha', CS.buy, { iotId: DEVICES.doc, userName: 'a', commodityCode: 'ilopLVCloudResource', specification: 'eventResource_7', copies: 1 })).body_.code).toBe(200);
    expect((await inSession('alpha', CS.freeConsume, { iotId: DEVICES.doc })).body_.code).toBe(200);
    expect(await total('alpha')).toBe(2);
    expect(await total('beta')).toBe(0);
    expect(await total(undefined)).toBe(0);
    expect((await inSession('beta', CS.quotaCheck, { iotId: DEVICES.doc })).body_.code).toBe(200);
    expect((await inSession('alpha', CS.quotaCheck, { iotId: DEVICES.doc })).body_.code).toBe(460);
  });

  it('POST /__admin/reset brings back the fixtures: orders, queues and free claims', async () => {
    await callCs(app, CS.freeConsume, { iotId: DEVICES.doc });
    await callCs(app, CS.statusSet, { iotId: DEVICES.queue, orderId: '202410011000001000203', status: 2 });
    expect((await app.inject({ method: 'POST', url: '/__admin/reset', headers: { 'content-type': 'application/json' } })).statusCode).toBe(200);
    expect(await total(undefined)).toBe(0);
    expect((await callCs(app, CS.quotaCheck, { iotId: DEVICES.doc })).body_.code).toBe(200);
    expect((await callCs(app, CS.get, { iotId: DEVICES.queue, orderId: '202410011000001000203' })).body_.data.status).toBe(0);
  });
});
