/**
 * Contract tests with a real client: the npm package `aliyun-api-gateway` (HmacSHA256, x-ca-*
 * headers, throws on a non-2xx status) against the emulator listening on a real socket with
 * signature checking on for every request. Here: every API answers the real client, and a wrong
 * secret is refused with the very string-to-sign the client signed. Each other signature rule
 * (nonce, timestamp window, app key, HmacSHA1, Content-MD5, query string) has its home in
 * test/http/signature.test.ts, which checks its edges.
 */
import apiGateway from 'aliyun-api-gateway';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/runtime/server.js';
import { ALL_OPERATIONS } from '../../src/families/table.js';
import type { Operation } from '../../src/platform/operation.js';
import { DEVICES, envelope } from '../support/api.js';
import { GOOD_PARAMS, PATHS } from '../support/family.js';
import { APPS } from '../support/signer.js';
import { CS } from '../support/cloud-storage.js';

const { Client } = apiGateway;

/** Every API registered (at its first apiVer); GOOD_PARAMS makes each answer code 200 on the built-in fixtures. */
const EVERY_PATH: readonly Operation[] = ALL_OPERATIONS.filter((op, i) => ALL_OPERATIONS.findIndex((o) => o.path === op.path) === i);
/** APIs whose documented success carries data null. */
const DATA_NULL = new Set<string>([CS.quotaCheck.path]);

/** The client's error for a gateway refusal: status, X-Ca-Error-Code, X-Ca-Error-Message. */
async function refusal(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (err) {
    const e = err as Error & { code: number; data: { headers: Record<string, string> } };
    return { status: e.code, code: e.data.headers['x-ca-error-code'], message: e.message, headers: e.data.headers };
  }
  throw new Error('the client did not throw');
}

const CREATE = '/vision/customer/streaming/order/create';
const createBody = () => envelope(GOOD_PARAMS[CREATE]!);

describe('aliyun-api-gateway (npm) against the emulator, signature checking on', () => {
  let server: RunningServer;
  beforeAll(async () => {
    // The clock runs at real time: the client stamps X-Ca-Timestamp with its own clock.
    server = await startServer({ port: 0, host: '127.0.0.1', seed: 7, verifySignature: true });
  });
  afterAll(async () => {
    await server?.close();
  });

  /**
   * A fixture order's id starts with its creation time, which a running clock places relative to
   * now: the ids GOOD_PARAMS names (made at the tests' frozen instant) are found by the rest of the id.
   */
  async function runningClockIds(client: InstanceType<typeof Client>): Promise<Map<string, string>> {
    const ids = new Map<string, string>();
    const collect = (value: unknown): void => {
      if (Array.isArray(value)) value.forEach(collect);
      else if (value !== null && typeof value === 'object') {
        for (const [key, v] of Object.entries(value)) {
          if (key === 'orderId' && typeof v === 'string') ids.set(v.slice(14), v);
          else collect(v);
        }
      }
    };
    for (const iotId of [DEVICES.queue, DEVICES.inEffect]) {
      for (const [path, apiVer] of [[PATHS.query, undefined], [CS.query.path, CS.query.apiVer]] as const) {
        const answer = await client.post(`${server.url}${path}`, { data: envelope(path === PATHS.query ? { iotId, pageNo: 1, pageSize: 50 } : { iotId, pageNo: 0, pageSize: 20 }, {}, apiVer), headers: { accept: 'application/json' } });
        collect(answer.data);
      }
    }
    return ids;
  }

  it.each(EVERY_PATH.map((op) => [op.path, op] as const))('calls %s and gets code 200', async (path, op) => {
    const client = new Client(APPS.full.appKey, APPS.full.appSecret);
    const ids = await runningClockIds(client);
    const given = GOOD_PARAMS[path];
    expect(given, `add parameters for ${path} to GOOD_PARAMS`).toBeDefined();
    const params = Object.fromEntries(
      Object.entries(given!).map(([key, v]) => [key, /orderId$/i.test(key) && typeof v === 'string' ? (ids.get(v.slice(14)) ?? v) : v]),
    );
    const body = await client.post(`${server.url}${path}`, { data: envelope(params, {}, op.apiVer), headers: { accept: 'application/json' } });
    expect(body.code).toBe(200);
    if (DATA_NULL.has(path)) expect(body.data).toBeNull();
    else expect(body.data).not.toBeNull();
  });

  it('gets 400 and the Invalid Signature message with a wrong secret', async () => {
    // The client's own string-to-sign, captured where it signs, to cross-check the server's.
    let clientStringToSign = '';
    class CapturingClient extends Client {
      override sign(stringToSign: string): string {
        clientStringToSign = stringToSign;
        return super.sign(stringToSign);
      }
    }
    const client = new CapturingClient(APPS.full.appKey, 'not-the-secret');
    const r = await refusal(client.post(`${server.url}${CREATE}?b=2&a=1`, { data: createBody() }));
    expect(r.headers['x-ca-error-message']).toBe(`Invalid Signature, Server StringToSign:\`${clientStringToSign.replace(/\n/g, '#')}\``);
    expect(r.status).toBe(400);
    expect(r.code).toBe('A403IS');
    expect(r.message).toContain('error message: Invalid Signature, Server StringToSign:`POST#application/json#');
    expect(r.headers['x-ca-error-message']).toMatch(/#x-ca-key:24000001#x-ca-nonce:[0-9a-f-]{36}#x-ca-stage:RELEASE#x-ca-timestamp:\d+#\/vision\/customer\/streaming\/order\/create\?a=1&b=2`$/);
  });
});
