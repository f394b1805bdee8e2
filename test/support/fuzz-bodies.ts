/**
 * Random and mutated request bodies for the fuzz test: envelopes with wrong types, huge numbers,
 * NaN-like strings, deep nesting, invalid UTF-8, duplicate and __proto__/constructor keys, empty
 * and binary bodies, under every content type. Deterministic for a seed.
 */
import fc from 'fast-check';
import { DEVICES } from './api.js';

/** Devices the fuzz may act on; every other device must come out unchanged. */
export const FUZZ_TARGETS = [DEVICES.empty, DEVICES.doc, DEVICES.forbidden, DEVICES.otherProject] as const;
/** Devices the fuzz never names: their state is compared before and after. */
export const PROTECTED = [DEVICES.queue, DEVICES.inEffect, DEVICES.frozen] as const;

export const API_PATHS = [
  '/vision/customer/streaming/order/create',
  '/vision/customer/streaming/order/create',
  '/vision/customer/streaming/order/create',
  '/vision/customer/streaming/commodity/query',
  '/vision/customer/streaming/order/pay',
  '/vision/customer/streaming/order/enable',
  '/vision/customer/streaming/order/get',
  '/vision/customer/streaming/order/query',
  '/cloud/token',
  '/nope',
  '/vision/customer/streaming/order/create/../create',
  '/vision/customer/streaming/order/create?x=1&x=2',
];

export const CONTENT_TYPES = [
  undefined,
  'application/json',
  'application/json; charset=utf-8',
  'application/octet-stream; charset=utf-8',
  'application/octet-stream',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=----x',
  'application/xml',
  'application/json; charset=latin1',
  'image/png',
  '*/*',
  'application/json;;;;',
  ';',
  'text/html; charset="utf-8"',
  'application/vnd.api+json',
];

const nanLike = fc.constantFrom('NaN', 'Infinity', '-Infinity', '1e999', '-0', '0x10', ' 1 ', '1_000', '١', 'null', 'undefined', 'true', '[]', '{}', '', '\u0000', '1.0', '+1', '01');
const hugeNumber = fc.constantFrom(1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, Number.MIN_SAFE_INTEGER - 2, 5e-324, -0, 2 ** 53, 1.5, 60.000001, 61, 0, -1);
const weird: fc.Arbitrary<unknown> = fc.oneof(
  fc.anything({ maxDepth: 2, maxKeys: 4, withNullPrototype: true }),
  nanLike,
  hugeNumber,
  fc.string({ maxLength: 40, unit: 'binary' }),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
);

const iotId = fc.oneof({ weight: 5, arbitrary: fc.constantFrom<string>(...FUZZ_TARGETS, 'unknownDevice000', '', '__proto__', 'constructor') }, { weight: 1, arbitrary: weird });
const params = fc.oneof(
  { weight: 6, arbitrary: fc.record(
    {
      iotId,
      commodityCode: fc.oneof(fc.constantFrom('streamingResource_5_1', 'streamingResource_20_10', 'streamingResource_240_12', 'nope', ''), weird),
      copies: fc.oneof(fc.integer({ min: -2, max: 62 }), hugeNumber, weird),
      immediateUse: fc.oneof(fc.boolean(), weird),
      userName: fc.oneof(fc.string({ maxLength: 20 }), weird),
      userId: fc.oneof(fc.string({ maxLength: 20 }), weird),
      orderId: fc.oneof(fc.stringMatching(/^\d{21}$/), weird),
      pageNo: fc.oneof(fc.integer({ min: -1, max: 3 }), nanLike, weird),
      pageSize: fc.oneof(fc.integer({ min: -1, max: 60 }), nanLike, weird),
      status: fc.constant(0),
    },
    { requiredKeys: [] },
  ) },
  { weight: 1, arbitrary: weird },
);

const envelope = fc.record(
  {
    id: fc.oneof(fc.string({ maxLength: 20 }), fc.integer(), weird),
    version: fc.oneof(fc.constant('1.0'), weird),
    request: fc.oneof(
      { weight: 5, arbitrary: fc.record(
        {
          apiVer: fc.oneof({ weight: 6, arbitrary: fc.constantFrom('1.0.0', '1.0.1', '9.9.9') }, { weight: 1, arbitrary: weird }),
          language: fc.oneof(fc.constantFrom('en-US', 'zh-CN'), weird),
          cloudToken: fc.oneof(fc.string({ maxLength: 30 }), weird),
          iotToken: weird,
        },
        { requiredKeys: [] },
      ) },
      { weight: 1, arbitrary: weird },
    ),
    params,
  },
  { requiredKeys: [] },
);

/** One request of the fuzz. */
export interface FuzzRequest {
  method: string;
  path: string;
  contentType: string | undefined;
  body: Buffer;
}

type Mutation = (text: string, rnd: (n: number) => number) => string | Buffer;

const MUTATIONS: Mutation[] = [
  (t) => t,
  (t) => t,
  (t) => t,
  // __proto__ and constructor keys, at the top and inside params.
  (t) => t.replace(/^\{/, '{"__proto__":{"polluted":true,"params":{"iotId":"x"}},'),
  (t) => t.replace('"params":{', '"params":{"__proto__":{"iotId":"' + PROTECTED[0] + '"},"constructor":{"prototype":{"polluted":1}},'),
  (t) => t.replace(/^\{/, '{"constructor":{"prototype":{"polluted":true}},'),
  // Duplicate keys: a protected device first, so the last (a fuzz target) wins as JSON.parse does.
  (t) => t.replace('"params":{', `"params":{"iotId":"${PROTECTED[1]}","iotId":"${FUZZ_TARGETS[0]}",`),
  (t) => t.replace(/^\{/, `{"params":{"iotId":"${PROTECTED[2]}","commodityCode":"nope"},`),
  // Deep nesting, as params and inside a field.
  (t, r) => `{"request":{"apiVer":"1.0.0"},"params":{"iotId":${'['.repeat(r(20_000))}${']'.repeat(r(20_000))}}}`,
  (t, r) => `{"params":${'{"a":'.repeat(r(5_000))}1${'}'.repeat(r(5_000))}}`,
  // Huge and odd numbers as raw text JSON.stringify would never write.
  (t) => t.replace(/"copies":[^,}]*/, '"copies":1e999'),
  (t) => t.replace(/"copies":[^,}]*/, '"copies":123456789012345678901234567890'),
  (t) => t.replace(/"copies":[^,}]*/, '"copies":-0.0e-0'),
  // Lone surrogates and control characters in escapes.
  (t) => t.replace('"params":{', '"params":{"userName":"\\ud800\\udfff\\ud800","userId":"\\u0000",'),
  // Truncation, byte flips, invalid UTF-8.
  (t, r) => t.slice(0, r(t.length + 1)),
  (t, r) => {
    const b = Buffer.from(t);
    for (let i = 0; i < 3 && b.length > 0; i++) b[r(b.length)] = r(256);
    return b;
  },
  (t, r) => {
    const b = Buffer.from(t);
    const at = r(b.length + 1);
    return Buffer.concat([b.subarray(0, at), Buffer.from([0xc3, 0x28, 0xff, 0xfe, 0xed, 0xa0, 0x80]), b.subarray(at)]);
  },
  // Empty, whitespace, and non-object JSON.
  () => '',
  () => ' \r\n\t ',
  (_t, r) => ['null', '[]', '1', '"x"', 'true', '{}', '{"params":null}', '{"params":[]}', '{"request":"1.0.0"}'][r(9)]!,
  // A byte-order mark in front.
  (t) => `\ufeff${t}`,
];

/** `count` requests, deterministic for `seed`. */
export function fuzzRequests(count: number, seed: number): FuzzRequest[] {
  const bodies = fc.sample(envelope, { numRuns: count, seed });
  const rng = fc.sample(fc.array(fc.nat(), { minLength: 8, maxLength: 8 }), { numRuns: count, seed: seed + 1 });
  return bodies.map((value, i) => {
    const ints = rng[i]!;
    let k = 0;
    const r = (n: number) => (n <= 0 ? 0 : ints[k++ % ints.length]! % n);
    let text: string;
    try {
      text = JSON.stringify(value) ?? '';
    } catch {
      text = '{}';
    }
    const kind = r(20);
    let body: Buffer;
    if (kind === 1 || kind === 2) {
      // A well-formed create on a fuzz target now and then, so the fuzz also changes state.
      const params = { iotId: FUZZ_TARGETS[r(FUZZ_TARGETS.length)], commodityCode: 'streamingResource_5_1', copies: 1 + r(60), immediateUse: r(2) === 0, status: 0 };
      const body = Buffer.from(JSON.stringify({ id: String(i), version: '1.0', request: { apiVer: '1.0.0', language: null }, params }));
      return { method: 'POST', path: API_PATHS[0]!, contentType: CONTENT_TYPES[r(CONTENT_TYPES.length)], body };
    }
    if (kind === 0) {
      // Pure binary noise.
      body = Buffer.from(fc.sample(fc.uint8Array({ maxLength: 300 }), { numRuns: 1, seed: seed + i })[0]!);
    } else {
      const mutated = MUTATIONS[r(MUTATIONS.length)]!(text, r);
      body = typeof mutated === 'string' ? Buffer.from(mutated) : mutated;
    }
    const method = r(40) === 0 ? ['GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'][r(5)]! : 'POST';
    return { method, path: API_PATHS[r(API_PATHS.length)]!, contentType: CONTENT_TYPES[r(CONTENT_TYPES.length)], body };
  });
}

/** Bodies around the 1 MiB limit: over it (413) and just under it with a 1 MiB-ish string. */
export function hugeRequests(limit: number): FuzzRequest[] {
  const path = '/vision/customer/streaming/order/create';
  const over = (pad: number) => Buffer.from(`{"request":{"apiVer":"1.0.0"},"params":{"iotId":"${FUZZ_TARGETS[0]}","userName":"${'x'.repeat(limit + pad)}"}}`);
  const under = (ch: string) => {
    const head = `{"request":{"apiVer":"1.0.0"},"params":{"iotId":"unknownDevice000","commodityCode":"streamingResource_5_1","copies":1,"userName":"`;
    const room = limit - Buffer.byteLength(head) - 10;
    return Buffer.from(head + ch.repeat(Math.floor(room / Buffer.byteLength(ch))) + '"}}');
  };
  return [
    ...[1, 100, 4096].map((pad) => ({ method: 'POST', path, contentType: 'application/json', body: over(pad) })),
    ...['x', '中', '\\"'].map((ch) => ({ method: 'POST', path, contentType: 'application/octet-stream; charset=utf-8', body: under(ch) })),
  ];
}
