import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import { call, CREATE, DEVICES, DOC_IOT_ID, DOC_USER_ID, envelope, postRaw, testApp, T0 } from '../support/api.js';
import { allOrders, findOrderAnywhere, readOrdersOf, streamingStoreOf } from '../../src/families/streaming/store.js';

const DOC_PARAMS = {
  iotId: DOC_IOT_ID,
  commodityCode: 'streamingResource_20_10',
  copies: 1,
  userName: '158****8558',
  userId: DOC_USER_ID,
  immediateUse: false,
};
const UUID_LOWER = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const UUID_UPPER = /^[0-9A-F]{8}-[0-9A-F]{4}-4[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}$/;

let app: FastifyInstance;
beforeEach(async () => {
  app = await testApp();
});
afterEach(async () => {
  await app.close();
});

describe('order/create success', () => {
  it('answers the documented example with every documented field, in order, typed and formatted', async () => {
    const res = await call(app, CREATE, DOC_PARAMS);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/json;charset=UTF-8');
    expect(res.headers['x-ca-request-id']).toMatch(UUID_UPPER);
    expect(res.headers['access-control-allow-origin']).toBe('*');
    const body = res.body_;
    expect(Object.keys(body)).toEqual(['id', 'code', 'message', 'localizedMsg', 'data']);
    expect(body.id).toMatch(UUID_LOWER);
    expect(body.id).not.toBe('1509086454180');
    expect(body.id.toUpperCase()).not.toBe(res.headers['x-ca-request-id']);
    expect(body).toMatchObject({ code: 200, message: null, localizedMsg: null });
    const d = body.data;
    expect(Object.keys(d)).toEqual([
      'identityId', 'orderId', 'outOrderNo', 'commodityName', 'commodityCode', 'copies', 'startTime', 'endTime',
      'startTimeUTC', 'endTimeUTC', 'status', 'paymentStatus', 'price', 'userName', 'userId', 'months',
    ]);
    expect(d.identityId).toBe(DOC_USER_ID); // the device's administrator in the fixtures
    expect(d.orderId).toMatch(/^20241115100000\d{7}$/);
    expect(d.outOrderNo).toMatch(/^[1-9]\d{14}$/);
    expect(d.commodityName).toBe('视频设备分享增值服务(20人分享10人同时可看)月套餐');
    expect(d.commodityCode).toBe('streamingResource_20_10');
    expect(d.copies).toBe(1);
    expect(d.startTime).toBe('2024-11-15 10:00:00');
    expect(d.endTime).toBe('2024-12-15 10:00:00');
    expect(d.startTimeUTC).toBe('2024-11-15T02:00:00Z');
    expect(d.endTimeUTC).toBe('2024-12-15T02:00:00Z');
    expect(d.status).toBe(0);
    expect(d.paymentStatus).toBe(0);
    expect(d.price).toBe('140');
    expect(d.userName).toBe('158****8558');
    expect(d.userId).toBe(DOC_USER_ID);
    expect(d.months).toBe(1);
  });

  it('gives unique orderIds and outOrderNos', async () => {
    const seen = new Set<string>();
    const outs = new Set<string>();
    for (let i = 0; i < 50; i++) {
      const { body_ } = await call(app, CREATE, { ...DOC_PARAMS, iotId: DEVICES.empty });
      seen.add(body_.data.orderId);
      outs.add(body_.data.outOrderNo);
    }
    expect(seen.size).toBe(50);
    expect(outs.size).toBe(50);
  });

  it('echoes null for userName and userId when absent, and prices copies exactly', async () => {
    const { body_ } = await call(app, CREATE, { iotId: DEVICES.empty, commodityCode: 'streamingResource_1_1', copies: 3 });
    expect(body_.data.userName).toBeNull();
    expect(body_.data.userId).toBeNull();
    expect(body_.data.price).toBe('0.3');
    expect(body_.data.months).toBe(3);
  });

  it('queues after the order in effect, or starts now with immediateUse', async () => {
    const queued = (await call(app, CREATE, { iotId: DEVICES.inEffect, commodityCode: 'streamingResource_20_10', copies: 1 })).body_.data;
    expect(queued.startTime).toBe('2024-12-05 10:00:00'); // fixture order started now-10d for one month
    const now = (await call(app, CREATE, { iotId: DEVICES.inEffect, commodityCode: 'streamingResource_5_1', copies: 1, immediateUse: true })).body_.data;
    expect(now.startTime).toBe('2024-11-15 10:00:00');
    expect(now.endTime).toBe('2024-12-15 10:00:00');
  });

  it('starts now on a device whose only order is frozen', async () => {
    const { body_ } = await call(app, CREATE, { iotId: DEVICES.frozen, commodityCode: 'streamingResource_20_10', copies: 1 });
    expect(body_.data.startTime).toBe('2024-11-15 10:00:00');
  });

  it('ignores unknown fields and SDK noise (extra status, null request fields)', async () => {
    const res = await call(app, CREATE, { ...DOC_PARAMS, status: 0, extra: { nested: true } }, {
      request: { cloudToken: null, iotToken: null, language: null, locale: null, appKey: 'x' },
    });
    expect(res.body_.code).toBe(200);
  });

  it('round-trips Chinese text unchanged', async () => {
    const { body_ } = await call(app, CREATE, { ...DOC_PARAMS, userName: '张伟🙂（测试）' });
    expect(body_.data.userName).toBe('张伟🙂（测试）');
  });
});

describe('content types', () => {
  const body = JSON.stringify(envelope(DOC_PARAMS));
  for (const type of [
    'application/json',
    'application/json; charset=utf-8',
    'application/octet-stream',
    'application/octet-stream; charset=utf-8',
    'text/plain',
    'text/plain;charset=UTF-8',
  ]) {
    it(`accepts ${type}`, async () => {
      const res = await postRaw(app, CREATE, Buffer.from(body, 'utf8'), type);
      expect(res.statusCode).toBe(200);
      expect(res.body_.code).toBe(200);
      expect(res.body_.data.userName).toBe('158****8558');
    });
  }
  it('reads the body, not its label: a form body is no envelope (460) even under a JSON-like name', async () => {
    const res = await postRaw(app, CREATE, Buffer.from('id=1&version=1.0', 'utf8'), 'application/x-www-form-urlencoded');
    expect(res.statusCode).toBe(200);
    expect(res.body_.code).toBe(460);
  });
  it('accepts a body sent without a content type', async () => {
    const res = await postRaw(app, CREATE, body);
    expect(res.body_.code).toBe(200);
  });
  it('keeps UTF-8 Chinese intact when sent as octet-stream', async () => {
    const payload = Buffer.from(JSON.stringify(envelope({ ...DOC_PARAMS, userName: '李娜' })), 'utf8');
    const res = await postRaw(app, CREATE, payload, 'application/octet-stream; charset=utf-8');
    expect(res.body_.data.userName).toBe('李娜');
  });
});

describe('order/create errors', () => {
  const cases: Array<[string, Record<string, unknown>, number, RegExp]> = [
    ['missing iotId', { commodityCode: 'streamingResource_20_10', copies: 1 }, 460, /params\.iotId/],
    ['missing commodityCode', { iotId: DOC_IOT_ID, copies: 1 }, 460, /params\.commodityCode/],
    ['missing copies', { iotId: DOC_IOT_ID, commodityCode: 'streamingResource_20_10' }, 460, /params\.copies/],
    ['copies as a string of a fraction', { ...DOC_PARAMS, copies: '1.5' }, 460, /params\.copies/],
    ['copies 0', { ...DOC_PARAMS, copies: 0 }, 460, /params\.copies/],
    ['copies 61', { ...DOC_PARAMS, copies: 61 }, 460, /params\.copies/],
    ['copies 1.5', { ...DOC_PARAMS, copies: 1.5 }, 460, /params\.copies/],
    ['iotId as a number', { ...DOC_PARAMS, iotId: 101 }, 460, /params\.iotId/],
    ['immediateUse as a string', { ...DOC_PARAMS, immediateUse: 'true' }, 460, /params\.immediateUse/],
    ['userName as a number', { ...DOC_PARAMS, userName: 5 }, 460, /params\.userName/],
    ['unknown package', { ...DOC_PARAMS, commodityCode: 'nope' }, 460, /unknown package "nope"/],
    ['unknown device', { ...DOC_PARAMS, iotId: 'noSuchDevice' }, 2063, /no device "noSuchDevice"/],
    ['forbidden device', { ...DOC_PARAMS, iotId: DEVICES.forbidden }, 403, /forbidden/],
    ['a userName of 257 characters', { ...DOC_PARAMS, userName: 'u'.repeat(257) }, 460, /params\.userName: .*256/],
    ['a userId of a million characters', { ...DOC_PARAMS, userId: 'x'.repeat(1_000_000) }, 460, /params\.userId: .*256/],
    ['an iotId of 257 characters', { ...DOC_PARAMS, iotId: 'i'.repeat(257) }, 460, /params\.iotId: .*256/],
  ];
  const expected: Record<number, [string, string]> = {
    460: ['request parameter error.', '请求参数错误'],
    2063: ['iotId not exist', '设备不存在'],
    403: ['request forbidden.', '请求被禁止'],
  };
  for (const [name, params, code, detail] of cases) {
    it(`${name} → ${code} with the reason in x-mock-error-detail`, async () => {
      const res = await call(app, CREATE, params);
      expect(res.statusCode).toBe(200);
      expect(res.body_).toEqual({ id: expect.stringMatching(UUID_LOWER), code, message: expected[code]![0], localizedMsg: expected[code]![1], data: null });
      expect(res.headers['x-mock-error-detail']).toMatch(detail);
    });
  }

  const bodies: Array<[string, string]> = [
    ['malformed JSON', '{"id":"1","request":{"apiVer":"1.0.0"},"params":{'],
    ['an empty body', ''],
    ['a JSON array', '[{"params":{}}]'],
    ['a JSON string', '"hello"'],
    ['a JSON number', '42'],
    ['null', 'null'],
    ['params as an array', '{"request":{"apiVer":"1.0.0"},"params":[1,2]}'],
    ['request as a string', '{"request":"1.0.0","params":{}}'],
    ['no apiVer', '{"request":{},"params":{}}'],
  ];
  for (const [name, raw] of bodies) {
    it(`${name} → 460`, async () => {
      const res = await postRaw(app, CREATE, raw, 'application/json');
      expect(res.statusCode).toBe(200);
      expect(res.body_.code).toBe(460);
      expect(res.body_.data).toBeNull();
      expect(res.headers['x-mock-error-detail']).toBeTruthy();
    });
  }

  it('an unknown apiVer → 404 service not found', async () => {
    const res = await call(app, CREATE, DOC_PARAMS, { apiVer: '9.9.9' });
    expect(res.body_).toMatchObject({ code: 404, message: 'service not found.', localizedMsg: '服务未找到', data: null });
    expect(res.headers['x-mock-error-detail']).toMatch(/9\.9\.9/);
  });

  it('answers localizedMsg in English when request.language starts with en', async () => {
    const res = await call(app, CREATE, { ...DOC_PARAMS, copies: 0 }, { request: { language: 'en-US' } });
    expect(res.body_).toMatchObject({ code: 460, message: 'request parameter error.', localizedMsg: 'Request parameter error' });
  });

  it('creates nothing when it answers an error', async () => {
    await call(app, CREATE, { ...DOC_PARAMS, iotId: DEVICES.empty, copies: 61 });
    expect(readOrdersOf(streamingStoreOf(app.world), DEVICES.empty)?.count ?? 0).toBe(0);
  });
});

describe('gateway answers around the API', () => {
  it('an unknown path → 404 with an empty body and X-Ca-Error headers', async () => {
    const res = await app.inject({ method: 'POST', url: '/vision/customer/streaming/nope', payload: '{}' });
    expect(res.statusCode).toBe(404);
    expect(res.body).toBe('');
    expect(res.headers['x-ca-error-code']).toBe('I404NF');
    expect(res.headers['x-ca-error-message']).toBe('API not found');
    expect(res.headers['x-ca-request-id']).toMatch(UUID_UPPER);
  });
  it('a path with a bad % escape → the gateway 404, empty body, X-Ca-Error headers, journaled; under /__admin a JSON 400', async () => {
    for (const url of ['/vision/customer/streaming/order/%E0%A4%A', '/%zz', '/vision%']) {
      const res = await app.inject({ method: 'POST', url, payload: '{}' });
      expect(res.statusCode, url).toBe(404);
      expect(res.body).toBe('');
      expect(res.headers['x-ca-error-code']).toBe('I404NF');
      expect(res.headers['x-ca-request-id']).toMatch(UUID_UPPER);
      expect(res.headers['x-mock-error-detail']).toMatch(/not valid percent-encoding/);
      expect(res.headers['access-control-allow-origin']).toBe('*');
    }
    const journal = await app.inject({ method: 'GET', url: '/__admin/requests?code=I404NF' });
    expect(JSON.parse(journal.body).requests[0]).toMatchObject({ path: '/vision%', status: 404, gatewayError: 'I404NF' });
    const adminBad = await app.inject({ method: 'GET', url: '/__admin/devices/%zz' });
    expect(adminBad.statusCode).toBe(400);
    expect(JSON.parse(adminBad.body).error).toMatch(/not valid percent-encoding/);
  });
  it('GET on the API path → 405', async () => {
    const res = await app.inject({ method: 'GET', url: CREATE });
    expect(res.statusCode).toBe(405);
    expect(res.body).toBe('');
    expect(res.headers['x-ca-error-code']).toBe('I405UM');
  });
  it('a body over the limit → 413', async () => {
    const small = await buildApp({ now: T0, seed: 1, bodyLimit: 1024 });
    const res = await small.inject({ method: 'POST', url: CREATE, headers: { 'content-type': 'application/json' }, payload: 'x'.repeat(2048) });
    expect(res.statusCode).toBe(413);
    expect(res.body).toBe('');
    expect(res.headers['x-ca-error-code']).toBe('I413RL');
    await small.close();
  });
  it('answers the CORS preflight', async () => {
    const res = await app.inject({
      method: 'OPTIONS',
      url: CREATE,
      headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-ca-key' },
    });
    expect(res.statusCode).toBeLessThan(300);
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(res.headers['access-control-allow-methods']).toBe('GET, POST, PUT, DELETE, HEAD, OPTIONS, PATCH');
    expect(res.headers['access-control-max-age']).toBe('172800');
    expect(String(res.headers['access-control-allow-headers'])).toMatch(/X-Ca-Key/);
  });
});

describe('determinism', () => {
  it('the same fixtures, flags and requests give byte-identical bodies', async () => {
    const run = async () => {
      const a = await buildApp({ now: T0, seed: 7 });
      const bodies: string[] = [];
      for (const params of [DOC_PARAMS, { ...DOC_PARAMS, immediateUse: true }, { ...DOC_PARAMS, copies: 0 }]) {
        const res = await call(a, CREATE, params);
        bodies.push(res.body, String(res.headers['x-ca-request-id']));
      }
      await a.close();
      return bodies;
    };
    const first = await run();
    expect(await run()).toEqual(first);
  });
  it('a different seed gives different ids', async () => {
    const a = await buildApp({ now: T0, seed: 1 });
    const b = await buildApp({ now: T0, seed: 2 });
    const [ra, rb] = [await call(a, CREATE, DOC_PARAMS), await call(b, CREATE, DOC_PARAMS)];
    expect(ra.body_.data.orderId).not.toBe(rb.body_.data.orderId);
    await Promise.all([a.close(), b.close()]);
  });
  it('the zone is configurable', async () => {
    const utc = await buildApp({ now: T0, seed: 1, timezone: 'UTC' });
    const { body_ } = await call(utc, CREATE, DOC_PARAMS);
    expect(body_.data.startTime).toBe('2024-11-15 02:00:00');
    expect(body_.data.startTimeUTC).toBe('2024-11-15T02:00:00Z');
    expect(body_.data.orderId).toMatch(/^20241115020000/);
    await utc.close();
  });

  it('accepts a userName of 256 characters, the documented limit [model]', async () => {
    const res = await call(app, CREATE, { ...DOC_PARAMS, iotId: DEVICES.empty, userName: '名'.repeat(256) });
    expect(res.body_.code).toBe(200);
    expect(res.body_.data.userName).toHaveLength(256);
  });
});

describe('order/create near the end of the representable range', () => {
  it('answers 460 with how to get out once a period would end after 9999-12-31 23:59:59, in both modes, and never a five-digit year', async () => {
    const app = await testApp();
    // 60 copies of the 12-month package: 60 years an order, so about 133 orders reach the year 9999 from 2024.
    const yearly = (await call(app, '/vision/customer/streaming/commodity/query', {})).body_.data.find((p: { months: number }) => p.months === 12).commodityCode;
    let last: Awaited<ReturnType<typeof call>> | undefined;
    let accepted = 0;
    for (let i = 0; i < 200; i++) {
      last = await call(app, CREATE, { iotId: DEVICES.empty, commodityCode: yearly, copies: 60, immediateUse: i % 2 === 1 });
      if (last.body_.code !== 200) break;
      expect(last.body_.data.endTime).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
      accepted++;
    }
    expect(accepted).toBeGreaterThan(100);
    expect(last!.body_).toMatchObject({ code: 460, message: 'request parameter error.', data: null });
    expect(last!.headers['x-mock-error-detail']).toMatch(/after 9999-12-31 23:59:59.*Reset the device.*--synthetic-devices/);
    // Nothing of the refused call stayed: the device's orders all still end in four-digit years.
    const page = await call(app, '/vision/customer/streaming/order/query', { iotId: DEVICES.empty, pageSize: 50 });
    expect(page.body_.data.total).toBe(accepted);
    for (const o of page.body_.data.orderList) expect(o.endTime).toMatch(/^\d{4}-/);
    await app.close();
  });
});
