import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logging/logger.js';
import { CREATE, DEVICES, testApp } from '../support/api.js';
import { captureLines } from '../support/log-capture.js';
import { APPS, signHeaders } from '../support/signer.js';

// Secrets in requests never reaching the log or the journal: test/e2e/secrets-in-logs.test.ts.
const SECRETS = {
  signature: 'SIG-7f3a9c1e5b2d4f6a8c0e',
  appSecret: 'APPSECRET-d41d8cd98f00b204',
  cloudToken: 'CLOUDTOKEN-e3b0c44298fc1c14',
};

/** An app logging JSON lines, a POST helper, an envelope builder and a cloud token the app issued. */
async function appWithToken() {
  const { stream, lines } = captureLines();
  const app = await testApp({ logger: createLogger({ level: 'info', format: 'json', stream }) });
  const post = (url: string, payload: string, headers: Record<string, string> = {}) =>
    app.inject({ method: 'POST', url, headers: { 'content-type': 'application/json', ...headers }, payload });
  const body = (params: Record<string, unknown>, apiVer = '1.0.0') => JSON.stringify({ id: '1', version: '1.0', request: { apiVer }, params });
  const issued = await post('/cloud/token', body({ grantType: 'project', res: 'a124Gnn1xW6TM2xK' }, '1.0.1'));
  return { app, lines, post, body, token: JSON.parse(issued.body).data.cloudToken as string };
}

describe('request logs', () => {
  it('write one info line per request with request id, API path, iotId, body code and latency', async () => {
    const { stream, lines } = captureLines();
    const app = await testApp({ logger: createLogger({ level: 'info', format: 'json', stream }) });
    const res = await app.inject({ method: 'POST', url: CREATE, headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ request: { apiVer: '1.0.0' }, params: { iotId: DEVICES.doc } }) });
    await app.close();
    const requestLines = lines.map((l) => JSON.parse(l)).filter((l) => l.msg === 'request');
    expect(requestLines).toHaveLength(1);
    expect(requestLines[0]).toMatchObject({ level: 30, reqId: res.headers['x-ca-request-id'], api: CREATE, iotId: DEVICES.doc, code: 460, status: 200, latencyMs: expect.any(Number) });
    expect(requestLines[0].detail).toContain('params.commodityCode');
  });

  it('mask known secret values wherever the caller put them: an app secret as X-Ca-Nonce, an issued token in commodityCode, apiVer, X-Ca-Key or the path', async () => {
    const { app, lines, post, body, token } = await appWithToken();
    const secret = 'mock-app-secret-signed-only-0003';
    const signed = { ...APPS.signedOnly, url: CREATE, body: body({ iotId: DEVICES.doc }), timestamp: app.world.clock.now(), nonce: secret };
    for (let i = 0; i < 2; i++) await post(CREATE, signed.body, signHeaders(signed).headers);
    expect(lines.some((l) => l.includes('A400NU'))).toBe(true);
    expect(JSON.parse((await post(CREATE, body({ iotId: DEVICES.doc, commodityCode: token, copies: 1 }))).body).code).toBe(460);
    expect(JSON.parse((await post(CREATE, body({ iotId: DEVICES.doc }, `x${token}`))).body).code).toBe(404);
    expect((await post(CREATE, body({ iotId: DEVICES.doc }), { 'x-ca-key': token, 'x-ca-nonce': secret })).statusCode).toBe(200);
    expect((await post(`/nowhere/${token}`, body({}))).statusCode).toBe(404);
    const journal = (await app.inject({ url: '/__admin/requests?limit=100' })).body;
    await app.close();
    expect(JSON.parse(journal).total).toBe(7);
    for (const [where, text] of [['log', lines.join('\n')], ['journal', journal]]) {
      expect(text, `token in the ${where}`).not.toContain(token);
      expect(text, `app secret in the ${where}`).not.toContain(secret);
    }
    expect(journal).toContain('/nowhere/***');
  });

  it('mask a known secret spelt with escapes or sent as a header name: %-escaped in the path, \\u-escaped in the body, as a header\'s name', async () => {
    const { app, lines, post, body, token } = await appWithToken();
    const hex = (c: string) => c.charCodeAt(0).toString(16).padStart(2, '0');
    const inPath = `${token.slice(0, 5)}%${hex(token[5]!)}${token.slice(6)}`;
    const inBody = `\\u00${hex(token[0]!)}${token.slice(1)}`;
    expect((await post(`/nowhere/${inPath}`, body({}))).statusCode).toBe(404);
    const escaped = `{"id":"1","version":"1.0","request":{"apiVer":"1.0.0"},"params":{"iotId":"${DEVICES.doc}","commodityCode":"${inBody}","copies":1}}`;
    expect(JSON.parse((await post(CREATE, escaped)).body).code).toBe(460);
    expect((await post(CREATE, body({ iotId: DEVICES.doc }), { [`x-${token}`]: '1' })).statusCode).toBe(200);
    const journal = (await app.inject({ url: '/__admin/requests?limit=100' })).body;
    await app.close();
    expect(JSON.parse(journal).total).toBe(4);
    // Every spelling above leaves the token's last 26 characters as they were, unless it is masked.
    for (const [where, text] of [['log', lines.join('\n')], ['journal', journal]]) expect(text, `token in the ${where}`).not.toContain(token.slice(6));
  });

  it('keep the redaction of a pino logger the caller gives, on request lines too', async () => {
    const { stream, lines } = captureLines();
    const app = await testApp({ logger: pino({ level: 'info', redact: ['iotId'] }, stream) });
    await app.inject({ method: 'POST', url: CREATE, headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ request: { apiVer: '1.0.0' }, params: { iotId: DEVICES.doc } }) });
    await app.close();
    const requestLines = lines.map((l) => JSON.parse(l)).filter((l) => l.msg === 'request');
    expect(requestLines).toHaveLength(1);
    expect(requestLines[0]).toMatchObject({ api: CREATE, code: 460, iotId: '[Redacted]' });
  });

  it('redact secret fields that code logs on purpose', () => {
    const { stream, lines } = captureLines();
    const log = createLogger({ level: 'info', format: 'json', stream });
    log.info({ appSecret: SECRETS.appSecret, app: { appSecret: SECRETS.appSecret, cloudToken: SECRETS.cloudToken }, req: { headers: { 'x-ca-signature': SECRETS.signature } } }, 'x');
    expect(lines.join('\n')).not.toMatch(/APPSECRET|CLOUDTOKEN|SIG-/);
  });

  it('follow --log-level: at warn, no request lines', async () => {
    const { stream, lines } = captureLines();
    const app = await testApp({ logger: createLogger({ level: 'warn', format: 'json', stream }) });
    await app.inject({ method: 'GET', url: '/__admin/health' });
    await app.close();
    expect(lines).toEqual([]);
  });

  it('are pretty on a terminal and JSON otherwise', () => {
    const tty = captureLines();
    Object.assign(tty.stream, { isTTY: true });
    createLogger({ level: 'info', stream: tty.stream }).info({ api: '/x' }, 'request');
    expect(() => JSON.parse(tty.lines[0]!)).toThrow();
    expect(tty.lines[0]).toContain('request');
    const pipe = captureLines();
    createLogger({ level: 'info', stream: pipe.stream }).info({ api: '/x' }, 'request');
    expect(JSON.parse(pipe.lines[0]!)).toMatchObject({ msg: 'request', api: '/x' });
  });

  it('build without the FSTDEP023 deprecation warning', async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error & { code?: string }) => warnings.push(w.code ?? w.message);
    process.on('warning', onWarning);
    const app = await testApp({ logger: createLogger({ level: 'info', format: 'json', stream: captureLines().stream }) });
    await app.ready();
    await new Promise((resolve) => setImmediate(resolve));
    process.off('warning', onWarning);
    await app.close();
    expect(warnings).not.toContain('FSTDEP023');
  });
});
