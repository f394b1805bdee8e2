/**
 * Contract tests with a real client: the npm package `aliyun-api-gateway` (HmacSHA256, x-ca-*
 * headers, throws on a non-2xx status) against the emulator listening on a real socket with
 * signature checking on for every request.
 */
import { createHmac } from 'node:crypto';
import apiGateway from 'aliyun-api-gateway';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server.js';
import { cloudOperations } from '../../src/services/cloud/handlers.js';
import { streamingOperations } from '../../src/services/streaming/operations.js';
import type { Operation } from '../../src/services/operation.js';
import { DEVICES, envelope, T0 } from '../support/api.js';
import { GOOD_PARAMS, PATHS } from '../support/family.js';
import { APPS } from '../support/signer.js';

const { Client } = apiGateway;

/** Every API registered (GOOD_PARAMS makes each answer code 200). */
const ALL_OPERATIONS: readonly Operation[] = [...streamingOperations, ...cloudOperations];

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

  it.each(ALL_OPERATIONS.map((op) => [op.path, op] as const))('calls %s and gets code 200', async (path, op) => {
    const client = new Client(APPS.full.appKey, APPS.full.appSecret);
    const params = GOOD_PARAMS[path];
    expect(params, `add parameters for ${path} to GOOD_PARAMS`).toBeDefined();
    const body = await client.post(`${server.url}${path}`, { data: envelope(params!, {}, op.apiVer), headers: { accept: 'application/json' } });
    expect(body.code).toBe(200);
    expect(body.data).not.toBeNull();
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

  it('gets Nonce Used when the same nonce is sent twice', async () => {
    const client = new Client(APPS.full.appKey, APPS.full.appSecret);
    const headers = { 'x-ca-nonce': 'contract-replayed-nonce' };
    const first = await client.post(`${server.url}${CREATE}`, { data: createBody(), headers });
    expect(first.code).toBe(200);
    const r = await refusal(client.post(`${server.url}${CREATE}`, { data: createBody(), headers }));
    expect(r).toMatchObject({ status: 400, code: 'A400NU' });
    expect(r.headers['x-ca-error-message']).toBe('Nonce Used');
  });

  it('gets Timestamp Expired for a timestamp 16 minutes old', async () => {
    const client = new Client(APPS.full.appKey, APPS.full.appSecret);
    const r = await refusal(client.post(`${server.url}${CREATE}`, { data: createBody(), headers: { 'x-ca-timestamp': Date.now() - 16 * 60 * 1000 } }));
    expect(r).toMatchObject({ status: 400, code: 'A400TE' });
    expect(r.headers['x-ca-error-message']).toBe('Timestamp Expired');
  });

  it('gets Invalid AppKey for a key that is no fixture app', async () => {
    const client = new Client('00000000', 'whatever');
    const r = await refusal(client.post(`${server.url}${CREATE}`, { data: createBody() }));
    expect(r).toMatchObject({ status: 400, code: 'A400IK' });
  });

  it('signs with HmacSHA1 when told to (X-Ca-Signature-Method)', async () => {
    class Sha1Client extends Client {
      override sign(stringToSign: string): string {
        return createHmac('sha1', this.appSecret).update(stringToSign, 'utf8').digest('base64');
      }
    }
    const client = new Sha1Client(APPS.full.appKey, APPS.full.appSecret);
    const body = await client.post(`${server.url}${CREATE}`, { data: createBody(), headers: { 'x-ca-signature-method': 'HmacSHA1' } });
    expect(body.code).toBe(200);
    const unlabeled = await refusal(client.post(`${server.url}${CREATE}`, { data: createBody() }));
    expect(unlabeled.code).toBe('A403IS');
  });

  it('sends an octet-stream body (as the Java and Go SDKs do) with its Content-MD5', async () => {
    const client = new Client(APPS.full.appKey, APPS.full.appSecret);
    const raw = Buffer.from(JSON.stringify(createBody()), 'utf8');
    const body = await client.post(`${server.url}${CREATE}`, { data: raw, headers: { 'content-type': 'application/octet-stream; charset=utf-8' } });
    // The gateway answers JSON; the client parses it by the response content type.
    expect(body.code).toBe(200);
  });

  it('signs a query string in the Url part', async () => {
    const client = new Client(APPS.full.appKey, APPS.full.appSecret);
    const body = await client.post(`${server.url}${CREATE}?trace=abc&a=1`, { data: createBody(), query: { z: '中' } });
    expect(body.code).toBe(200);
  });
});

describe('the emulator clock decides the timestamp window', () => {
  it('refuses a real-time X-Ca-Timestamp when the clock is fixed with --now, and accepts the emulator time', async () => {
    const server = await startServer({ port: 0, host: '127.0.0.1', seed: 7, now: T0, verifySignature: true });
    try {
      const client = new Client(APPS.full.appKey, APPS.full.appSecret);
      const r = await refusal(client.post(`${server.url}${CREATE}`, { data: createBody() }));
      expect(r).toMatchObject({ status: 400, code: 'A400TE' });
      expect(r.headers['x-mock-error-detail']).toContain('the emulator clock (2024-11-15T02:00:00.000Z)');
      const body = await client.post(`${server.url}${CREATE}`, { data: createBody(), headers: { 'x-ca-timestamp': Date.parse(T0) } });
      expect(body.code).toBe(200);
    } finally {
      await server.close();
    }
  });
});
