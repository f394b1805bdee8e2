/** The fault rules a world holds are capped, so no number of rules makes every API call slow. */
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { MAX_FAULT_RULES } from '../../src/faults/schema.js';
import { admin } from '../support/admin.js';
import { call, CREATE, DEVICES, testApp } from '../support/api.js';

const rule = (i: number) => ({ id: `r${i}`, type: 'error', code: 503, match: { path: `/never/${i}/*` } });
const rules = (n: number) => Array.from({ length: n }, (_, i) => rule(i));

let app: FastifyInstance;
afterEach(async () => app?.close());

describe(`at most ${MAX_FAULT_RULES} fault rules`, () => {
  it('PUT /__admin/faults of one rule too many is a 400 saying the cap and how to do without, and the rules stay', async () => {
    app = await testApp();
    await admin(app, 'PUT', '/faults', { rules: [rule(-1)] });
    const over = await admin(app, 'PUT', '/faults', { rules: rules(MAX_FAULT_RULES + 1) });
    expect(over.status).toBe(400);
    expect(over.body.error).toMatch(new RegExp(`at most ${MAX_FAULT_RULES} fault rules; match more requests with one rule`));
    expect((await admin(app, 'GET', '/faults')).body.rules.map((r: { id: string }) => r.id)).toEqual(['r-1']);
  });

  it(`${MAX_FAULT_RULES} rules are taken; a POST onto them is a 400 (not the 409 of a taken id), and calls still answer`, async () => {
    app = await testApp();
    expect((await admin(app, 'PUT', '/faults', { rules: rules(MAX_FAULT_RULES) })).status).toBe(200);
    const more = await admin(app, 'POST', '/faults', { type: 'error', code: 503, match: { path: '/vision/*' } });
    expect(more.status).toBe(400);
    expect(more.body.error).toMatch(/at most 1000 fault rules/);
    expect((await admin(app, 'POST', '/faults', rule(0))).status).toBe(409);
    expect((await admin(app, 'GET', '/faults')).body.rules).toHaveLength(MAX_FAULT_RULES);
    expect((await call(app, CREATE, { iotId: DEVICES.empty, commodityCode: 'streamingResource_20_10', copies: 1 })).body_.code).toBe(200);
    // A rule deleted makes room again.
    expect((await admin(app, 'DELETE', '/faults/r5')).status).toBe(200);
    expect((await admin(app, 'POST', '/faults', rule(5))).status).toBe(201);
  });

  it('a --faults file of too many rules stops the start, naming the file and the cap', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'fault-cap-')), 'rules.json');
    writeFileSync(file, JSON.stringify(rules(MAX_FAULT_RULES + 1)));
    await expect(testApp({ faults: file })).rejects.toThrow(/--faults .*rules\.json: rules: at most 1000 fault rules/);
  });
});
