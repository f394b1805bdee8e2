/** Paths, fixture orders and shape checks shared by the tests of the 直播分享 family. */
import { expect } from 'vitest';
import { DEVICES } from './api.js';
import { CS, CS_ORDERS } from './cloud-storage.js';

export const PATHS = {
  token: '/cloud/token',
  commodities: '/vision/customer/streaming/commodity/query',
  create: '/vision/customer/streaming/order/create',
  pay: '/vision/customer/streaming/order/pay',
  get: '/vision/customer/streaming/order/get',
  query: '/vision/customer/streaming/order/query',
  enable: '/vision/customer/streaming/order/enable',
} as const;

/** The camera project of the fixtures, and the other vendor's. */
export const PROJECT = 'a124Gnn1xW6TM2xK';
export const OTHER_PROJECT = 'a124PetFeederPrj';

/** Fixture orders by their role (fixtures/orders.json). */
export const ORDERS = {
  /** inEffect device: paid monthly package that started 10 days ago. */
  inEffect: '202411051000001000001',
  /** queue device: expired 2 months ago. */
  queueExpired: '202406151000001000002',
  /** queue device: in effect since 20 days ago. */
  queueCurrent: '202410261000001000003',
  queueWaiting1: '202410271000001000004',
  queueWaiting2: '202410281000001000005',
  /** queue device: waiting and unpaid. */
  queueUnpaid: '202411141000001000006',
  /** frozen device: frozen by the platform. */
  frozen: '202410161000001000007',
} as const;

const CS_PACKAGE = { commodityCode: 'ilopLVCloudResource', specification: 'eventResource_7' };

/** Parameters that make each API (every family) answer code 200 on the built-in fixtures. */
export const GOOD_PARAMS: Record<string, Record<string, unknown>> = {
  [PATHS.token]: { grantType: 'project', res: PROJECT },
  [PATHS.commodities]: {},
  [PATHS.create]: { iotId: DEVICES.doc, commodityCode: 'streamingResource_20_10', copies: 1, userName: '158****8558', immediateUse: false },
  [PATHS.pay]: { iotId: DEVICES.queue, orderId: ORDERS.queueUnpaid },
  [PATHS.get]: { iotId: DEVICES.inEffect, orderId: ORDERS.inEffect },
  [PATHS.query]: { iotId: DEVICES.queue, pageNo: 1, pageSize: 10 },
  [PATHS.enable]: { iotId: DEVICES.queue, orderId: ORDERS.queueWaiting1 },
  [CS.commodities.path]: {},
  [CS.check.path]: { iotId: DEVICES.doc, ...CS_PACKAGE },
  [CS.buy.path]: { iotId: DEVICES.doc, userName: '1581053****', ...CS_PACKAGE, copies: 1, immediateUse: false, preRecordDuration: 5, recordDuration: 10, maxRecordFileDuration: 1800 },
  [CS.get.path]: { iotId: DEVICES.inEffect, orderId: CS_ORDERS.inEffect },
  [CS.query.path]: { iotId: DEVICES.queue, pageNo: '0', pageSize: '20' },
  [CS.enable.path]: { iotId: DEVICES.queue, orderId: CS_ORDERS.queueWaiting },
  [CS.transfer.path]: { srcIotId: DEVICES.inEffect, srcOrderId: CS_ORDERS.inEffect, dstIotId: DEVICES.empty, immediateUse: false },
  [CS.statusSet.path]: { iotId: DEVICES.queue, orderId: CS_ORDERS.queueCurrent, status: 2 },
  [CS.bind.path]: { iotId: DEVICES.queue, orderId: CS_ORDERS.queueWaiting, userName: '李娜' },
  [CS.freeGet.path]: { iotId: DEVICES.doc },
  [CS.freeConsume.path]: { iotId: DEVICES.doc, quota: 1 },
  [CS.freeEnable.path]: { iotId: DEVICES.doc },
  [CS.freeStatusSet.path]: { iotId: DEVICES.doc, status: 2 },
  [CS.quotaCheck.path]: { iotId: DEVICES.empty },
};

/** The fields of an order on the wire, in the documented order, plus iotId (get/query/pay/enable). */
export const ORDER_KEYS = [
  'identityId', 'orderId', 'outOrderNo', 'commodityName', 'commodityCode', 'copies', 'startTime', 'endTime',
  'startTimeUTC', 'endTimeUTC', 'status', 'paymentStatus', 'price', 'userName', 'userId', 'months', 'iotId',
];

/** Checks every field of an order's wire form: names, order and types. */
export function expectOrderShape(order: Record<string, unknown>): void {
  expect(Object.keys(order)).toEqual(ORDER_KEYS);
  expect(order.identityId).toEqual(expect.any(String));
  expect(order.orderId).toMatch(/^\d{21}$/);
  expect(order.outOrderNo).toMatch(/^\d{15}$/);
  expect(order.commodityName).toEqual(expect.any(String));
  expect(order.commodityCode).toEqual(expect.any(String));
  expect(Number.isInteger(order.copies)).toBe(true);
  expect(order.startTime).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
  expect(order.endTime).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
  expect(order.startTimeUTC).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
  expect(order.endTimeUTC).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
  expect([0, 1, 2]).toContain(order.status);
  expect([0, 1, 2]).toContain(order.paymentStatus);
  expect(order.price).toMatch(/^\d+(\.\d+)?$/);
  expect(order.userName === null || typeof order.userName === 'string').toBe(true);
  expect(order.userId === null || typeof order.userId === 'string').toBe(true);
  expect(Number.isInteger(order.months)).toBe(true);
  expect(order.iotId).toEqual(expect.any(String));
}

/** Checks a business error envelope: HTTP 200, the code, its message, data null, and a detail header. */
export function expectBusinessError(
  res: { statusCode: number; headers: Record<string, unknown>; body_: any },
  code: number,
  detail?: RegExp,
): void {
  expect(res.statusCode).toBe(200);
  expect(res.body_.code).toBe(code);
  expect(res.body_.message).toEqual(expect.any(String));
  expect(res.body_.localizedMsg).toEqual(expect.any(String));
  expect(res.body_.data).toBeNull();
  expect(res.headers['x-mock-error-detail']).toEqual(expect.any(String));
  if (detail) expect(res.headers['x-mock-error-detail']).toMatch(detail);
}

/** Epoch ms of a wire startTimeUTC / endTimeUTC. */
export const utcMs = (text: unknown): number => Date.parse(String(text));
