/**
 * A request's session is chosen once, when it arrives, and kept on the request: its id, the
 * gateway's admit step, the admin API and the journal all read that one choice.
 */
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { call, testApp } from '../support/api.js';
import { GOOD_PARAMS, PATHS } from '../support/family.js';
import { APPS } from '../support/signer.js';

let app: FastifyInstance;
let choices: ReturnType<typeof vi.spyOn>;
beforeEach(async () => {
  app = await testApp();
  choices = vi.spyOn(app.sessions, 'forRequest');
});
afterEach(async () => {
  await app.close();
});

describe('the session of a request', () => {
  it('is chosen once for an API call that names a new session, which is then kept and journaled there', async () => {
    const res = await call(app, PATHS.create, GOOD_PARAMS[PATHS.create]!, { headers: { 'x-mock-session': 'once' } });
    expect([res.statusCode, res.body_.code, res.headers['x-mock-session']]).toEqual([200, 200, 'once']);
    expect(choices).toHaveBeenCalledTimes(1);
    expect(app.sessions.registry.find('once')?.journal.list({}).requests.map((r) => r.id)).toEqual([res.headers['x-ca-request-id']]);
  });

  it('is chosen once for an API call of the default session, and for an admin call', async () => {
    await call(app, PATHS.commodities, {});
    expect(choices).toHaveBeenCalledTimes(1);
    const listed = await app.inject({ method: 'DELETE', url: '/__admin/requests', headers: { 'x-mock-session': 'admin-named', 'content-type': 'application/json' } });
    expect(listed.statusCode).toBe(200);
    expect(choices).toHaveBeenCalledTimes(2);
    expect(app.sessions.registry.find('admin-named')).toBeDefined();
  });

  it('is chosen once for a call the gateway refuses, which keeps no session and is journaled with the default one', async () => {
    // With --verify-signature a wrong signature is refused before the session is kept.
    const strict = await testApp({ verifySignature: true });
    const strictChoices = vi.spyOn(strict.sessions, 'forRequest');
    try {
      const res = await strict.inject({
        method: 'POST',
        url: PATHS.create,
        headers: { 'content-type': 'application/json', 'x-mock-session': 'refused', 'x-ca-key': APPS.full.appKey, 'x-ca-signature': 'wrong' },
        payload: '{}',
      });
      expect(res.statusCode).toBe(400);
      expect(strictChoices).toHaveBeenCalledTimes(1);
      expect(strict.sessions.registry.find('refused')).toBeUndefined();
      expect(strict.world.journal.list({}).requests.map((r) => r.id)).toEqual([res.headers['x-ca-request-id']]);
    } finally {
      await strict.close();
    }
  });
});
