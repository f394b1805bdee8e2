/**
 * The fault vocabulary follows the catalogue: with another set of gateway errors flagged injectable
 * (504 instead of 500), the fault schema, the x-mock-fault header and its usage text, the docs'
 * table and the gateway's answer all change with it, and nothing else has to be edited.
 */
import { describe, expect, it, vi } from 'vitest';
import type * as Catalogue from '../../src/errors/catalogue.js';
import { call, testApp } from '../support/api.js';
import { GOOD_PARAMS, PATHS } from '../support/family.js';

vi.mock('../../src/errors/catalogue.js', async (importOriginal) => {
  const catalogue = await importOriginal<typeof Catalogue>();
  const { THROTTLED_BY_PLUGIN, SERVICE_UNAVAILABLE, BACKEND_TIMEOUT } = catalogue.GatewayErrors;
  const injectable = [THROTTLED_BY_PLUGIN, SERVICE_UNAVAILABLE, BACKEND_TIMEOUT];
  return { ...catalogue, INJECTABLE_GATEWAY_ERRORS: injectable, injectableGatewayError: (status: number) => injectable.find((e) => e.httpStatus === status) };
});

const { FaultRule } = await import('../../src/faults/schema.js');
const { FAULT_HEADER_USAGE, parseFaultHeader } = await import('../../src/faults/header.js');
const { renderFaultTable } = await import('../../src/faults/table.js');

describe('with 429, 503 and 504 flagged injectable in the catalogue', () => {
  it('the schema and the header take 504 and refuse 500', () => {
    expect(FaultRule.safeParse({ type: 'gateway', status: 504 }).success).toBe(true);
    expect(FaultRule.safeParse({ type: 'gateway', status: 500 }).success).toBe(false);
    expect(parseFaultHeader('gateway=504').ok).toBe(true);
    expect(parseFaultHeader('gateway=500')).toMatchObject({ ok: false, error: expect.stringContaining('gateway needs 429, 503 or 504;') });
    expect(FAULT_HEADER_USAGE).toContain('gateway=429|503|504,');
  });

  it("the docs' fault table lists them", () => {
    expect(renderFaultTable()).toContain('`status`: 429 (`T429PR`), 503 (`X503SU`), 504 (`D504TO`) |');
  });

  it('the gateway answers gateway=504 with the catalogue entry', async () => {
    const app = await testApp();
    try {
      const res = await call(app, PATHS.create, GOOD_PARAMS[PATHS.create]!, { headers: { 'x-mock-fault': 'gateway=504' } });
      expect([res.statusCode, res.headers['x-ca-error-code'], res.headers['x-mock-error-detail']]).toEqual([504, 'D504TO', 'fault x-mock-fault: injected gateway 504 D504TO']);
    } finally {
      await app.close();
    }
  });
});
