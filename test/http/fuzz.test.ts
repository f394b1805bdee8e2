/**
 * Bad input never hurts: 100 000 random and mutated envelopes, most through app.inject and a
 * sample over a real socket, get only faithful envelopes or gateway errors.
 */
import { request as httpRequest, Agent } from 'node:http';
import { Writable } from 'node:stream';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import { renderOrder } from '../../src/families/streaming/order.js';
import { startServer, type RunningServer } from '../../src/runtime/server.js';
import { T0 } from '../support/api.js';
import { fuzzRequests, hugeRequests, PROTECTED, type FuzzRequest } from '../support/fuzz-bodies.js';
import { allOrders, findOrderAnywhere, readOrdersOf, streamingStoreOf } from '../../src/families/streaming/store.js';

/** Requests through inject; the socket sample comes on top. Raise FUZZ_COUNT locally for a longer run. */
const INJECTED = Number(process.env.FUZZ_COUNT ?? 100_000);
const OVER_SOCKET = 2_000;
const ENVELOPE_KEYS = ['id', 'code', 'message', 'localizedMsg', 'data'];
const GATEWAY_STATUSES = new Set([400, 404, 405, 413, 429, 504]);

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const heapAfterGc = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};

/** What a response may be: a faithful envelope (HTTP 200) or a gateway error (empty body). Returns why not. */
function unfaithful(req: FuzzRequest, status: number, headers: Record<string, unknown>, body: string): string | undefined {
  if (req.method === 'OPTIONS') return status === 204 || status === 404 ? undefined : `OPTIONS answered ${status}`;
  if (status === 200) {
    if (req.method === 'HEAD') return undefined;
    if (headers['content-type'] !== 'application/json;charset=UTF-8') return `content-type ${String(headers['content-type'])}`;
    let json: Record<string, unknown>;
    try {
      json = JSON.parse(body);
    } catch {
      return `HTTP 200 with a body that is not JSON: ${body.slice(0, 80)}`;
    }
    if (JSON.stringify(Object.keys(json)) !== JSON.stringify(ENVELOPE_KEYS)) return `envelope keys ${Object.keys(json).join(',')}`;
    if (json.code === 500) return `code 500: ${String(headers['x-mock-error-detail'])}`;
    if (json.code !== 200 && json.data !== null) return 'error envelope with data';
    return undefined;
  }
  if (!GATEWAY_STATUSES.has(status)) return `HTTP ${status}: ${body.slice(0, 120)}`;
  if (body !== '') return `gateway error ${status} with a body`;
  if (typeof headers['x-ca-error-code'] !== 'string' || (headers['x-ca-error-code'] as string).length !== 6) return `gateway error ${status} without X-Ca-Error-Code`;
  return undefined;
}

/** Each protected device's orders as the API would render them. */
function protectedState(app: FastifyInstance): string {
  const { zone, clock } = app.world;
  const store = streamingStoreOf(app.world);
  return JSON.stringify(PROTECTED.map((iotId) => [...allOrders(store)].filter((o) => o.iotId === iotId).map((o) => renderOrder(o, clock.now(), zone, true))));
}

let app: FastifyInstance;
const errorLogs: string[] = [];

beforeAll(async () => {
  const sink = new Writable({
    write(chunk, _enc, done) {
      errorLogs.push(String(chunk));
      done();
    },
  });
  // Only errors are logged: an error line means the emulator thought it had a bug.
  app = await buildApp({ now: T0, seed: 3, logger: pino({ level: 'error' }, sink) });
});
afterAll(() => app.close());

describe(`fuzz: ${INJECTED} random and mutated envelopes`, () => {
  it('answers only faithful envelopes or gateway errors, changes no other device, and gives its memory back', { timeout: 600_000 }, async () => {
    // Warm up (compiled schemas, first allocations) before the baseline.
    for (const req of fuzzRequests(500, 99)) await app.inject({ method: req.method as 'POST', url: req.path, headers: req.contentType ? { 'content-type': req.contentType } : {}, payload: req.body });
    app.world.reset();
    const before = protectedState(app);
    const baseline = heapAfterGc();

    const problems: string[] = [];
    const statuses = new Map<number, number>();
    const codes = new Map<string, number>();
    const CHUNK = 2_000;
    let sent = 0;
    for (let start = 0; start < INJECTED; start += CHUNK) {
      const batch = fuzzRequests(Math.min(CHUNK, INJECTED - start), 1000 + start);
      if (start === 0) batch.push(...hugeRequests(app.config.bodyLimit));
      // 50 at a time in flight: the handlers interleave as they would under concurrent clients.
      for (let i = 0; i < batch.length; i += 50) {
        const slice = batch.slice(i, i + 50);
        const answers = await Promise.all(
          slice.map((req) => app.inject({ method: req.method as 'POST', url: req.path, headers: req.contentType ? { 'content-type': req.contentType } : {}, payload: req.body })),
        );
        answers.forEach((res, j) => {
          statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
          if (res.statusCode === 200 && res.body.startsWith('{')) {
            const code = String((JSON.parse(res.body) as { code: number }).code);
            codes.set(code, (codes.get(code) ?? 0) + 1);
          }
          const why = unfaithful(slice[j]!, res.statusCode, res.headers, res.body);
          if (why && problems.length < 20) problems.push(`${slice[j]!.method} ${slice[j]!.path} [${slice[j]!.contentType}] ${slice[j]!.body.subarray(0, 100).toString('latin1')} -> ${why}`);
        });
        sent += slice.length;
      }
    }
    expect(problems).toEqual([]);
    expect(sent).toBeGreaterThanOrEqual(INJECTED);
    expect(statuses.get(500) ?? 0).toBe(0);
    expect(errorLogs).toEqual([]);
    expect(protectedState(app)).toBe(before);
    // Nothing leaked onto Object.prototype from __proto__/constructor keys.
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();

    // The orders created on the fuzz targets are state, not a leak: drop them, then compare.
    app.world.reset();
    const after = heapAfterGc();
    expect(after - baseline).toBeLessThan(64 * 1024 * 1024);
    console.log(`fuzz: ${sent} injected requests, HTTP statuses ${JSON.stringify(Object.fromEntries(statuses))}, envelope codes ${JSON.stringify(Object.fromEntries(codes))}, heap ${(baseline / 1048576).toFixed(1)} MiB -> ${(after / 1048576).toFixed(1)} MiB`);
  });
});

describe(`fuzz over a real socket: ${OVER_SOCKET} envelopes`, () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ port: 0, now: T0, seed: 4 });
  });
  afterAll(() => server.close());

  it('answers the same way over HTTP/1.1, and keeps serving', { timeout: 300_000 }, async () => {
    const before = protectedState(server.app);
    const agent = new Agent({ keepAlive: true, maxSockets: 32 });
    const url = new URL(server.url);
    const send = (req: FuzzRequest) =>
      new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
        const headers: Record<string, string | number> = { 'content-length': req.body.length };
        if (req.contentType) headers['content-type'] = req.contentType;
        const r = httpRequest({ host: url.hostname, port: url.port, method: req.method, path: req.path, headers, agent }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        });
        r.on('error', reject);
        r.end(req.body);
      });
    const requests = [...fuzzRequests(OVER_SOCKET, 777), ...hugeRequests(server.app.config.bodyLimit)];
    const problems: string[] = [];
    for (let i = 0; i < requests.length; i += 64) {
      const slice = requests.slice(i, i + 64);
      const answers = await Promise.all(slice.map(send));
      answers.forEach((res, j) => {
        const why = unfaithful(slice[j]!, res.status, res.headers, res.body);
        if (why && problems.length < 20) problems.push(`${slice[j]!.method} ${slice[j]!.path} -> ${why}`);
      });
    }
    agent.destroy();
    expect(problems).toEqual([]);
    expect(protectedState(server.app)).toBe(before);
    expect(server.app.server.listening).toBe(true);
  });
});
