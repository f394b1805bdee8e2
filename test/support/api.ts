import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp, type BuildAppOptions } from '../../src/app.js';

/** The instant most tests freeze the clock at: 2024-11-15 10:00:00 in Shanghai. */
export const T0 = '2024-11-15T02:00:00.000Z';

/** The documented request example's device and user (help.aliyun.com 190252). */
export const DOC_IOT_ID = 'bZGD54swRg******FkEs000101';
export const DOC_USER_ID = '50e5op6412259c0f11*****0f57cd9326da8409';

/** Fixture devices by their role in the story. */
export const DEVICES = {
  doc: DOC_IOT_ID,
  inEffect: 'GJ8k2LmP9qRs4TuVwXyZ000102',
  empty: 'Hk3m4NoP5qRs6TuVwXyZ000103',
  queue: 'Qw9e8R7t6Y5u4I3o2P1a000104',
  forbidden: 'Zx1c2V3b4N5m6L7k8J9h000105',
  frozen: 'Fr0zEn1d2E3v4I5c6E7x000106',
  otherProject: 'PetF33d3rAaBbCcDdEeFf000107',
} as const;

/** An app on the built-in fixtures with a frozen clock and a seed, unless told otherwise. */
export function testApp(options: BuildAppOptions = {}): Promise<FastifyInstance> {
  return buildApp({ now: T0, seed: 42, ...options });
}

/** The envelope of an API call. */
export function envelope(params: Record<string, unknown>, request: Record<string, unknown> = {}, apiVer = '1.0.0') {
  return { id: '1509086454180', version: '1.0', request: { apiVer, ...request }, params };
}

export interface CallOptions {
  apiVer?: string;
  request?: Record<string, unknown>;
  headers?: Record<string, string>;
  contentType?: string;
}

/** POSTs an envelope to an API path and returns the response with its parsed body. */
export async function call(
  app: FastifyInstance,
  path: string,
  params: Record<string, unknown>,
  options: CallOptions = {},
): Promise<LightMyRequestResponse & { body_: any }> {
  const res = await app.inject({
    method: 'POST',
    url: path,
    headers: { 'content-type': options.contentType ?? 'application/json', ...options.headers },
    payload: JSON.stringify(envelope(params, options.request, options.apiVer)),
  });
  return Object.assign(res, { body_: res.body ? JSON.parse(res.body) : undefined });
}

/** POSTs a raw body (any bytes, any content type). */
export async function postRaw(app: FastifyInstance, path: string, payload: string | Buffer, contentType?: string) {
  const res = await app.inject({
    method: 'POST',
    url: path,
    headers: contentType === undefined ? {} : { 'content-type': contentType },
    payload,
  });
  return Object.assign(res, { body_: res.body ? JSON.parse(res.body) : undefined });
}

export const CREATE = '/vision/customer/streaming/order/create';
