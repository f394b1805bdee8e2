/** Secrets (app secrets, signatures, cloud and admin tokens) never reach the log, even at trace level, nor the journal. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILT_IN_FIXTURES_DIR } from '../../src/fixtures/load.js';
import { CREATE, DEVICES, envelope, T0 } from '../support/api.js';
import { startCli } from '../support/cli.js';

const ADMIN_TOKEN = 'Zq8Rt5Wm-Kx2Pv7Ln-9fB4hD';
const SIGNATURE = 'c2lnbmF0dXJlLW5ldmVyLWxvZ2dlZA==';
const BEARER = 'Bearer bearer-never-logged-5521';
const FORGED = 'forged-cloud-token-never-logged-0c1d';

describe('secrets in logs', () => {
  it('keeps tokens, signatures and app secrets out of a trace-level log and the journal', { timeout: 60_000 }, async () => {
    const cli = await startCli(['--port', '0', '--now', T0, '--log-level', 'trace', '--admin-token', ADMIN_TOKEN]);
    const url = cli.url;
    const post = (path: string, body: string, headers: Record<string, string> = {}) =>
      fetch(url + path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body }).then((r) => r.text());

    const issued = JSON.parse(await post('/cloud/token', JSON.stringify(envelope({ grantType: 'project', res: 'a124Gnn1xW6TM2xK' }, {}, '1.0.1')))) as { data: { cloudToken: string } };
    const token = issued.data.cloudToken;
    expect(token).toBeTruthy();
    const params = { iotId: DEVICES.empty, commodityCode: 'streamingResource_5_1', copies: 1 };
    const secretHeaders = { 'x-ca-signature': SIGNATURE, authorization: BEARER, 'x-admin-token': ADMIN_TOKEN };
    expect(JSON.parse(await post(CREATE, JSON.stringify(envelope(params, { cloudToken: token })), secretHeaders)).code).toBe(200);
    expect(JSON.parse(await post(CREATE, JSON.stringify(envelope(params, { cloudToken: FORGED })), secretHeaders)).code).toBe(401);
    // Malformed bodies whose parse errors would quote the token.
    for (const body of [`x${token}`, `{"request":{"cloudToken":"${token}"}} trailing`, `{"request":{"cloudToken": ${FORGED}}}`]) {
      expect(JSON.parse(await post(CREATE, body, secretHeaders)).code).toBe(460);
    }
    await fetch(`${url}/__admin/health`, { headers: secretHeaders });
    // The journal (what /__admin/requests shows) is checked like the log.
    const journal = await fetch(`${url}/__admin/requests?limit=100`, { headers: { 'x-admin-token': ADMIN_TOKEN } }).then((r) => r.text());
    expect(journal).toContain('"requests"');
    expect(journal).toContain('/vision/customer/streaming/order/create');
    await cli.stop('SIGTERM');
    const out = cli.output();

    // The log did record the requests...
    expect(out.match(/"msg":"request"/g)?.length ?? 0).toBeGreaterThanOrEqual(6);
    // ...and none of the secrets.
    const apps = JSON.parse(readFileSync(join(BUILT_IN_FIXTURES_DIR, 'apps.json'), 'utf8')) as { appSecret: string }[];
    for (const secret of [token, FORGED, ADMIN_TOKEN, SIGNATURE, BEARER.slice(7), ...apps.map((a) => a.appSecret)]) {
      for (let i = 0; i + 8 <= secret.length; i++) expect(journal.includes(secret.slice(i, i + 8)), `journal contains part of ${secret}`).toBe(false);
      // Not even a part of one: parse errors quote a few characters around the fault.
      for (let i = 0; i + 8 <= secret.length; i++) expect(out.includes(secret.slice(i, i + 8)), `log contains part of ${secret}`).toBe(false);
    }
  });
});
