// node bench/growth-ops.mjs [--sizes 10,1000,100000] [--iterations 2000] [--dist dist]
//
// Every order operation timed in process (app.inject, no sockets) on one device that already holds
// N orders, for each N: the cost of an operation must not grow with the device's history. The
// device's queue holds up to 90 000 waiting orders (one month each, from 1971: the queue's range
// ends in 9999); orders past that are frozen ones (they hold no time). Prints µs per operation and
// the ratio of the largest size to the smallest (throughput at N / throughput at the first N).
// --dist points at another build (e.g. a checkout of an earlier commit) to measure it the same way.
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';

const { values: flags } = parseArgs({
  options: {
    sizes: { type: 'string', default: process.env.BENCH_GROWTH ?? '10,1000,100000' },
    iterations: { type: 'string', default: '2000' },
    dist: { type: 'string', default: 'dist' },
    device: { type: 'string', default: 'Hk3m4NoP5qRs6TuVwXyZ000103' },
  },
});
const sizes = flags.sizes.split(',').map(Number);
const iterations = Number(flags.iterations);
const { buildApp } = await import(pathToFileURL(resolve(flags.dist, 'index.js')).href);
const T0 = '1971-01-01T00:00:00Z';
const WAITING_MAX = 90_000;
const D = flags.device;
const PATH = '/vision/customer/streaming/order';
const envelope = (params) => JSON.stringify({ id: '1', version: '1.0', request: { apiVer: '1.0.0' }, params });

async function api(app, path, params) {
  const res = await app.inject({ method: 'POST', url: path, headers: { 'content-type': 'application/json' }, payload: envelope(params) });
  const body = JSON.parse(res.body);
  if (body.code !== 200) throw new Error(`${path}: code ${body.code} ${res.headers['x-mock-error-detail'] ?? ''}`);
  return body.data;
}

/** An app whose device D holds `n` orders: up to WAITING_MAX waiting ones bought through the API, the rest frozen. */
async function seeded(n) {
  const app = await buildApp({ now: T0, seed: 7, logLevel: 'silent' });
  const ids = [];
  for (let i = 0; i < Math.min(n, WAITING_MAX); i++) ids.push((await api(app, `${PATH}/create`, { iotId: D, commodityCode: 'streamingResource_20_10', copies: 1 })).orderId);
  for (let i = WAITING_MAX; i < n; i++) {
    const res = await app.inject({ method: 'POST', url: `/__admin/devices/${D}/orders`, payload: { commodityCode: 'streamingResource_20_10', copies: 1, frozen: true, startTime: '1970-06-01T00:00:00Z' } });
    if (res.statusCode !== 201) throw new Error(res.body);
  }
  return { app, ids };
}

const OPS = {
  'create (append)': (app) => api(app, `${PATH}/create`, { iotId: D, commodityCode: 'streamingResource_20_10', copies: 1 }),
  'create (immediate)': (app) => api(app, `${PATH}/create`, { iotId: D, commodityCode: 'streamingResource_20_10', copies: 1, immediateUse: true }),
  enable: (app, ids, i) => api(app, `${PATH}/enable`, { iotId: D, orderId: ids[(i * 7919) % ids.length] }),
  pay: (app, ids, i) => api(app, `${PATH}/pay`, { iotId: D, orderId: ids[(i * 104_729) % ids.length] }),
  get: (app, ids, i) => api(app, `${PATH}/get`, { iotId: D, orderId: ids[(i * 31) % ids.length] }),
  'query (first page)': (app) => api(app, `${PATH}/query`, { iotId: D, pageNo: 1, pageSize: 20 }),
  'query (deep page)': (app, ids) => api(app, `${PATH}/query`, { iotId: D, pageNo: Math.max(1, Math.floor(ids.length / 40)), pageSize: 20 }),
  'admin device read': async (app) => {
    const res = await app.inject({ method: 'GET', url: `/__admin/devices/${D}` });
    if (res.statusCode !== 200) throw new Error(res.body);
  },
};

// Every operation runs warm: a first pass on a small device compiles the hot paths before any size is timed.
{
  const { app, ids } = await seeded(50);
  for (const op of Object.values(OPS)) for (let i = 0; i < 300; i++) await op(app, ids, i);
  await app.close();
}

const results = {};
for (const n of sizes) {
  const started = performance.now();
  const { app, ids } = await seeded(n);
  console.error(`[growth] ${n} orders seeded in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  for (const [name, op] of Object.entries(OPS)) {
    for (let i = 0; i < Math.min(200, iterations); i++) await op(app, ids, i);
    const t0 = performance.now();
    for (let i = 0; i < iterations; i++) await op(app, ids, i + 200);
    (results[name] ??= {})[n] = ((performance.now() - t0) * 1000) / iterations;
  }
  await app.close();
}

const first = sizes[0];
const last = sizes.at(-1);
console.log(`\ngrowth: µs per operation (in process, app.inject) on one device holding N orders; ratio = throughput at ${last} / at ${first}, target ≥ 0.8`);
console.log(`| operation | ${sizes.map((n) => `N = ${n}`).join(' | ')} | ratio |`);
console.log(`|---|${sizes.map(() => '---').join('|')}|---|`);
let pass = true;
for (const [name, row] of Object.entries(results)) {
  const ratio = row[first] / row[last];
  if (ratio < 0.8) pass = false;
  console.log(`| ${name} | ${sizes.map((n) => row[n].toFixed(0)).join(' | ')} | ${ratio.toFixed(2)}${ratio < 0.8 ? ' ✗' : ''} |`);
}
console.log(pass ? 'every operation within 0.8: PASS' : 'some operation grows: FAIL');
process.exitCode = pass ? 0 : 1;
