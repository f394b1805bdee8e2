// The bare baseline: Fastify 5, logging off, one route answering a constant small JSON for
// any POST path. The emulator's numbers are read as ratios against this one, in the same run,
// so machine noise cancels out. With --work-us N, each request first keeps the CPU busy for N µs:
// the work-budget calibration (what N µs of work per request costs in requests/s on this machine).
// Usage: node bench/baseline.mjs <port> [--work-us N]
import Fastify from 'fastify';

const port = Number(process.argv[2] ?? 0);
const workAt = process.argv.indexOf('--work-us');
const workMs = workAt > 0 ? Number(process.argv[workAt + 1]) / 1000 : 0;
const app = Fastify({ logger: false });
const answer = { id: '7ad052cb-ee8b-4dfd-bbaf-efb340e0a5af', code: 200, message: null, localizedMsg: null, data: { ok: true } };
if (workMs > 0) {
  app.post('/*', async () => {
    // Busy, not asleep: the calibration is CPU time on the one JavaScript thread, as a route's work is.
    const until = performance.now() + workMs;
    while (performance.now() < until);
    return answer;
  });
} else {
  app.post('/*', async () => answer);
}

await app.listen({ port, host: '127.0.0.1' });
const address = app.server.address();
console.log(`baseline listening on http://127.0.0.1:${typeof address === 'object' && address ? address.port : port}`);
for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => void app.close().then(() => process.exit(0)));
