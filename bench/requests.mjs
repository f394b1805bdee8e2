// The request bodies the scenarios send, built once before the load starts.
import { benchDevice, fixtureOrderId, LOADED_DEVICE } from './fixtures.mjs';
import { signedHeaders } from './sign.mjs';

export const CREATE = '/vision/customer/streaming/order/create';
export const GET = '/vision/customer/streaming/order/get';
export const QUERY = '/vision/customer/streaming/order/query';
const JSON_HEADERS = { 'content-type': 'application/json' };
const PACKAGES = ['streamingResource_20_10', 'streamingResource_5_1', 'streamingResource_60_3', 'streamingResource_120_6', 'streamingResource_240_12'];
/** An app of the built-in fixtures and its secret (fixtures/apps.json). */
export const SIGNING_APP = { appKey: '24000001', appSecret: 'mock-app-secret-home-cameras-0001' };

/** The request envelope around `params`. */
export function envelope(params, id = '1509086454180') {
  return JSON.stringify({ id, version: '1.0', request: { apiVer: '1.0.0', language: 'zh-CN' }, params });
}

const createParams = (i, iotId) => ({
  iotId,
  commodityCode: PACKAGES[i % PACKAGES.length],
  copies: 1 + (i % 3),
  userName: `bench user ${i % 97}`,
  userId: `50e5op6412259c0f11bench${String(i % 997).padStart(6, '0')}`,
  immediateUse: false,
});

/** Valid creates spread over `devices` bench devices (or all on one device). */
export function createRequests(devices, iotId) {
  return Array.from({ length: devices }, (_, i) => ({
    method: 'POST',
    path: CREATE,
    headers: JSON_HEADERS,
    body: envelope(createParams(i, iotId ?? benchDevice(i)), String(1509086454180 + i)),
  }));
}

/** Creates that each fail validation (code 460) for a different reason. */
export function invalidCreateRequests(devices) {
  const broken = [
    (p) => ({ ...p, copies: 0 }),
    (p) => ({ ...p, copies: 61 }),
    (p) => ({ ...p, copies: '2' }),
    (p) => ({ ...p, iotId: undefined }),
    (p) => ({ ...p, commodityCode: '' }),
    (p) => ({ ...p, immediateUse: 'yes' }),
    (p) => ({ ...p, commodityCode: 'streamingResource_unknown' }),
  ];
  return Array.from({ length: devices }, (_, i) => ({
    method: 'POST',
    path: CREATE,
    headers: JSON_HEADERS,
    body: envelope(broken[i % broken.length](createParams(i, benchDevice(i)))),
  }));
}

/** order/get of each of the first `orders` fixture orders of the loaded device. */
export function getRequests(orders) {
  return Array.from({ length: orders }, (_, i) => ({
    method: 'POST',
    path: GET,
    headers: JSON_HEADERS,
    body: envelope({ iotId: LOADED_DEVICE, orderId: fixtureOrderId(i) }),
  }));
}

/** order/query pages of the loaded device, the largest page size. */
export function queryRequests(orders, pageSize = 50) {
  const pages = Math.max(1, Math.ceil(orders / pageSize));
  return Array.from({ length: pages }, (_, i) => ({
    method: 'POST',
    path: QUERY,
    headers: JSON_HEADERS,
    body: envelope({ iotId: LOADED_DEVICE, pageNo: i + 1, pageSize }),
  }));
}

/** Valid creates over `devices` devices, each signed in advance (Aliyun 143207) with a timestamp of now. */
export function signedCreateRequests(devices) {
  const timestampMs = Date.now();
  return createRequests(devices).map((r) => ({
    ...r,
    headers: signedHeaders({ ...SIGNING_APP, path: r.path, body: r.body, timestampMs }),
  }));
}

/**
 * The signed creates as the signature gate sees them, for the in-process timings: Node hands the
 * server lower-cased header names and the body as a Buffer (raw-body parser); `world` is what the
 * gate reads of the request's world.
 */
export function gateRequests(world, devices = 1000) {
  return signedCreateRequests(devices).map((r) => ({
    method: r.method,
    url: r.path,
    path: r.path,
    query: '',
    headers: Object.fromEntries(Object.entries(r.headers).map(([k, v]) => [k.toLowerCase(), v])),
    body: Buffer.from(r.body),
    world,
    outcome: {},
  }));
}

/** Answered creates as the request log line reads them, for the in-process timings. */
export function loggedRequests(count = 1000) {
  return Array.from({ length: count }, (_, i) => ({
    id: `3E726E52-F4C0-4228-81A6-${String(i).padStart(12, '0')}`,
    url: CREATE,
    headers: {},
    outcome: { api: CREATE, iotId: `BenchCam${String(i).padStart(6, '0')}`, code: 200 },
  }));
}
