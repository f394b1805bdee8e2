// The gateway core's own cost on the create path, in process, without HTTP: each bench create body
// through `gateway.call` (signature step off, envelope, faults, token and permission checks, the
// create rules, the answer's bytes), beside the same body through the create rules alone. The
// difference is what the gateway's pipeline adds to a call. Bytes are the heap's growth per call
// over batches run between two collections (the young generation is made large enough that no
// collection runs inside a batch), so they count every object a call leaves or drops, the stored
// order included, the same for every build.
// Prints one JSON line: µs and bytes per call, append and immediate creates (median of the rounds).
// Usage: npm run build && node --expose-gc --max-semi-space-size=128 bench/gateway-cost.mjs [calls per round]
//        DIST=/path/to/another/dist ... times another build of dist/.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFixtures } from './fixtures.mjs';
import { createRequests } from './requests.mjs';

if (typeof globalThis.gc !== 'function') throw new Error('run with node --expose-gc --max-semi-space-size=128');
const dist = new URL(`${process.env.DIST ?? '../dist'}/`, import.meta.url);
const load = (path) => import(new URL(path, dist).href);
const { loadFixtures } = await load('fixtures/load.js');
const { ALL_OPERATIONS } = await load('families/table.js');
const { createWorld } = await load('world.js');
const { createGateway } = await load('gateway/gateway-core.js');
const { cloudTokenCheck } = await load('gateway/cloud-token-check.js');
const { appPermissions } = await load('gateway/app-permissions.js');
const { parseEnvelope } = await load('gateway/envelope.js');

const calls = Number(process.argv[2] ?? 20_000);
const ROUNDS = 7;
const BATCH = 1000;
const dir = mkdtempSync(join(tmpdir(), 'aliyun-living-mock-gateway-'));
const fixtures = loadFixtures(writeFixtures(dir, { devices: 1000, orders: 0 }));
rmSync(dir, { recursive: true, force: true });
const gateway = createGateway({ operations: ALL_OPERATIONS, checks: [cloudTokenCheck({ required: false }), appPermissions] });
const create = ALL_OPERATIONS.find((op) => op.path.endsWith('/order/create'));
const noTransport = () => {
  throw new Error('nothing waits on the create path');
};
// The headers autocannon sends, as Node hands them to the server.
const headersOf = (body) => ({ host: '127.0.0.1:3000', 'content-type': 'application/json', 'content-length': String(body.length) });

/** Bench create bodies as bytes, append or immediate. */
function bodies(immediate) {
  return createRequests(1000).map((r) => {
    const text = immediate ? r.body.replace('"immediateUse":false', '"immediateUse":true') : r.body;
    return { bytes: Buffer.from(text), headers: headersOf(text), path: r.path };
  });
}

/** µs and bytes per call of `step` over `requests`, median of the rounds (the first round warms up). */
function measure(requests, step) {
  const micros = [];
  const bytes = [];
  for (let round = 0; round < ROUNDS + 1; round++) {
    // A fresh world each round: every round meets the same store sizes.
    const world = createWorld(fixtures, { timezone: 'Asia/Shanghai', seed: 1 });
    let ms = 0;
    let grown = 0;
    for (let done = 0; done < calls; done += BATCH) {
      globalThis.gc();
      const heap = process.memoryUsage().heapUsed;
      const t = performance.now();
      for (let i = done; i < done + BATCH; i++) step(world, requests[i % requests.length]);
      ms += performance.now() - t;
      grown += process.memoryUsage().heapUsed - heap;
    }
    if (round > 0) {
      micros.push((ms * 1000) / calls);
      bytes.push(grown / calls);
    }
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return { us: Math.round(median(micros) * 100) / 100, bytes: Math.round(median(bytes)) };
}

const viaGateway = (world, r) => {
  const result = gateway.call(world, { method: 'POST', path: r.path, query: '', headers: r.headers, body: r.bytes }, {}, noTransport);
  if (result.kind !== 'answer' || result.answer.status !== 200) throw new Error('create refused');
};
const encoder = new TextEncoder();
const viaRules = (world, r) => {
  const parsed = parseEnvelope(r.bytes);
  const id = world.ids.uuid();
  const result = create.handle({ world, params: parsed.envelope.params, request: parsed.envelope.request, now: world.clock.now() });
  if (!result.ok) throw new Error(`create refused: ${result.detail}`);
  encoder.encode(JSON.stringify({ id, code: 200, message: null, localizedMsg: null, data: result.data }));
};

const out = { calls, rounds: ROUNDS };
for (const [name, immediate] of [['append', false], ['immediate', true]]) {
  const requests = bodies(immediate);
  const gate = measure(requests, viaGateway);
  const rules = measure(requests, viaRules);
  out[name] = { gateway: gate, rules, pipelineUs: Math.round((gate.us - rules.us) * 100) / 100, pipelineBytes: gate.bytes - rules.bytes };
}
console.log(JSON.stringify(out));
