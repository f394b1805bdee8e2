import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { CREATE, DEVICES, envelope, T0, testApp } from '../support/api.js';
import { APPS, signHeaders, type SignOptions } from '../support/signer.js';

const NOW = Date.parse(T0);
const BODY = JSON.stringify(envelope({ iotId: DEVICES.empty, commodityCode: 'streamingResource_20_10', copies: 1 }));

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

async function open(options: Parameters<typeof testApp>[0] = {}) {
  app = await testApp(options);
  return app;
}

/** POSTs a body signed by the test signer; `tamper` edits the headers after signing. */
async function signedPost(a: FastifyInstance, o: Partial<SignOptions> & { tamper?: (h: Record<string, string>) => void } = {}) {
  const { tamper, ...rest } = o;
  const { headers, stringToSign } = signHeaders({ ...APPS.full, url: CREATE, body: BODY, timestamp: NOW, ...rest });
  tamper?.(headers);
  const res = await a.inject({ method: 'POST', url: rest.url ?? CREATE, headers, payload: rest.body ?? BODY });
  return Object.assign(res, { stringToSign, sent: headers });
}

function expectGatewayError(res: { statusCode: number; body: string; headers: Record<string, unknown> }, status: number, code: string, message: string) {
  expect(res.statusCode).toBe(status);
  expect(res.body).toBe('');
  expect(res.headers['x-ca-error-code']).toBe(code);
  expect(String(res.headers['x-ca-error-message'])).toContain(message);
  expect(res.headers['x-ca-request-id']).toMatch(/^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/);
}

describe('signature checking off (the default)', () => {
  it('lets unsigned and wrongly signed requests through', async () => {
    const a = await open();
    const unsigned = await a.inject({ method: 'POST', url: CREATE, headers: { 'content-type': 'application/json' }, payload: BODY });
    expect(JSON.parse(unsigned.body).code).toBe(200);
    const wrong = await signedPost(a, { appSecret: 'not-the-secret' });
    expect(wrong.statusCode).toBe(200);
    expect(JSON.parse(wrong.body).code).toBe(200);
  });

  it('still checks an app marked verifySignature in the fixtures', async () => {
    const a = await open();
    const wrong = await signedPost(a, { ...APPS.signedOnly, appSecret: 'not-the-secret' });
    expectGatewayError(wrong, 400, 'A403IS', 'Invalid Signature');
    const right = await signedPost(a, { ...APPS.signedOnly });
    expect(JSON.parse(right.body).code).toBe(200);
  });
});

describe('signature checking on (--verify-signature)', () => {
  it('accepts a correctly signed request', async () => {
    const a = await open({ verifySignature: true });
    const res = await signedPost(a);
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body).code).toBe(200);
  });

  it('signs a listed header that was not sent as empty, whatever its name (constructor, __proto__ included)', async () => {
    const a = await open({ verifySignature: true });
    const res = await signedPost(a, { unsentSignedHeaders: ['constructor', 'x-not-sent', '__proto__', 'tostring'] });
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body).code).toBe(200);
  });

  it('accepts the switch as the environment spells it', async () => {
    const a = await open({ verifySignature: 'true' as unknown as boolean });
    const res = await a.inject({ method: 'POST', url: CREATE, payload: BODY });
    expectGatewayError(res, 400, 'A400IK', 'Invalid AppKey');
  });

  it('answers Invalid AppKey for a missing or unknown X-Ca-Key', async () => {
    const a = await open({ verifySignature: true });
    const missing = await a.inject({ method: 'POST', url: CREATE, headers: { 'content-type': 'application/json' }, payload: BODY });
    expectGatewayError(missing, 400, 'A400IK', 'Invalid AppKey');
    const unknown = await signedPost(a, { appKey: '99999999' });
    expectGatewayError(unknown, 400, 'A400IK', 'Invalid AppKey');
    expect(unknown.headers['x-mock-error-detail']).toContain('99999999');
  });

  // A wrong secret, refused with the server's string-to-sign: test/contract/aliyun-api-gateway.test.ts,
  // which holds it to the string the real client signed.

  it('answers Invalid Signature when the body changed after signing (the raw bytes are signed via Content-MD5)', async () => {
    const a = await open({ verifySignature: true });
    const { headers } = signHeaders({ ...APPS.full, url: CREATE, body: BODY, timestamp: NOW, contentMd5: false });
    const res = await a.inject({ method: 'POST', url: CREATE, headers, payload: BODY.replace('"copies":1', '"copies": 1') });
    // Without Content-MD5 the body is not covered: the gateway lets it through, as the real one does.
    expect(JSON.parse(res.body).code).toBe(200);
    const withMd5 = await signedPost(a, { tamper: (h) => void (h['x-ca-nonce'] = 'other') });
    expectGatewayError(withMd5, 400, 'A403IS', 'Invalid Signature');
  });

  it('answers Invalid Signature for a request without X-Ca-Signature', async () => {
    const a = await open({ verifySignature: true });
    const res = await signedPost(a, { tamper: (h) => void delete h['x-ca-signature'] });
    expectGatewayError(res, 400, 'A403IS', 'Invalid Signature, Server StringToSign:`POST#application/json#');
    expect(res.headers['x-mock-error-detail']).toBe('X-Ca-Signature is missing');
  });

  it('answers Nonce Used for a replayed nonce, until the world is reset', async () => {
    const a = await open({ verifySignature: true });
    const first = await signedPost(a, { nonce: 'fixed-nonce' });
    expect(JSON.parse(first.body).code).toBe(200);
    const replay = await signedPost(a, { nonce: 'fixed-nonce' });
    expectGatewayError(replay, 400, 'A400NU', 'Nonce Used');
    // Another app may use the same nonce.
    const other = await signedPost(a, { ...APPS.readOnly, nonce: 'fixed-nonce', url: '/vision/customer/streaming/order/create' });
    expect(other.statusCode).toBe(200);
    a.world.clock.advance(15 * 60 * 1000 + 1);
    const later = await signedPost(a, { nonce: 'fixed-nonce', timestamp: a.world.clock.now() });
    expect(later.statusCode).toBe(200);
    const replayAgain = await signedPost(a, { nonce: 'fixed-nonce', timestamp: a.world.clock.now() });
    expectGatewayError(replayAgain, 400, 'A400NU', 'Nonce Used');
    a.world.reset();
    expect((await signedPost(a, { nonce: 'fixed-nonce' })).statusCode).toBe(200);
  });

  it('refuses a replay that names another session: nonces belong to the app, across sessions', async () => {
    const a = await open({ verifySignature: true });
    const first = await signedPost(a, { nonce: 'session-nonce', tamper: (h) => void (h['x-mock-session'] = 'first') });
    expect(JSON.parse(first.body).code).toBe(200);
    const replay = await signedPost(a, { nonce: 'session-nonce', tamper: (h) => void (h['x-mock-session'] = 'second') });
    expectGatewayError(replay, 400, 'A400NU', 'Nonce Used');
    expectGatewayError(await signedPost(a, { nonce: 'session-nonce' }), 400, 'A400NU', 'Nonce Used');
  });

  it('a reset of one session forgets only the nonces it recorded: a replay in the default session is still refused', async () => {
    const a = await open({ verifySignature: true });
    expect(JSON.parse((await signedPost(a, { nonce: 'default-nonce' })).body).code).toBe(200);
    expect(JSON.parse((await signedPost(a, { nonce: 'other-nonce', tamper: (h) => void (h['x-mock-session'] = 'other') })).body).code).toBe(200);
    const reset = await a.inject({ method: 'POST', url: '/__admin/reset', headers: { 'content-type': 'application/json', 'x-mock-session': 'other' } });
    expect(reset.statusCode).toBe(200);
    expectGatewayError(await signedPost(a, { nonce: 'default-nonce' }), 400, 'A400NU', 'Nonce Used');
    // What the reset session recorded is forgotten: its own world starts again.
    expect(JSON.parse((await signedPost(a, { nonce: 'other-nonce', tamper: (h) => void (h['x-mock-session'] = 'other') })).body).code).toBe(200);
  });

  it('keeps a nonce as long as its own timestamp keeps the request valid: 14 minutes ahead stays used for 29', async () => {
    const a = await open({ verifySignature: true });
    const ahead = NOW + 14 * 60_000;
    expect((await signedPost(a, { nonce: 'ahead-nonce', timestamp: ahead })).statusCode).toBe(200);
    a.world.clock.advance(16 * 60_000);
    expectGatewayError(await signedPost(a, { nonce: 'ahead-nonce', timestamp: ahead }), 400, 'A400NU', 'Nonce Used');
    a.world.clock.advance(13 * 60_000);
    expectGatewayError(await signedPost(a, { nonce: 'ahead-nonce', timestamp: ahead }), 400, 'A400NU', 'Nonce Used');
    // Once the timestamp itself is too old, the request fails on it, and the nonce may go.
    a.world.clock.advance(60_000);
    expectGatewayError(await signedPost(a, { nonce: 'ahead-nonce', timestamp: ahead }), 400, 'A400TE', 'Timestamp Expired');
  });

  it('checks X-Ca-Timestamp against the emulator clock, with a 15-minute window', async () => {
    const a = await open({ verifySignature: true });
    const fifteen = 15 * 60 * 1000;
    expect((await signedPost(a, { timestamp: NOW - fifteen })).statusCode).toBe(200);
    expect((await signedPost(a, { timestamp: NOW + fifteen })).statusCode).toBe(200);
    const old = await signedPost(a, { timestamp: NOW - fifteen - 1 });
    expectGatewayError(old, 400, 'A400TE', 'Timestamp Expired');
    const real = await signedPost(a, { timestamp: Date.now() });
    expectGatewayError(real, 400, 'A400TE', 'Timestamp Expired');
    expect(real.headers['x-mock-error-detail']).toContain('2024-11-15T02:00:00.000Z');
    const garbage = await signedPost(a, { timestamp: '2024-11-15T02:00:00Z' });
    expectGatewayError(garbage, 400, 'A400IT', 'Invalid Timestamp');
  });

  it('answers Invalid Content-MD5 when Content-MD5 does not match the raw body', async () => {
    const a = await open({ verifySignature: true });
    const res = await signedPost(a, { contentMd5: 'AAAAAAAAAAAAAAAAAAAAAA==' });
    expectGatewayError(res, 400, 'A400CM', 'Invalid Content-MD5');
  });

  it('accepts HmacSHA1 named by X-Ca-Signature-Method or by the Tea SDK header', async () => {
    const a = await open({ verifySignature: true });
    for (const methodHeader of ['X-Ca-Signature-Method', 'x-ca-signaturemethod'] as const) {
      const res = await signedPost(a, { algorithm: 'HmacSHA1', methodHeader });
      expect(res.statusCode, methodHeader).toBe(200);
    }
    // The same SHA-1 signature claimed as the default SHA-256 fails.
    const mislabeled = await signedPost(a, { algorithm: 'HmacSHA1', methodHeader: 'X-Ca-Signature-Method', tamper: (h) => void (h['X-Ca-Signature-Method'] = 'HmacSHA256') });
    expectGatewayError(mislabeled, 400, 'A403IS', 'Invalid Signature');
  });

  it('answers Invalid Header for an unknown signature method', async () => {
    const a = await open({ verifySignature: true });
    const res = await signedPost(a, { tamper: (h) => void (h['x-ca-signature-method'] = 'HmacMD5') });
    expectGatewayError(res, 400, 'I400HD', 'Invalid Header `X-Ca-Signature-Method`');
  });

  it('accepts capitalised (Java SDK) header names and an octet-stream body with Content-MD5', async () => {
    const a = await open({ verifySignature: true });
    const res = await signedPost(a, { capitalised: true, contentType: 'application/octet-stream; charset=utf-8', body: Buffer.from(BODY) });
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body).code).toBe(200);
  });

  it('signs the query string in the Url part, sorted', async () => {
    const a = await open({ verifySignature: true });
    const url = `${CREATE}?z=1&a=%E4%B8%AD&flag=`;
    const res = await signedPost(a, { url });
    expect(res.statusCode).toBe(200);
    expect(res.stringToSign.endsWith(`${CREATE}?a=中&flag&z=1`)).toBe(true);
    const { headers } = signHeaders({ ...APPS.full, url: CREATE, body: BODY, timestamp: NOW });
    const unsignedQuery = await a.inject({ method: 'POST', url: `${CREATE}?z=1`, headers, payload: BODY });
    expectGatewayError(unsignedQuery, 400, 'A403IS', `${CREATE}?z=1\``);
  });

  it('leaves 404 and 405 to their own gateway errors', async () => {
    const a = await open({ verifySignature: true });
    expectGatewayError(await a.inject({ method: 'POST', url: '/no/such/api', payload: BODY }), 404, 'I404NF', 'API not found');
    expectGatewayError(await a.inject({ method: 'GET', url: CREATE }), 405, 'I405UM', 'Unsupported Method `GET`');
  });

  it('journals a refused request with its gateway error and the signature masked', async () => {
    const a = await open({ verifySignature: true });
    const bad = await signedPost(a, { appSecret: 'not-the-secret' });
    const page = a.world.journal.list({ code: 'A403IS' });
    expect(page.count).toBe(1);
    const entry = page.requests[0]!;
    expect(entry).toMatchObject({ status: 400, gatewayError: 'A403IS', api: CREATE });
    expect(entry.detail).toContain('X-Ca-Signature is not the HmacSHA256');
    expect(JSON.stringify(entry)).not.toContain(bad.sent['x-ca-signature']!);
  });
});
