#!/usr/bin/env node
/**
 * Sessions benchmark, against the built package (dist/): run `npm run build` first.
 *   node bench/sessions.mjs [--duration-ms 3000] [--sessions 1000] [--concurrency 32] [--json]
 * Measures: creating a session (in process), memory per idle session, and API throughput
 * over a real socket with every request in one session against requests spread over N live ones.
 * `npm run bench` can import { benchSessions } and put its rows in its table.
 */
import http from 'node:http';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { fileURLToPath, pathToFileURL } from 'node:url';

const DIST = new URL('../dist/', import.meta.url);
const T0 = '2024-11-15T02:00:00.000Z';
const DEVICE = 'Qw9e8R7t6Y5u4I3o2P1a000104'; // the fixture device with the longest queue
/** Two APIs: one that renders a device's orders (zone formatting dominates), one that does almost nothing (the session layer shows). */
const APIS = {
  'order/query': { path: '/vision/customer/streaming/order/query', params: { iotId: DEVICE, pageSize: 20 } },
  'commodity/query': { path: '/vision/customer/streaming/commodity/query', params: {} },
};

async function load(path) {
  try {
    return await import(new URL(path, DIST).href);
  } catch (err) {
    throw new Error(`cannot load dist/${path} (${err.message}); run \`npm run build\` first`);
  }
}

function gcFunction() {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc');
}

/** Microseconds to create one session world from the shared template. */
async function creationCost(count) {
  const { createWorld } = await load('world.js');
  const { createWorldTemplate } = await load('sessions/template.js');
  const { loadFixtures } = await load('fixtures/load.js');
  const fixtures = loadFixtures();
  const settings = { timezone: 'Asia/Shanghai', startMs: Date.parse(T0), frozen: true, seed: 42, faults: [], journalSize: 10_000 };
  const template = createWorldTemplate(fixtures, settings.timezone, settings.seed);
  for (let i = 0; i < 2000; i++) createWorld(fixtures, settings, Date.now, template); // warm-up
  const started = process.hrtime.bigint();
  for (let i = 0; i < count; i++) createWorld(fixtures, settings, Date.now, template);
  const perSessionUs = Number(process.hrtime.bigint() - started) / 1000 / count;
  // A running clock (no --now): sessions a second apart resolve the fixtures again.
  const running = { ...settings, startMs: undefined, frozen: false };
  let wall = Date.now();
  const runningStarted = process.hrtime.bigint();
  const runningCount = Math.min(count, 200);
  for (let i = 0; i < runningCount; i++) createWorld(fixtures, running, () => (wall += 1000), template);
  const perRunningUs = Number(process.hrtime.bigint() - runningStarted) / 1000 / runningCount;

  const gc = gcFunction();
  gc();
  gc();
  const before = process.memoryUsage().heapUsed;
  const kept = [];
  for (let i = 0; i < count; i++) kept.push(createWorld(fixtures, settings, Date.now, template));
  gc();
  gc();
  const perSessionBytes = (process.memoryUsage().heapUsed - before) / kept.length;
  return { perSessionUs, perSessionBytes, perRunningUs };
}

function post(agent, port, session, body, path) {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { agent, host: '127.0.0.1', port, method: 'POST', path, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...(session ? { 'x-mock-session': session } : {}) } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c) => (text += c));
        res.on('end', () => (res.statusCode === 200 && text.includes('"code":200') ? resolve() : reject(new Error(`HTTP ${res.statusCode}: ${text.slice(0, 200)}`))));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Requests per second for `durationMs`, `concurrency` in flight, session names from `pick`. */
async function throughput(port, api, durationMs, concurrency, pick) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const { path, params } = APIS[api];
  const body = JSON.stringify({ id: '1', version: '1.0', request: { apiVer: '1.0.0' }, params });
  let done = 0;
  let n = 0;
  const end = performance.now() + durationMs;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        await post(agent, port, pick(n++), body, path);
        done++;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  return done / seconds;
}

/** Runs the scenarios; resolves to rows for a results table. */
export async function benchSessions({ durationMs = 3000, sessions = 1000, concurrency = 32, creations = 5000 } = {}) {
  const { perSessionUs, perSessionBytes, perRunningUs } = await creationCost(creations);
  const { startServer } = await load('server.js');
  const server = await startServer({ port: 0, now: T0, seed: 42, logLevel: 'silent', maxSessions: Math.max(sessions, 1000) });
  try {
    const port = new URL(server.url).port;
    const names = Array.from({ length: sessions }, (_, i) => `bench-${i}`);
    // Make every session live (and its device copied) before timing.
    for (let i = 0; i < names.length; i += concurrency) {
      const { path, params } = APIS['order/query'];
      await Promise.all(names.slice(i, i + concurrency).map((s) => post(undefined, port, s, JSON.stringify({ request: { apiVer: '1.0.0' }, params }), path)));
    }
    const rows = [
      { scenario: 'sessions: create one (shared fixtures, copy on access)', value: perSessionUs, unit: 'us' },
      { scenario: 'sessions: create one, running clock, a second after the last', value: perRunningUs, unit: 'us' },
      { scenario: 'sessions: memory per idle session', value: perSessionBytes / 1024, unit: 'KiB' },
    ];
    for (const api of Object.keys(APIS)) {
      await throughput(port, api, Math.min(1000, durationMs), concurrency, () => 'bench-one'); // warm-up
      // Alternating rounds, so a change in the machine's load hits both scenarios alike.
      const rounds = 3;
      let one = 0;
      let many = 0;
      for (let r = 0; r < rounds; r++) {
        one += (await throughput(port, api, durationMs / rounds, concurrency, () => 'bench-one')) / rounds;
        many += (await throughput(port, api, durationMs / rounds, concurrency, (i) => names[i % names.length])) / rounds;
      }
      const live = server.app.sessions.registry.size;
      rows.push(
        { scenario: `sessions: ${api}, 1 session, ${concurrency} in flight`, value: one, unit: 'req/s' },
        { scenario: `sessions: ${api}, spread over ${live} live sessions`, value: many, unit: 'req/s' },
        { scenario: `sessions: ${api}, ${live} sessions / 1 session`, value: many / one, unit: 'ratio' },
      );
    }
    return rows;
  } finally {
    await server.close();
  }
}

function option(args, name, fallback) {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? Number(args[i + 1]) : fallback;
}

if (process.argv[1] && pathToFileURL(process.argv[1]).href === import.meta.url) {
  const args = process.argv.slice(2);
  const rows = await benchSessions({
    durationMs: option(args, 'duration-ms', 3000),
    sessions: option(args, 'sessions', 1000),
    concurrency: option(args, 'concurrency', 32),
  });
  if (args.includes('--json')) console.log(JSON.stringify(rows, null, 2));
  else {
    console.log(`node ${process.version}, ${fileURLToPath(DIST)}`);
    for (const r of rows) console.log(`${r.scenario.padEnd(72)} ${r.value.toFixed(r.unit === 'ratio' ? 2 : 1).padStart(10)} ${r.unit}`);
  }
}
