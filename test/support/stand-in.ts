/**
 * A second emulator playing "the real service" for the drift check and record mode: signature
 * checking on, fixtures of its own (another project, app, devices, packages and prices), and
 * an optional test-only drift that rewrites its JSON answers before they leave, so the tests make
 * it differ from the emulator without editing the product.
 */
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import type { Fixtures } from '../../src/fixtures/schema.js';
import { validateFixtures } from '../../src/fixtures/validate.js';

/** The stand-in's app, project and devices. */
export const STAND_IN = {
  app: { appKey: '31000001', appSecret: 'stand-in-secret-31000001-do-not-print' },
  projectId: 'StandInPrj000001',
  devices: {
    /** Orders of both families, a claimed free trial. */
    busy: 'StandIn0Busy0Device000001',
    /** Nothing yet. */
    fresh: 'StandIn0Fresh0Device00002',
    /** Every call about it answers 403 (forbidden in the fixtures). */
    forbidden: 'StandIn0Forbid0Device0003',
  },
} as const;

const OWNER = 'stand-in-owner-identity-0001';

/** The stand-in's fixtures: nothing shared with the built-in ones but the cloud-storage packages. */
export function standInFixtures(): Fixtures {
  const { projectId, devices, app } = STAND_IN;
  const fixtures = validateFixtures({
    packages: [
      { commodityCode: 'streamingResource_10_2', commodityName: '视频设备分享增值服务(10人分享2人同时可看)月套餐', months: 1, quota: 2, price: '59.9' },
      { commodityCode: 'streamingResource_30_5', commodityName: '视频设备分享增值服务(30人分享5人同时可看)季套餐', months: 3, quota: 5, price: '299' },
    ],
    projects: [{ projectId, name: 'stand-in project' }],
    identities: [{ identityId: OWNER, userName: '赵敏' }],
    apps: [{ ...app, projectId, name: 'stand-in app' }],
    devices: [
      { iotId: devices.busy, projectId, identityId: OWNER },
      { iotId: devices.fresh, projectId, identityId: OWNER },
      { iotId: devices.forbidden, projectId, identityId: OWNER, forbidden: true },
    ],
    orders: [
      { orderId: '202411010930001000901', outOrderNo: '410000000000901', iotId: devices.busy, commodityCode: 'streamingResource_10_2', copies: 1, startTime: 'now-3d', createdAt: 'now-3d', paymentStatus: 1, userName: '赵敏', userId: 'stand-in-user-1' },
      { orderId: '202411020930001000902', outOrderNo: '410000000000902', iotId: devices.busy, commodityCode: 'streamingResource_30_5', copies: 1, createdAt: 'now-2d', paymentStatus: 0 },
    ],
  });
  return {
    ...fixtures,
    families: {
      'cloud-storage': {
        orders: [
          { orderId: '202410010900001000911', outOrderNo: '410000000000911', iotId: devices.busy, commodityCode: 'ilopLVCloudResource', specification: 'eventResource_3', copies: 1, startTime: 'now-5d', createdAt: 'now-5d', userName: '赵敏', userId: 'stand-in-user-1' },
        ],
        freeClaims: [
          { iotId: devices.busy, identityId: OWNER, orderId: '202409010900001000912', outOrderNo: '410000000000912', quota: 1, startTime: 'now-60d', createdAt: 'now-60d' },
        ],
      },
    },
  };
}

/** A test-only drift: the answer of an API path as the drifted service would send it (return the body unchanged for the rest). */
export type Drift = (path: string, body: Record<string, any>) => Record<string, any>;

/** A running stand-in. */
export interface StandIn {
  url: string;
  app: FastifyInstance;
  close(): Promise<void>;
}

/** Starts the stand-in on a free loopback port: --verify-signature, its own fixtures, its answers rewritten by `drift`. */
export async function startStandIn(options: { drift?: Drift; seed?: number; now?: string } = {}): Promise<StandIn> {
  const app = await buildApp({ verifySignature: true, fixtureData: standInFixtures(), seed: options.seed ?? 11, ...(options.now ? { now: options.now } : {}) });
  const { drift } = options;
  if (drift) {
    app.addHook('onSend', async (request, reply, payload) => {
      const type = String(reply.getHeader('content-type') ?? '');
      if (!type.startsWith('application/json') || request.url.startsWith('/__admin')) return payload;
      const text = Buffer.isBuffer(payload) ? payload.toString('utf8') : String(payload);
      return JSON.stringify(drift(request.url.split('?')[0]!, JSON.parse(text) as Record<string, any>));
    });
  }
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { url: `http://127.0.0.1:${port}`, app, close: () => app.close() };
}

const S = '/vision/customer/streaming';
const C = '/vision/customer/cloudstorage';

/** A plain client's POST (unsigned: the recorder signs what it forwards). */
export type Post = (path: string, apiVer: string, params: Record<string, unknown>, cloudToken?: string) => Promise<{ status: number; body: string }>;

export const over = (url: string): Post => async (path, apiVer, params, cloudToken) => {
  const res = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ id: '1', version: '1.0', request: { apiVer, ...(cloudToken ? { cloudToken } : {}) }, params }),
  });
  return { status: res.status, body: await res.text() };
};

/** A client's session: a cloud token, both package lists, each device's orders read by list and by id, its free trial, an unknown device, a wrong apiVer. */
export async function session(post: Post): Promise<string[]> {
  const seen: string[] = [];
  const call = async (path: string, apiVer: string, params: Record<string, unknown>, token?: string) => {
    const res = await post(path, apiVer, params, token);
    seen.push(`${res.status} ${path} ${res.body}`);
    return JSON.parse(res.body) as { code: number; data: any };
  };
  const token = (await call('/cloud/token', '1.0.1', { grantType: 'project', res: STAND_IN.projectId })).data.cloudToken as string;
  await call(`${S}/commodity/query`, '1.0.0', {}, token);
  await call(`${C}/commodity/query`, '1.0.4', {}, token);
  for (const iotId of [STAND_IN.devices.busy, STAND_IN.devices.fresh]) {
    const streaming = await call(`${S}/order/query`, '1.0.0', { iotId, pageNo: 1, pageSize: 20 }, token);
    for (const o of streaming.data.orderList) await call(`${S}/order/get`, '1.0.0', { iotId, orderId: o.orderId }, token);
    const cloud = await call(`${C}/order/query`, '1.0.6', { iotId, pageNo: 0, pageSize: 20 }, token);
    for (const o of cloud.data.orderList) await call(`${C}/order/get`, '1.0.6', { iotId, orderId: o.orderId }, token);
    await call('/vision/customer/freecloudstorage/get', '1.0.1', { iotId }, token);
    await call('/vision/customer/freestorage/quota/check', '1.0.0', { iotId }, token);
  }
  await call(`${S}/order/query`, '1.0.0', { iotId: 'NoSuchDevice', pageNo: 1 }, token);
  await call(`${S}/order/query`, '9.9.9', { iotId: STAND_IN.devices.busy }, token);
  return seen;
}
