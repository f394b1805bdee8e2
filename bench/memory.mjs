// Memory per stored order: creates `count` orders through the create operation (the same code
// the HTTP route calls, without HTTP) and reports the heap and resident growth per order after a
// full collection. Run with --expose-gc: node --expose-gc bench/memory.mjs <fixturesDir> <count>
import { loadFixtures } from '../dist/fixtures/load.js';
import { streamingOperations } from '../dist/families/streaming/operations.js';
import { streamingStoreOf } from '../dist/families/streaming/store.js';
import { createWorld } from '../dist/world.js';
import { createRequests } from './requests.mjs';

const [dir, countText = '100000'] = process.argv.slice(2);
const count = Number(countText);
const world = createWorld(loadFixtures(dir), { timezone: 'Asia/Shanghai', seed: 1 });
const create = streamingOperations.find((op) => op.path.endsWith('/order/create'));
const bodies = createRequests(1000).map((r) => r.body);

const settle = () => {
  for (let i = 0; i < 3; i++) globalThis.gc();
  return process.memoryUsage();
};
const before = settle();
let failed = 0;
for (let i = 0; i < count; i++) {
  // Parsed per call, as each request brings its own strings.
  const { params, request } = JSON.parse(bodies[i % bodies.length]);
  const result = create.handle({ world, params, request, now: world.clock.now() });
  if (!result.ok) failed++;
}
const after = settle();
console.log(
  JSON.stringify({
    orders: count,
    // Read after the measurement: it also keeps the world (and its orders) alive until then.
    stored: streamingStoreOf(world).orders.size,
    failed,
    heapBytesPerOrder: Math.round((after.heapUsed - before.heapUsed) / count),
    rssBytesPerOrder: Math.round((after.rss - before.rss) / count),
    heapUsedMb: Math.round((after.heapUsed / 1048576) * 10) / 10,
    rssMb: Math.round((after.rss / 1048576) * 10) / 10,
  }),
);
