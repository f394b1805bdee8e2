/** Paths, fixture orders and shape checks shared by the tests of the cloud-storage family. */
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import { call, type CallOptions } from './api.js';

const C = '/vision/customer/cloudstorage';
const F = '/vision/customer/freecloudstorage';

/** Each API's path and the apiVer its doc page states. */
export const CS = {
  commodities: { path: `${C}/commodity/query`, apiVer: '1.0.4' },
  check: { path: `${C}/commodity/check`, apiVer: '1.0.3' },
  buy: { path: `${C}/commodity/buy`, apiVer: '1.0.8' },
  get: { path: `${C}/order/get`, apiVer: '1.0.6' },
  query: { path: `${C}/order/query`, apiVer: '1.0.6' },
  enable: { path: `${C}/commodity/enable`, apiVer: '1.0.0' },
  transfer: { path: `${C}/transfer`, apiVer: '1.0.1' },
  statusSet: { path: `${C}/status/set`, apiVer: '1.0.1' },
  bind: { path: `${C}/bind/order`, apiVer: '1.0.0' },
  freeGet: { path: `${F}/get`, apiVer: '1.0.1' },
  freeConsume: { path: `${F}/consume`, apiVer: '1.0.4' },
  freeEnable: { path: `${F}/enable`, apiVer: '1.0.0' },
  freeStatusSet: { path: `${F}/status/set`, apiVer: '1.0.0' },
  quotaCheck: { path: '/vision/customer/freestorage/quota/check', apiVer: '1.0.0' },
} as const;

/** Calls a cloud-storage API at its documented apiVer unless told otherwise. */
export function callCs(app: FastifyInstance, api: { path: string; apiVer: string }, params: Record<string, unknown>, options: CallOptions = {}) {
  return call(app, api.path, params, { apiVer: api.apiVer, ...options });
}

/** Fixture cloud-storage orders by their role (src/families/cloud-storage/fixtures.ts). */
export const CS_ORDERS = {
  /** inEffect device: monthly event_7 package in effect since 10 days ago. */
  inEffect: '202411051000001000201',
  /** inEffect device: the free plan its user claimed 4 months ago, expired. */
  inEffectFree: '202407151000001000101',
  /** queue device: expired. */
  queueExpired: '202405151000001000202',
  /** queue device: yearly continuous_7 in effect since 45 days ago. */
  queueCurrent: '202410011000001000203',
  /** queue device: 2 months of continuous_30 waiting. */
  queueWaiting: '202411101000001000204',
  /** queue device: created, never paid (status 3). */
  queueUnpaid: '202411141000001000205',
  /** queue device: the free plan claimed 7 months ago. */
  queueFree: '202404151000001000104',
  /** frozen device: frozen. */
  frozen: '202410151000001000206',
  /** empty (hallway) device: two earlier owners' free orders. */
  emptyFreePet: '202401151000001000102',
  emptyFreeDoc: '202403151000001000103',
} as const;

/** Identities of the fixtures. */
export const USERS = {
  zhang: '50e9op7a1c31d2e4f5a6b7c8d9e0f1a2b3c4d5e6',
  li: '50f1op0b9a8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e',
  wang: '50f3op1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a',
  pet: '50f5op9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a',
} as const;

/** The fields of order/get and order/query entries, in the documented order (177886, 177887). */
export const CS_ORDER_KEYS = [
  'iotId', 'identityId', 'commodityCode', 'specification', 'copies', 'price', 'userName', 'userId', 'orderId', 'outOrderNo',
  'status', 'paymentStatus', 'recordType', 'orderType', 'startTime', 'endTime', 'startTimeUTC', 'endTimeUTC', 'preConsume',
];

/** The fields of status/set and transfer (177894, 177893). */
export const CS_STATE_KEYS = [
  'orderId', 'commodityCode', 'specification', 'copies', 'startTime', 'endTime', 'startTimeUTC', 'endTimeUTC', 'expired',
  'paymentStatus', 'price', 'commodityType', 'iotId', 'identityId', 'status', 'preConsume', 'outOrderNo', 'orderType', 'userName', 'userId',
];

/** The fields of the free plan (177867); enable drops remainQuota (177889). */
export const FREE_KEYS = ['type', 'lifecycle', 'months', 'consumed', 'startTime', 'endTime', 'expired', 'startTimeUTC', 'endTimeUTC', 'remainQuota'];

const LOCAL = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;
const UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

/** Checks every field of an order's wire form: names, order and types. */
export function expectCsOrderShape(order: Record<string, unknown>): void {
  expect(Object.keys(order)).toEqual(CS_ORDER_KEYS);
  expect(order.iotId).toEqual(expect.any(String));
  expect(order.identityId === null || typeof order.identityId === 'string').toBe(true);
  expect(order.commodityCode).toEqual(expect.any(String));
  expect(order.specification).toMatch(/^(event|continuous)Resource_\d+$/);
  expect(Number.isInteger(order.copies)).toBe(true);
  expect(order.price).toMatch(/^\d+(\.\d+)?$/);
  expect(order.userName === null || typeof order.userName === 'string').toBe(true);
  expect(order.userId === null || typeof order.userId === 'string').toBe(true);
  expect(order.orderId).toMatch(/^\d{21}$/);
  expect(order.outOrderNo).toMatch(/^\d{15}$/);
  expect([0, 1, 2, 3]).toContain(order.status);
  expect([0, 1, 2]).toContain(order.paymentStatus);
  expect([1, 2]).toContain(order.recordType);
  expect([0, 1]).toContain(order.orderType);
  expect(order.startTime).toMatch(LOCAL);
  expect(order.endTime).toMatch(LOCAL);
  expect(order.startTimeUTC).toMatch(UTC);
  expect(order.endTimeUTC).toMatch(UTC);
  expect(Number.isInteger(order.preConsume) && (order.preConsume as number) >= 0).toBe(true);
}

/** Every business error of an API whose params name a device: unknown (2063), forbidden, other project (403). */
export const DEVICE_ERRORS = [
  ['an unknown device', 'NoSuchDevice0000000000000', 2063],
  ['a device marked forbidden', 'Zx1c2V3b4N5m6L7k8J9h000105', 403],
] as const;
