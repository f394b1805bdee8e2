/**
 * The emulator's side of a drift check: two worlds holding the devices the check names, in the
 * two states the check's calls can meet on a real account, answering the same calls through the
 * whole emulator (buildApp, app.inject: the same bytes a client gets).
 *
 * - fresh: the devices hold no orders and their free trial is unclaimed;
 * - stocked: each device holds, in both families, an order in effect with a buyer's name and id
 *   and one without (a waiting unpaid 直播分享 order; a cloud-storage order bought for a device
 *   with no administrator, identityId null), and its free trial claimed.
 *
 * A field's schema is what the answers of both worlds with the target's code show, so a field
 * the emulator may answer as null, or as an empty string before a trial is claimed, is not
 * reported when the real service does the same.
 */
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../app.js';
import { loadFixtures } from '../fixtures/load.js';
import { validateFixtures } from '../fixtures/validate.js';
import type { Fixtures } from '../fixtures/schema.js';
import type { CheckStep, OrderFamily } from './sequence.js';

/** The project of the reference worlds when the check is given none (the token step is skipped then). */
const DEFAULT_PROJECT = 'DriftCheckReference';
/** The administrator of every device of the reference worlds. */
const OWNER = 'drift-check-reference-owner';
/** The buyer's name and id on the orders that carry them. */
const BUYER = { userName: 'drift-check', userId: 'drift-check-user' };
/** A cloud-storage package of the built-in ones, of the free trial's record type (event). */
const CLOUD_PACKAGE = { commodityCode: 'ilopLVCloudResource', specification: 'eventResource_7' };

/** One answer of a reference world: the HTTP status and the parsed envelope (null for a gateway error). */
export interface ReferenceAnswer {
  world: 'fresh' | 'stocked';
  status: number;
  body: Record<string, unknown> | null;
}

/** The reference worlds of one check. */
export interface Reference {
  /** The answers of both worlds to a step's call with these params; an order step is asked of each of the world's orders of that family on the device. */
  answer(step: CheckStep, params: Record<string, unknown>): Promise<ReferenceAnswer[]>;
  close(): Promise<void>;
}

const ORDER_QUERY: Record<OrderFamily, { path: string; apiVer: string; pageNo: number }> = {
  streaming: { path: '/vision/customer/streaming/order/query', apiVer: '1.0.0', pageNo: 1 },
  'cloud-storage': { path: '/vision/customer/cloudstorage/order/query', apiVer: '1.0.6', pageNo: 0 },
};

/** The fixtures of the reference worlds: the built-in packages, one project, one administrator, the named devices, no orders. */
export function referenceFixtures(iotIds: readonly string[], projectId: string = DEFAULT_PROJECT): Fixtures {
  const builtIn = loadFixtures();
  const fixtures = validateFixtures({
    packages: builtIn.packages,
    projects: [{ projectId, name: 'drift check reference' }],
    identities: [{ identityId: OWNER, userName: BUYER.userName }],
    apps: [],
    devices: iotIds.map((iotId) => ({ iotId, projectId, identityId: OWNER })),
    orders: [],
  });
  // The family's file with no orders and no claims: its built-in packages and free plan, nothing else.
  return { ...fixtures, families: { 'cloud-storage': {} } };
}

async function post(app: FastifyInstance, path: string, apiVer: string, params: Record<string, unknown>): Promise<{ status: number; body: Record<string, unknown> | null }> {
  const res = await app.inject({
    method: 'POST',
    url: path,
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify({ id: '1', version: '1.0', request: { apiVer }, params }),
  });
  return { status: res.statusCode, body: res.body === '' ? null : (JSON.parse(res.body) as Record<string, unknown>) };
}

/** Calls that must succeed while a reference world is stocked; the data of the answer. */
async function must(app: FastifyInstance, path: string, apiVer: string, params: Record<string, unknown>): Promise<Record<string, unknown>> {
  const res = await post(app, path, apiVer, params);
  if (res.body?.code !== 200) throw new Error(`drift check reference: ${path} answered ${JSON.stringify(res.body)} while stocking the reference world`);
  return res.body.data as Record<string, unknown>;
}

/** Gives each device of the stocked world its orders of both families and a claimed trial, through the API. */
async function stock(app: FastifyInstance, iotIds: readonly string[], streamingCode: string): Promise<void> {
  const S = '/vision/customer/streaming/order';
  for (const iotId of iotIds) {
    const paid = await must(app, `${S}/create`, '1.0.0', { iotId, commodityCode: streamingCode, copies: 1, immediateUse: true, ...BUYER });
    await must(app, `${S}/pay`, '1.0.0', { iotId, orderId: paid.orderId });
    await must(app, `${S}/create`, '1.0.0', { iotId, commodityCode: streamingCode, copies: 2 });
    const buy = '/vision/customer/cloudstorage/commodity/buy';
    await must(app, buy, '1.0.8', { iotId, ...CLOUD_PACKAGE, copies: 1, immediateUse: true, ...BUYER });
    await must(app, buy, '1.0.8', { iotId, ...CLOUD_PACKAGE, copies: 1, userName: BUYER.userName, deviceNoOwner: true });
    await must(app, '/vision/customer/freecloudstorage/consume', '1.0.4', { iotId, quota: 1 });
  }
}

/** The orderIds a reference world holds on a device in one family (newest first). */
async function orderIdsOf(app: FastifyInstance, family: OrderFamily, iotId: string): Promise<string[]> {
  const q = ORDER_QUERY[family];
  const res = await post(app, q.path, q.apiVer, { iotId, pageNo: q.pageNo, pageSize: 50 });
  const list = (res.body?.data as { orderList?: { orderId: string }[] } | null)?.orderList ?? [];
  return list.map((o) => o.orderId);
}

/** Builds the two reference worlds for these devices (and project). */
export async function createReference(iotIds: readonly string[], projectId?: string): Promise<Reference> {
  const fixtureData = referenceFixtures(iotIds, projectId);
  const fresh = await buildApp({ fixtureData, seed: 1 });
  const stocked = await buildApp({ fixtureData, seed: 2 });
  const worlds = [
    { name: 'fresh' as const, app: fresh },
    { name: 'stocked' as const, app: stocked },
  ];
  const streamingCode = fixtureData.packages[0]!.commodityCode;
  try {
    await stock(stocked, iotIds, streamingCode);
  } catch (err) {
    await Promise.all(worlds.map((w) => w.app.close()));
    throw err;
  }
  return {
    async answer(step, params) {
      const out: ReferenceAnswer[] = [];
      if (step.namesPackage) params = { ...params, commodityCode: streamingCode };
      for (const { name, app } of worlds) {
        const iotId = typeof params.iotId === 'string' ? params.iotId : undefined;
        const orderIds = step.orderFamily && iotId ? await orderIdsOf(app, step.orderFamily, iotId) : [undefined];
        for (const orderId of orderIds) {
          const res = await post(app, step.path, step.apiVer, orderId === undefined ? params : { ...params, orderId });
          out.push({ world: name, ...res });
        }
      }
      return out;
    },
    close: async () => void (await Promise.all(worlds.map((w) => w.app.close()))),
  };
}
