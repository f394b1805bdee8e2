// The create path's core, in process, without HTTP: what an answer costs before any server work.
// Each bench create body goes through the steps the route takes for it: the envelope parsed from
// its bytes, the request id, the business rules (the create operation over a fresh world), the
// answer encoded as bytes, the call recorded in the world's journal (on in every scenario, at its
// default bound); for the signed scenario, the signature gate; for the logging scenario, the
// request's log line written to a file as `--log-level info` writes it.
// No journal, no log line, no Fastify, no sockets: a floor, measured with warm caches.
// Prints one JSON line: µs per request for each step (median of the rounds).
// Usage: npm run build && node bench/core-cost.mjs [iterations per round]
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { writeFixtures } from './fixtures.mjs';
import { CREATE, createRequests, gateRequests, loggedRequests } from './requests.mjs';

const dist = new URL(`${process.env.DIST ?? '../dist'}/`, import.meta.url);
const load = (path) => import(new URL(path, dist).href);
const { loadFixtures } = await load('fixtures/load.js');
const { streamingOperations } = await load('families/streaming/operations.js');
const { createWorld } = await load('world.js');
const { parseEnvelope } = await load('gateway/envelope.js');
const { recordRequest } = await load('journal/record.js');
const { createSignatureCheck } = await load('gateway/signature-check.js');
const { createNodeSigningCrypto } = await load('gateway/signing/node-crypto.js');
const { createNonceMemory } = await load('gateway/signing/nonce-memory.js');
const { createLogger, unredactedLogger } = await load('logging/logger.js');
const { logRequestLine } = await load('logging/request-logger.js');

const iterations = Number(process.argv[2] ?? 50_000);
const ROUNDS = 7;
const dir = mkdtempSync(join(tmpdir(), 'aliyun-living-mock-core-'));
const fixtures = loadFixtures(writeFixtures(dir, { devices: 1000, orders: 0 }));
rmSync(dir, { recursive: true, force: true });
const create = streamingOperations.find((op) => op.path.endsWith('/order/create'));
const bodies = createRequests(1000).map((r) => Buffer.from(r.body));
// The headers autocannon sends, as Node hands them to the server.
const headersOf = (body) => ({ host: '127.0.0.1:3000', 'content-type': 'application/json', 'content-length': String(body.length) });
const headers = bodies.map(headersOf);
const turn = () => new Promise((resolve) => setImmediate(resolve));

const steps = { parse: 0, ids: 0, rules: 0, encode: 0, journal: 0 };
const perRound = [];
for (let round = 0; round < ROUNDS + 1; round++) {
  // A fresh world each round: the rounds measure the same store sizes, and memory stays bounded.
  const world = createWorld(fixtures, { timezone: 'Asia/Shanghai', seed: 1 });
  const times = { parse: 0, ids: 0, rules: 0, encode: 0, journal: 0 };
  for (let i = 0; i < iterations; i++) {
    const body = bodies[i % bodies.length];
    let t = performance.now();
    const parsed = parseEnvelope(body);
    let now = performance.now();
    times.parse += now - t;
    t = now;
    const id = world.ids.uuid();
    now = performance.now();
    times.ids += now - t;
    t = now;
    const result = create.handle({ world, params: parsed.envelope.params, request: parsed.envelope.request, now: world.clock.now() });
    now = performance.now();
    times.rules += now - t;
    t = now;
    const text = JSON.stringify({ id, code: 200, message: null, localizedMsg: null, data: result.data });
    Buffer.from(text);
    now = performance.now();
    times.encode += now - t;
    t = now;
    // What the route's onResponse hook hands the journal: the request as Fastify holds it.
    const outcome = { api: CREATE, iotId: parsed.envelope.params.iotId, code: 200, receivedAtMs: world.clock.now(), responseBody: text };
    recordRequest({ id, url: CREATE, method: 'POST', headers: headers[i % headers.length], body, world, outcome }, 200, 0.31);
    times.journal += performance.now() - t;
    if (!result.ok) throw new Error(`create refused: ${result.detail}`);
  }
  // The first round warms the code up and is not counted.
  if (round > 0) perRound.push(Object.fromEntries(Object.entries(times).map(([k, ms]) => [k, (ms * 1000) / iterations])));
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
for (const k of Object.keys(steps)) steps[k] = median(perRound.map((r) => r[k]));

// The signature gate on the signed scenario's requests, as bench/signature-micro.mjs times it.
const apps = JSON.parse(readFileSync(new URL('../fixtures/apps.json', import.meta.url), 'utf8'));
const signingWorld = { fixtures: { apps }, clock: { now: () => Date.now() }, nonces: createNonceMemory() };
const signed = gateRequests(signingWorld);
const check = createSignatureCheck({ verifyAll: true, crypto: createNodeSigningCrypto() });
const gateRounds = [];
for (let round = 0; round < ROUNDS + 1; round++) {
  const t = performance.now();
  for (let i = 0; i < iterations; i++) if (check(signingWorld, signed[i % signed.length], {})) throw new Error('signature refused');
  if (round > 0) gateRounds.push(((performance.now() - t) * 1000) / iterations);
}

// The log line: CPU of all threads (the file writes happen off the JavaScript thread), as many lines
// per event-loop turn as a 50-connection load gives the server.
const logDir = mkdtempSync(join(tmpdir(), 'aliyun-living-mock-core-log-'));
const destination = pino.destination({ dest: join(logDir, 'lines.log'), sync: false });
const root = createLogger({ level: 'info', format: 'json', stream: destination });
const plain = unredactedLogger(root);
const logged = loggedRequests();
const logReply = { statusCode: 200, elapsedTime: 0.3172 };
const lineRounds = [];
for (let round = 0; round < ROUNDS + 1; round++) {
  const before = process.cpuUsage();
  for (let i = 0; i < iterations; i++) {
    logRequestLine(root, logged[i % logged.length], logReply, plain);
    if (i % 48 === 0) await turn();
  }
  await new Promise((resolve) => destination.flush(resolve));
  const used = process.cpuUsage(before);
  if (round > 0) lineRounds.push((used.user + used.system) / iterations);
}
destination.end();
rmSync(logDir, { recursive: true, force: true });

const total = steps.parse + steps.ids + steps.rules + steps.encode + steps.journal;
console.log(JSON.stringify({ iterations, rounds: ROUNDS, ...steps, total, signature: median(gateRounds), logLine: median(lineRounds) }));
