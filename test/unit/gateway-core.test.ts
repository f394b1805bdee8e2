/**
 * The gateway core's refusals and where its caches live. One way to refuse a call (refuseCall)
 * sets the outcome and builds the envelope; the gateway's caches belong to the object that builds
 * them, never to a module, so a new app (or set of MSW handlers) starts clean (architecture.test.ts
 * checks every module for state).
 */
import { describe, expect, it } from 'vitest';
import { BusinessErrors } from '../../src/errors/catalogue.js';
import { builtInFixtures } from '../../src/fixtures/built-in.js';
import { refuseCall } from '../../src/gateway/answers.js';
import type { AcceptedCall, CallCheck, CallResult } from '../../src/gateway/call-context.js';
import { createGateway } from '../../src/gateway/gateway-core.js';
import type { RequestOutcome } from '../../src/gateway/request-outcome.js';
import { createNodeSigningCrypto } from '../../src/gateway/signing/node-crypto.js';
import { createSignedHeaderNamesMemo } from '../../src/gateway/signing/string-to-sign.js';
import { streamingOperations } from '../../src/families/streaming/operations.js';
import { ALL_OPERATIONS } from '../../src/families/table.js';
import { createWorld } from '../../src/world.js';
import { DEVICES, envelope, T0 } from '../support/api.js';

describe('refuseCall', () => {
  it('sets the outcome\'s code and detail, and answers the envelope with data null and the detail in a header', () => {
    const outcome: RequestOutcome = {};
    const answer = refuseCall(outcome, 'ID-1', BusinessErrors.IOTID_NOT_EXIST, 'en-US', 'params.iotId: no device "x" (quoted: 设备)');
    expect(outcome).toMatchObject({ code: 2063, detail: 'params.iotId: no device "x" (quoted: 设备)' });
    expect(answer.status).toBe(200);
    expect(answer.headers['x-mock-error-detail']).toBe('params.iotId: no device "x" (quoted: \\u8bbe\\u5907)');
    const text = new TextDecoder().decode(answer.body!);
    expect(text).toBe('{"id":"ID-1","code":2063,"message":"iotId not exist","localizedMsg":"Device does not exist","data":null}');
    // The journal keeps what was sent.
    expect(outcome.responseBody).toBe(text);
  });
});

describe('the admit step', () => {
  const PATH = '/vision/customer/streaming/commodity/query';
  const fixtures = builtInFixtures();
  const worldAt = (seed: number) => createWorld(fixtures, { timezone: 'Asia/Shanghai', startMs: Date.parse(T0), seed });
  const request = (headers: Record<string, string> = {}) => ({
    method: 'POST',
    path: PATH,
    query: '',
    headers: { 'content-type': 'application/json', ...headers },
    body: new TextEncoder().encode(JSON.stringify(envelope({ iotId: DEVICES.doc }))),
  });
  const noTransport = () => {
    throw new Error('no transport: nothing waits');
  };
  const bodyOf = (result: CallResult | Promise<CallResult>) => {
    if (result instanceof Promise || result.kind !== 'answer') throw new Error('expected an answer at once');
    return result.answer;
  };

  it('is not asked when the signature check refuses the call (a refused caller creates no session)', () => {
    const gateway = createGateway({ operations: streamingOperations, signatures: { verifyAll: true, crypto: createNodeSigningCrypto() } });
    let admitted = 0;
    const outcome: RequestOutcome = {};
    const answer = bodyOf(gateway.call(worldAt(1), request({ 'x-ca-key': '24000001', 'x-ca-signature': 'wrong' }), outcome, noTransport, () => (admitted++, worldAt(2))));
    expect(answer.status).toBe(400);
    expect(outcome.gatewayError).toBeDefined();
    expect(admitted).toBe(0);
  });

  it('gives the world the call acts on once the gateway lets it in', () => {
    const gateway = createGateway({ operations: streamingOperations });
    const named = worldAt(1);
    const kept = worldAt(2);
    const answer = bodyOf(gateway.call(named, request(), {}, noTransport, () => kept));
    const viaKept = JSON.parse(new TextDecoder().decode(answer.body!));
    // The envelope's id is drawn from the admitted world's ids, not from the named one's.
    expect(viaKept.code).toBe(200);
    expect(viaKept.id).toBe(worldAt(2).ids.uuid());
    expect(viaKept.id).not.toBe(worldAt(1).ids.uuid());
  });
});

describe('the pipeline', () => {
  const PATH = '/vision/customer/cloudstorage/transfer';
  const fixtures = builtInFixtures();

  it('runs its steps over one call context: each check gets the same object, the device read once under the operation\'s param', () => {
    const seen: AcceptedCall[] = [];
    const learnProject: CallCheck = (call) => {
      seen.push(call);
      call.callerProjectId = 'p-learned';
      return undefined;
    };
    const refuse: CallCheck = (call) => {
      seen.push(call);
      return { error: BusinessErrors.REQUEST_FORBIDDEN, detail: `caller ${call.callerProjectId}, device ${call.iotId}, ${call.operation.path} ${call.apiVer}` };
    };
    const gateway = createGateway({ operations: ALL_OPERATIONS, checks: [learnProject, refuse] });
    const transfer = ALL_OPERATIONS.find((op) => op.path === PATH)!;
    const outcome: RequestOutcome = {};
    const body = new TextEncoder().encode(JSON.stringify(envelope({ srcIotId: 'cam-source', targetIotId: 'cam-target', orderId: '1' }, {}, transfer.apiVer)));
    const result = gateway.call(createWorld(fixtures, { timezone: 'Asia/Shanghai', startMs: Date.parse(T0), seed: 1 }), { method: 'POST', path: PATH, query: '', headers: {}, body }, outcome, () => {
      throw new Error('nothing waits');
    });
    expect(result).toMatchObject({ kind: 'answer', answer: { headers: { 'x-mock-error-detail': `caller p-learned, device cam-source, ${PATH} ${transfer.apiVer}` } } });
    expect(seen).toHaveLength(2);
    expect(seen[1]).toBe(seen[0]);
    expect(seen[0]!.outcome).toBe(outcome);
    expect(outcome).toMatchObject({ iotId: 'cam-source', code: 403 });
  });
});

describe('gateway caches', () => {
  it('a memo of signed-header lists is its own: two gateways share no entry', () => {
    const a = createSignedHeaderNamesMemo();
    const b = createSignedHeaderNamesMemo();
    const list = 'x-ca-timestamp,X-Ca-Key,x-ca-nonce';
    expect(a(list)).toEqual(['X-Ca-Key', 'x-ca-nonce', 'x-ca-timestamp']);
    expect(a(list)).toBe(a(list));
    expect(b(list)).not.toBe(a(list));
  });
});
