/** The per-request log line, written without redaction: same fields, same order, same bytes, no secret. */
import type { FastifyBaseLogger, FastifyReply, FastifyRequest } from 'fastify';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createLogger, unredactedLogger } from '../../src/logging/logger.js';
import { logRequestLine } from '../../src/logging/request-logger.js';
import type { RequestOutcome } from '../../src/gateway/request-state.js';
import { captureLines } from '../support/log-capture.js';

function fakeRequest(outcome: RequestOutcome, extra: { headers?: Record<string, string>; body?: unknown } = {}): FastifyRequest {
  return { id: 'REQ-1', url: '/vision/customer/streaming/order/create?x=1', headers: extra.headers ?? {}, body: extra.body, outcome } as unknown as FastifyRequest;
}
const REPLY = { statusCode: 200, elapsedTime: 0.31729 } as FastifyReply;

/** The line as written, with the one field that differs between two calls (the time) fixed. */
const sameTime = (line: string) => line.replace(/"time":\d+/, '"time":0');

describe('the request line', () => {
  it('keeps its fields in order: level, time, pid, hostname, reqId, api, iotId, code, status, latencyMs, msg', () => {
    const { stream, lines } = captureLines();
    const root = createLogger({ level: 'info', format: 'json', stream });
    logRequestLine(root, fakeRequest({ api: '/vision/customer/streaming/order/create', iotId: 'Cam01', code: 200 }), REPLY, unredactedLogger(root));
    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0]!);
    expect(Object.keys(line)).toEqual(['level', 'time', 'pid', 'hostname', 'reqId', 'api', 'iotId', 'code', 'status', 'latencyMs', 'msg']);
    expect(line).toMatchObject({ level: 30, pid: process.pid, reqId: 'REQ-1', api: '/vision/customer/streaming/order/create', iotId: 'Cam01', code: 200, status: 200, latencyMs: 0.32, msg: 'request' });
  });

  it('places a gateway error, a fault rule and a detail where they always were', () => {
    const { stream, lines } = captureLines();
    const root = createLogger({ level: 'info', format: 'json', stream });
    const outcome = { iotId: 'Cam01', code: 460, gatewayError: 'X500ERROR', faultRuleId: 'slow-create', detail: 'params.copies: too small' };
    logRequestLine(root, fakeRequest(outcome), REPLY, unredactedLogger(root));
    const line = JSON.parse(lines[0]!);
    expect(Object.keys(line)).toEqual(['level', 'time', 'pid', 'hostname', 'reqId', 'api', 'iotId', 'code', 'gatewayError', 'fault', 'status', 'latencyMs', 'detail', 'msg']);
    // Without an API reached, the path is the URL's, query left out.
    expect(line).toMatchObject({ api: '/vision/customer/streaming/order/create', gatewayError: 'X500ERROR', fault: 'slow-create', detail: 'params.copies: too small' });
  });

  it('writes the same bytes as the redacting logger, awkward values included', () => {
    const awkward = ['plain', 'a "quoted" \\ value', 'tab\there\nnewline\u0001', '中文 é 😀', 'lone \ud800 high', 'lone \udc00 low', `${'x'.repeat(120)}\ud800`, '\u2028', `${'y'.repeat(101)}"`, ''];
    for (const text of awkward) {
      const fast = captureLines();
      const slow = captureLines();
      const fastRoot = createLogger({ level: 'info', format: 'json', stream: fast.stream });
      const slowRoot = createLogger({ level: 'info', format: 'json', stream: slow.stream });
      const outcome = { api: `/api/${text}`, iotId: text, code: 460, gatewayError: text, faultRuleId: text, detail: text };
      logRequestLine(fastRoot, fakeRequest(outcome), REPLY, unredactedLogger(fastRoot));
      // The redacting logger alone: how the line was written before.
      logRequestLine(slowRoot, fakeRequest(outcome), REPLY);
      expect(fast.lines.map(sameTime), JSON.stringify(text)).toEqual(slow.lines.map(sameTime));
    }
  });

  it('scrubs the secrets the request carried from the detail', () => {
    const { stream, lines } = captureLines();
    const root = createLogger({ level: 'info', format: 'json', stream });
    const signature = 'SIG-4c1d8e2f9a7b';
    const token = 'CLOUDTOKEN-77f0a2c9d1';
    const detail = `signature ${signature} does not match; cloudToken ${token} unknown`;
    const request = fakeRequest({ code: 401, detail }, { headers: { 'x-ca-signature': signature }, body: Buffer.from(JSON.stringify({ request: { cloudToken: token } })) });
    logRequestLine(root, request, REPLY, unredactedLogger(root));
    expect(lines[0]).not.toContain(signature);
    expect(lines[0]).not.toContain(token);
    expect(JSON.parse(lines[0]!).detail).toBe('signature [REDACTED] does not match; cloudToken [REDACTED] unknown');
  });

  it('follows the level of the logger it was taken from', () => {
    const { stream, lines } = captureLines();
    const root = createLogger({ level: 'info', format: 'json', stream });
    const plain = unredactedLogger(root);
    root.level = 'warn';
    logRequestLine(root, fakeRequest({ code: 200 }), REPLY, plain);
    expect(lines).toEqual([]);
    root.level = 'debug';
    logRequestLine(root, fakeRequest({ code: 200 }), REPLY, plain);
    expect(lines).toHaveLength(1);
  });
});

describe('unredactedLogger', () => {
  it('leaves the logger it came from redacting, and so the children Fastify makes of it', () => {
    const { stream, lines } = captureLines();
    const root = createLogger({ level: 'info', format: 'json', stream });
    const fastifyChild = root.child({}, { serializers: {} });
    expect(unredactedLogger(fastifyChild)).not.toBe(fastifyChild);
    unredactedLogger(root).info({ api: '/x' }, 'request');
    root.info({ appSecret: 'APPSECRET-0123456789' }, 'a');
    fastifyChild.info({ app: { cloudToken: 'CLOUDTOKEN-0123456789' } }, 'b');
    expect(lines).toHaveLength(3);
    expect(lines.join('\n')).not.toMatch(/APPSECRET-|CLOUDTOKEN-/);
  });

  it('returns a logger not made by createLogger as it is: its redaction is kept', () => {
    const { stream, lines } = captureLines();
    const own = pino({ level: 'info', redact: ['iotId'] }, stream) as unknown as FastifyBaseLogger;
    expect(unredactedLogger(own)).toBe(own);
    logRequestLine(own, fakeRequest({ iotId: 'Cam-private', code: 200 }), REPLY, unredactedLogger(own));
    expect(JSON.parse(lines[0]!).iotId).toBe('[Redacted]');
  });
});
