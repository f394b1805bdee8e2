/**
 * The one home of "secrets never reach the log nor the journal": app secrets, signatures, cloud,
 * IoT and admin tokens, sent every way a client can send them, through the CLI at trace level, in
 * both log formats; not even an 8-character piece of one may appear.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILT_IN_FIXTURES_DIR } from '../../src/fixtures/load.js';
import { CREATE, DEVICES, envelope, T0 } from '../support/api.js';
import { startCli } from '../support/cli.js';
import { APPS, signHeaders } from '../support/signer.js';

const ADMIN_TOKEN = 'Zq8Rt5Wm-Kx2Pv7Ln-9fB4hD';
const SIGNATURE = 'c2lnbmF0dXJlLW5ldmVyLWxvZ2dlZA==';
const BEARER = 'Bearer bearer-never-logged-5521';
const FORGED = 'forged-cloud-token-never-logged-0c1d';
const IOT_TOKEN = 'iot-token-never-logged-77a1e9';
const SECRET_HEADER = 'Hs5eCr3tV4lue-9Qw1zX';
/**
 * A secret sent in a secret field and again where a plain value belongs: the journal keeps that
 * value as sent, but the log's error details must not quote it.
 */
const MISPLACED = 'Mp7qZ0wX3vK9sT2bYh4';

/** Runs every kind of request that carries a secret against a CLI; answers the secrets it used and the journal's text. */
async function sendSecrets(url: string): Promise<{ secrets: string[]; journal: string }> {
  const post = (path: string, body: string, headers: Record<string, string> = {}) =>
    fetch(url + path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body }).then((r) => r.text());

  const issued = JSON.parse(await post('/cloud/token', JSON.stringify(envelope({ grantType: 'project', res: 'a124Gnn1xW6TM2xK' }, {}, '1.0.1')))) as { data: { cloudToken: string } };
  const token = issued.data.cloudToken;
  expect(token).toBeTruthy();
  const params = { iotId: DEVICES.empty, commodityCode: 'streamingResource_5_1', copies: 1 };
  const secretHeaders = { 'x-ca-signature': SIGNATURE, authorization: BEARER, 'x-admin-token': ADMIN_TOKEN, 'x-ca-secret': SECRET_HEADER };
  expect(JSON.parse(await post(CREATE, JSON.stringify(envelope(params, { cloudToken: token, iotToken: IOT_TOKEN })), secretHeaders)).code).toBe(200);
  expect(JSON.parse(await post(CREATE, JSON.stringify(envelope(params, { cloudToken: FORGED })), secretHeaders)).code).toBe(401);
  // A secret where a value is expected: the 460 detail and the unknown-apiVer detail would quote it.
  expect(JSON.parse(await post(CREATE, JSON.stringify(envelope({ ...params, copies: 0, commodityCode: MISPLACED, appSecret: MISPLACED })), secretHeaders)).code).toBe(460);
  expect(JSON.parse(await post(CREATE, JSON.stringify(envelope(params, { apiVer: MISPLACED, cloudToken: MISPLACED })))).code).toBe(404);
  // Malformed bodies whose parse errors would quote the token.
  for (const body of [`x${token}`, `{"request":{"cloudToken":"${token}"}} trailing`, `{"request":{"cloudToken": ${FORGED}}}`]) {
    expect(JSON.parse(await post(CREATE, body, secretHeaders)).code).toBe(460);
  }
  // The signature check of an app that is always checked: a good signature, and one made with a wrong secret.
  const body = JSON.stringify(envelope(params));
  const signed = signHeaders({ ...APPS.signedOnly, url: CREATE, body, timestamp: Date.parse(T0) });
  const misSigned = signHeaders({ ...APPS.signedOnly, appSecret: 'a-wrong-secret-never-logged', url: CREATE, body, timestamp: Date.parse(T0) });
  expect((await fetch(url + CREATE, { method: 'POST', headers: signed.headers, body })).status).toBe(200);
  const refused = await fetch(url + CREATE, { method: 'POST', headers: misSigned.headers, body });
  expect(refused.headers.get('x-ca-error-code')).toBe('A403IS');
  await fetch(`${url}/nowhere`, { method: 'POST', headers: secretHeaders, body: '{}' });
  await fetch(`${url}/__admin/health`, { headers: secretHeaders });
  // The journal (what /__admin/requests shows) is checked like the log.
  const journal = await fetch(`${url}/__admin/requests?limit=100`, { headers: { 'x-admin-token': ADMIN_TOKEN } }).then((r) => r.text());
  expect(journal).toContain('/vision/customer/streaming/order/create');
  const apps = JSON.parse(readFileSync(join(BUILT_IN_FIXTURES_DIR, 'apps.json'), 'utf8')) as { appSecret: string }[];
  const secrets = [token, FORGED, MISPLACED, ADMIN_TOKEN, SIGNATURE, BEARER.slice(7), IOT_TOKEN, SECRET_HEADER, 'a-wrong-secret-never-logged', signed.headers['x-ca-signature']!, misSigned.headers['x-ca-signature']!, ...apps.map((a) => a.appSecret)];
  return { secrets, journal };
}

describe('secrets in logs', () => {
  for (const format of ['json', 'pretty'] as const) {
    it(`keeps every secret out of a trace-level ${format} log and the journal`, { timeout: 60_000 }, async () => {
      const cli = await startCli(['--port', '0', '--now', T0, '--log-level', 'trace', '--log-format', format, '--admin-token', ADMIN_TOKEN]);
      const { secrets, journal } = await sendSecrets(cli.url);
      await cli.stop('SIGTERM');
      const out = cli.output();
      // The log did record the requests, the refused signature with its reason...
      expect(out.match(format === 'json' ? /"msg":"request"/g : /request/g)?.length ?? 0).toBeGreaterThanOrEqual(10);
      expect(out).toContain('A403IS');
      // ...and not a piece of any secret: parse errors quote a few characters around the fault.
      for (const secret of secrets) {
        for (let i = 0; i + 8 <= secret.length; i++) {
          const piece = secret.slice(i, i + 8);
          if (secret !== MISPLACED) expect(journal.includes(piece), `journal contains part of ${secret}`).toBe(false);
          expect(out.includes(piece), `log contains part of ${secret}`).toBe(false);
        }
      }
    });
  }
});
