/**
 * One vocabulary of injectable errors: the catalogue flags the gateway errors a fault may answer,
 * and the fault schema, the x-mock-fault header (and its usage text), the gateway's answer and the
 * docs' fault table (docs/faults.md) all read it from there. Every status from 100 to 599 is asked of each.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BusinessErrors, GatewayErrors, INJECTABLE_GATEWAY_ERRORS } from '../../src/errors/catalogue.js';
import { generatedBlock } from '../../src/errors/table.js';
import { FAULT_HEADER_USAGE, parseFaultHeader } from '../../src/faults/header.js';
import { FaultRule } from '../../src/faults/schema.js';
import { FAULTS_BLOCK, renderFaultTable } from '../../src/faults/table.js';
import { call, testApp } from '../support/api.js';
import { GOOD_PARAMS, PATHS } from '../support/family.js';

const readme = readFileSync(fileURLToPath(new URL('../../docs/faults.md', import.meta.url)), 'utf8');
const STATUSES = Array.from({ length: 500 }, (_, i) => 100 + i);
const flagged = new Set(Object.values(GatewayErrors).filter((e) => 'injectable' in e).map((e) => e.httpStatus));

describe('the injectable gateway errors', () => {
  it('are the catalogue entries flagged injectable: 429, 500 and 503, one entry each', () => {
    expect(INJECTABLE_GATEWAY_ERRORS.map((e) => [e.httpStatus, e.errorCode])).toEqual([[429, 'T429PR'], [500, 'X500ER'], [503, 'X503SU']]);
    expect([...flagged].sort()).toEqual([429, 500, 503]);
  });

  it('are what a rule of type gateway accepts, and nothing else', () => {
    const accepted = STATUSES.filter((status) => FaultRule.safeParse({ type: 'gateway', status }).success);
    expect(accepted).toEqual([...flagged].sort());
    expect(FaultRule.safeParse({ type: 'gateway', status: 502 }).error?.issues[0]?.message).toBe("status must be 429, 500 or 503 (the catalogue's injectable gateway errors)");
  });

  it('are what the x-mock-fault header accepts, and what its usage text offers', () => {
    const accepted = STATUSES.filter((status) => parseFaultHeader(`gateway=${status}`).ok);
    expect(accepted).toEqual([...flagged].sort());
    expect(FAULT_HEADER_USAGE).toContain('gateway=429|500|503,');
    const refused = parseFaultHeader('gateway=502');
    expect(refused.ok ? '' : refused.error).toBe(`x-mock-fault "gateway=502": gateway needs 429, 500 or 503; ${FAULT_HEADER_USAGE}`);
  });

  it('are answered with their catalogue entry: status, X-Ca-Error-Code and message', async () => {
    const app = await testApp();
    try {
      for (const error of INJECTABLE_GATEWAY_ERRORS) {
        const res = await call(app, PATHS.create, GOOD_PARAMS[PATHS.create]!, { headers: { 'x-mock-fault': `gateway=${error.httpStatus}` } });
        expect([res.statusCode, res.headers['x-ca-error-code'], res.headers['x-ca-error-message'], res.body]).toEqual([error.httpStatus, error.errorCode, error.message, '']);
      }
    } finally {
      await app.close();
    }
  });
});

describe('the business codes a fault may answer', () => {
  it('are every code of the catalogue, in the schema, the header and their texts', () => {
    const codes = Object.values(BusinessErrors).map((e) => e.code);
    const all = [...codes, 200, 402, 999, 2064];
    expect(all.filter((code) => FaultRule.safeParse({ type: 'error', code }).success)).toEqual(codes);
    expect(all.filter((code) => parseFaultHeader(`code=${code}`).ok)).toEqual(codes);
    expect(FaultRule.safeParse({ type: 'error', code: 999 }).error?.issues[0]?.message).toBe(`code must be a business code of the catalogue (${codes.join(', ')})`);
  });
});

describe("the docs' fault table (docs/faults.md)", () => {
  it('is exactly what the schema and the catalogue generate (run `npm run docs:errors` after changing either)', () => {
    expect(generatedBlock(readme, FAULTS_BLOCK)).toBe(renderFaultTable());
  });

  it('has a row per fault type, the gateway row naming the injectable errors and the error row the business codes', () => {
    const rows = renderFaultTable().split('\n').slice(2);
    expect(rows.map((r) => r.split(' | ')[0])).toEqual(['| `latency`', '| `error`', '| `gateway`', '| `timeout`', '| `drop`', '| `hang`']);
    expect(rows.find((r) => r.startsWith('| `gateway`'))).toContain('`status`: 429 (`T429PR`), 500 (`X500ER`), 503 (`X503SU`) |');
    expect(rows.find((r) => r.startsWith('| `error`'))).toContain(`(${Object.values(BusinessErrors).map((e) => e.code).join(', ')})`);
  });
});
