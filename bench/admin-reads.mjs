// node bench/admin-reads.mjs [--devices 100000] [--orders 30000] [--iterations 50] [--dist dist]
//
// The admin reads the page polls, in process (app.inject, no sockets): GET /__admin/devices (its first
// page, a last page, the widest page), GET /__admin/changes without a stamp (one snapshot page, and the
// whole snapshot read 1 000 devices a page as the admin page reads it: total ms and the longest single
// answer, right after start and again once warm), and one device holding N cloud-storage orders.
// Prints bytes and ms per read: the bytes must stay the same whatever the world holds (a page, a
// window of each lane); the ms are for a human to read, not asserted anywhere.
// --dist points at another build to measure it the same way.
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';

const { values: flags } = parseArgs({
  options: {
    devices: { type: 'string', default: '100000' },
    orders: { type: 'string', default: '30000' },
    iterations: { type: 'string', default: '50' },
    dist: { type: 'string', default: 'dist' },
  },
});
const iterations = Number(flags.iterations);
const { buildApp } = await import(pathToFileURL(resolve(flags.dist, 'index.js')).href);
const T0 = '2024-11-15T02:00:00Z';
const DEVICE = 'bZGD54swRg******FkEs000101';
const BUY = '/vision/customer/cloudstorage/commodity/buy';

/** Bytes of one answer and the median ms of `iterations` more, after a warm-up. */
async function timeRead(app, url) {
  const first = await app.inject({ method: 'GET', url });
  if (first.statusCode !== 200) throw new Error(`${url}: ${first.statusCode} ${first.body.slice(0, 200)}`);
  for (let i = 0; i < 5; i++) await app.inject({ method: 'GET', url });
  const times = [];
  for (let i = 0; i < iterations; i++) {
    const started = performance.now();
    await app.inject({ method: 'GET', url });
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { read: url, bytes: first.body.length, medianMs: Number(times[Math.floor(times.length / 2)].toFixed(2)) };
}

/** The whole snapshot of the change feed, 1 000 devices an answer, one after another: bytes, total ms, the longest answer's ms. */
async function readSnapshot(app, label) {
  let bytes = 0;
  let longest = 0;
  const started = performance.now();
  for (let offset = 0, total = 1; offset < total; offset += 1000) {
    const at = performance.now();
    const res = await app.inject({ method: 'GET', url: `/__admin/changes?offset=${offset}&limit=1000` });
    longest = Math.max(longest, performance.now() - at);
    if (res.statusCode !== 200) throw new Error(`snapshot page ${offset}: ${res.statusCode} ${res.body.slice(0, 200)}`);
    total = res.json().total;
    bytes += res.body.length;
  }
  return { read: `whole snapshot, 1000 a page (${label})`, bytes, medianMs: `total ${(performance.now() - started).toFixed(0)}, longest answer ${longest.toFixed(2)}` };
}

const rows = [];
{
  const app = await buildApp({ now: T0, seed: 7, logLevel: 'silent', syntheticDevices: Number(flags.devices) });
  // First, as a page opened right after start reads it: the feed looks at every device once.
  const cold = await readSnapshot(app, 'first read after start');
  const total = (await app.inject({ method: 'GET', url: '/__admin/devices?limit=1' })).json().total;
  for (const url of ['/__admin/devices', `/__admin/devices?offset=${total - 50}`, '/__admin/devices?limit=1000', '/__admin/changes', '/__admin/changes?limit=1000']) {
    rows.push({ world: `${total} devices`, ...(await timeRead(app, url)) });
  }
  rows.push({ world: `${total} devices`, ...cold }, { world: `${total} devices`, ...(await readSnapshot(app, 'warm')) });
  await app.close();
}
{
  const app = await buildApp({ now: T0, seed: 7, logLevel: 'silent' });
  const n = Number(flags.orders);
  for (let i = 0; i < n; i++) {
    const params = { iotId: DEVICE, userName: `u${i}`, commodityCode: 'ilopLVCloudResource', specification: 'eventResource_7', copies: 1 };
    const res = await app.inject({ method: 'POST', url: BUY, headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ id: '1', version: '1.0', request: { apiVer: '1.0.8' }, params }) });
    if (JSON.parse(res.body).code !== 200) throw new Error(`buy ${i}: ${res.body}`);
  }
  for (const url of [`/__admin/devices/${DEVICE}`, '/__admin/devices', '/__admin/changes']) {
    rows.push({ world: `one device of ${n} cloud orders`, ...(await timeRead(app, url)) });
  }
  await app.close();
}
console.table(rows);
