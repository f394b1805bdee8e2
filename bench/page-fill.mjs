// Fills an emulator started with --synthetic-devices N to the admin page's scale: 10 orders on
// each synthetic device, 8 直播分享 (placed through the admin API, paid, some long ago) and 2 云存储
// (bought through the API). Used by the page's browser tests and by `npm run bench -- --only page`.

const STREAMING = ['streamingResource_20_10', 'streamingResource_5_1', 'streamingResource_60_3', 'streamingResource_1_1'];
const CLOUD = [
  { commodityCode: 'ilopLVCloudResource', specification: 'eventResource_7' },
  { commodityCode: 'ilopLVCloudResourceYear', specification: 'eventResource_7' },
];

/** The iotId of synthetic device `n` (as src/fixtures/synthetic.ts names it). */
export function syntheticIotId(n) {
  return `LoadTestDevice${String(n).padStart(12, '0')}`;
}

async function ok(res, what) {
  if (!res.ok) throw new Error(`${what}: HTTP ${res.status} ${await res.text()}`);
  return res.json();
}

/** Places `perDevice` orders on each of the first `devices` synthetic devices; resolves to the number placed. */
export async function fillForPage(url, { devices = 200, perDevice = 10, concurrency = 8 } = {}) {
  let placed = 0;
  const work = [];
  for (let n = 1; n <= devices; n++) {
    const iotId = syntheticIotId(n);
    work.push(async () => {
      for (let i = 0; i < perDevice; i++) {
        if (i >= perDevice - 2) {
          const body = { id: `fill-${n}-${i}`, version: '1.0', request: { apiVer: '1.0.8' }, params: { iotId, userName: 'load-test', copies: 1, ...CLOUD[i % 2] } };
          const answer = await ok(await fetch(`${url}/vision/customer/cloudstorage/commodity/buy`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }), 'cloud buy');
          if (answer.code !== 200) throw new Error(`cloud buy on ${iotId}: code ${answer.code} ${answer.message}`);
        } else {
          const order = { commodityCode: STREAMING[i % STREAMING.length], copies: 1, paymentStatus: i % 5 === 4 ? 0 : 1, ...(i < 2 ? { startTime: `now-${(2 - i) * 40}d` } : {}) };
          await ok(await fetch(`${url}/__admin/devices/${iotId}/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(order) }), 'admin order');
        }
        placed += 1;
      }
    });
  }
  const runners = Array.from({ length: concurrency }, async () => {
    while (work.length) await work.shift()();
  });
  await Promise.all(runners);
  return placed;
}
