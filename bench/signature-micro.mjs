// In-process cost of the X-Ca signature gate per request (Aliyun 143207), without HTTP: the signed
// creates of the bench's signature scenario go through the signature check on plain requests, so a
// change to the check shows in microseconds without the noise of a loaded server.
// Usage: npm run build && node bench/signature-micro.mjs [iterations] (DIST=dir to time another build)
import { gateRequests } from './requests.mjs';

const dist = new URL(`${process.env.DIST ?? '../dist'}/`, import.meta.url);
const { createSignatureCheck } = await import(new URL('gateway/signature-check.js', dist).href);
const { createNodeSigningCrypto } = await import(new URL('gateway/signing/node-crypto.js', dist).href);
const { createNonceMemory } = await import(new URL('gateway/signing/nonce-memory.js', dist).href);
const iterations = Number(process.argv[2] ?? 200_000);
const apps = JSON.parse(await import('node:fs').then((fs) => fs.readFileSync(new URL('../fixtures/apps.json', import.meta.url), 'utf8')));
const world = { fixtures: { apps }, clock: { now: () => Date.now() }, nonces: createNonceMemory() };
const requests = gateRequests(world);
const check = createSignatureCheck({ verifyAll: true, crypto: createNodeSigningCrypto() });

let refused = 0;
const round = (n) => {
  for (let i = 0; i < n; i++) if (check(world, requests[i % requests.length], {})) refused++;
};
round(20_000);
const times = [];
for (let r = 0; r < 7; r++) {
  const t = performance.now();
  round(iterations);
  times.push(((performance.now() - t) * 1000) / iterations);
}
times.sort((a, b) => a - b);
console.log(`signature gate: median ${times[3].toFixed(2)} µs/req, best ${times[0].toFixed(2)} (${iterations} x 7 rounds)${refused ? `; REFUSED ${refused}` : ''}`);
