// npm run bench [-- --duration 3 --connections 50 --rounds 2 --only create,get --profile]
//
// Loads a bare Fastify baseline and the emulator in turn (A B A B, each a fresh process, warm-up
// then measured) with autocannon, prints a table of ratios against the baseline of the same run,
// marks each target pass/fail, and writes bench/results/latest.json. Every figure is a ratio to a
// baseline measured minutes apart on the same machine, so a loaded machine shifts both sides.
import autocannon from 'autocannon';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { writeFixtures } from './fixtures.mjs';
import { createRequests, CREATE, GET, getRequests, invalidCreateRequests, QUERY, queryRequests, signedCreateRequests } from './requests.mjs';
import { BASELINE, CLI, cpuMicros, peakRssMb, post, REFERENCE, rssMb, startServer } from './servers.mjs';
import { LOADED_DEVICE } from './fixtures.mjs';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const env = process.env;
const { values: flags } = parseArgs({
  options: {
    duration: { type: 'string', default: env.BENCH_DURATION ?? '10' },
    warmup: { type: 'string', default: env.BENCH_WARMUP },
    connections: { type: 'string', default: env.BENCH_CONNECTIONS ?? '50' },
    rounds: { type: 'string', default: env.BENCH_ROUNDS ?? '2' },
    devices: { type: 'string', default: env.BENCH_DEVICES ?? '1000' },
    only: { type: 'string', default: env.BENCH_ONLY },
    growth: { type: 'string', default: env.BENCH_GROWTH ?? '10,1000,100000' },
    work: { type: 'string', default: env.BENCH_WORK ?? '5,10,20' },
    'cold-runs': { type: 'string', default: env.BENCH_COLD_RUNS ?? '5' },
    soak: { type: 'string', default: env.BENCH_SOAK },
    'soak-devices': { type: 'string', default: env.BENCH_SOAK_DEVICES ?? '1000' },
    profile: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
if (flags.help) {
  console.log(`npm run bench -- [options]   (each also as an env variable BENCH_<NAME>)
  --duration <s>      measured seconds per run (10)
  --warmup <s>        warm-up seconds per run (duration / 5, at least 1)
  --connections <n>   concurrent connections (50)
  --rounds <n>        A B rounds per scenario (2)
  --devices <n>       bench devices the creates spread over (1000)
  --only <names>      comma-separated scenarios: create,create-invalid,get,query,create-signed,create-logging,reference,reference-logging,work,core,growth,memory,cold-start,sessions,page
  --work <list>       µs of busy CPU per request in the work-budget rows (5,10,20)
  --growth <list>     orders already on the device in the growth scenario (10,1000,100000)
  --cold-runs <n>     cold starts per side (5)
  --soak <duration>   instead of the scenarios: a create load at full speed for this long (30m, 1h), one row a minute
  --soak-devices <n>  synthetic devices the soak spreads over (1000)
  --profile           write a CPU profile of every emulator run to bench/results/profiles
  --keep              keep the generated fixtures folder`);
  process.exit(0);
}
if (flags.soak) {
  const { soak, printSoak, parseSoakDuration } = await import('./soak.mjs');
  const report = await soak({ seconds: parseSoakDuration(flags.soak), devices: Number(flags['soak-devices']), connections: Number(flags.connections) });
  printSoak(report);
  process.exit(report.pass ? 0 : 1);
}
const duration = Number(flags.duration);
const warmup = Number(flags.warmup ?? Math.max(1, Math.round(duration / 5)));
const connections = Number(flags.connections);
const rounds = Number(flags.rounds);
const deviceCount = Number(flags.devices);
const only = flags.only ? new Set(flags.only.split(',').map((s) => s.trim())) : undefined;
const wanted = (name) => !only || only.has(name) || (name.startsWith('growth') && only.has('growth')) || (name.startsWith('work-') && only.has('work'));
const profileDir = join(HERE, 'results', 'profiles');
const emulatorNodeArgs = flags.profile ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : [];
if (flags.profile) mkdirSync(profileDir, { recursive: true });

/** Targets: ratios against the baseline of the same run. */
const TARGETS = { createRatio: 0.7, createP99Ms: 10, loggingRatio: 0.55, signedRatio: 0.6, coldStartFactor: 1.5, peakRssMb: 150, growthFlat: 0.9 };
/** What the issue measured on its machine for its reference routes, as ratios to its bare route (27 000 req/s). */
const ISSUE_REFERENCE = { reference: 18_400 / 27_000, 'reference-logging': 13_300 / 27_000 };

const log = (...args) => console.error('[bench]', ...args);
const tmp = mkdtempSync(join(tmpdir(), 'aliyun-living-mock-bench-'));
const FIX_MAIN = writeFixtures(join(tmp, 'main'), { devices: deviceCount, orders: 1000 });
const emulatorArgs = (fixtures, extra = []) => ['--host', '127.0.0.1', '--fixtures', fixtures, '--seed', '7', '--log-level', 'silent', ...extra];
const createProbe = { path: CREATE, body: createRequests(1)[0].body, headers: { 'content-type': 'application/json' } };

/** One autocannon run against `url`. */
function load(url, requests, seconds) {
  return new Promise((resolve, reject) => {
    const instance = autocannon({ url, connections, duration: seconds, requests, timeout: 10 }, (err, result) => (err ? reject(err) : resolve(result)));
    autocannon.track(instance, { renderProgressBar: false, renderResultsTable: false, renderLatencyTable: false, outputStream: { write() {} } });
  });
}

/** The parts of an autocannon result the table and the JSON keep. */
function summarise(result, server) {
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    requests: result.requests.total,
    peakRssMb: server ? peakRssMb(server.pid) : null,
  };
}

/** Sends a few of the scenario's requests one by one and checks the business code of each answer. */
async function checkAnswers(url, requests, expectCode) {
  for (const r of requests.slice(0, 3)) {
    const res = await post(url, r.path, r.body, r.headers);
    let code;
    try {
      code = JSON.parse(res.body).code;
    } catch {
      code = `HTTP ${res.status} ${res.headers['x-ca-error-message'] ?? ''}`;
    }
    if (res.status !== 200 || code !== expectCode) return `expected code ${expectCode}, got ${res.status}/${code} ${res.headers['x-mock-error-detail'] ?? ''}`;
  }
  return undefined;
}

/** Fresh server, warm-up, measured run, stop. */
async function measure(side, scenario) {
  const isEmulator = side === 'emulator';
  // The scenario's own first request is the probe: a signed scenario refuses unsigned requests.
  const first = scenario.requests[0];
  const probe = { path: first.path, body: first.body, headers: first.headers };
  // A reference scenario puts the issue's reference route where the emulator would be.
  const measured = scenario.script
    ? { script: scenario.script, args: scenario.args, probe, stdoutFile: scenario.stdoutFile }
    : { script: CLI, args: emulatorArgs(scenario.fixtures ?? FIX_MAIN, scenario.args), nodeArgs: emulatorNodeArgs, probe, stdoutFile: scenario.stdoutFile };
  const server = await startServer(isEmulator ? measured : { script: BASELINE, probe });
  try {
    const wrong = isEmulator ? await checkAnswers(server.url, scenario.requests, scenario.expectCode ?? 200) : undefined;
    if (warmup > 0) await load(server.url, scenario.requests, warmup);
    const cpuBefore = [cpuMicros(server.pid), cpuMicros(server.pid, { mainThreadOnly: true })];
    const result = summarise(await load(server.url, scenario.requests, duration), server);
    // Where the time goes, per answered request: the server's CPU (all threads) and its JavaScript thread's.
    const cpuAfter = [cpuMicros(server.pid), cpuMicros(server.pid, { mainThreadOnly: true })];
    const perRequest = (i) => (cpuBefore[i] === null || cpuAfter[i] === null || result.requests === 0 ? null : (cpuAfter[i] - cpuBefore[i]) / result.requests);
    result.cpuUsPerRequest = perRequest(0);
    result.mainThreadUsPerRequest = perRequest(1);
    if (wrong) result.wrongAnswer = wrong;
    return result;
  } finally {
    await server.stop();
  }
}

const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
const meanOrNull = (xs) => (xs.some((x) => x === null || x === undefined) ? null : mean(xs));
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
function combine(runs) {
  return {
    rps: mean(runs.map((r) => r.rps)),
    p50: mean(runs.map((r) => r.p50)),
    p99: mean(runs.map((r) => r.p99)),
    cpuUsPerRequest: meanOrNull(runs.map((r) => r.cpuUsPerRequest)),
    mainThreadUsPerRequest: meanOrNull(runs.map((r) => r.mainThreadUsPerRequest)),
    errors: runs.reduce((a, r) => a + r.errors, 0),
    non2xx: runs.reduce((a, r) => a + r.non2xx, 0),
    peakRssMb: runs.some((r) => r.peakRssMb !== null) ? Math.max(...runs.map((r) => r.peakRssMb ?? 0)) : null,
    wrongAnswer: runs.find((r) => r.wrongAnswer)?.wrongAnswer,
    runs,
  };
}

/** Which optional APIs and flags the built emulator has (other branches add them). */
async function detectFeatures() {
  const help = spawnSync(process.execPath, [CLI, '--help'], { encoding: 'utf8' }).stdout ?? '';
  const server = await startServer({ script: CLI, args: emulatorArgs(FIX_MAIN), probe: createProbe });
  try {
    const exists = async (path) => (await post(server.url, path, '{}')).status !== 404;
    return { get: await exists(GET), query: await exists(QUERY), verifySignature: help.includes('--verify-signature') };
  } finally {
    await server.stop();
  }
}

const report = { date: new Date().toISOString(), node: process.version, cpus: cpus().length, cpuModel: cpus()[0]?.model, options: { duration, warmup, connections, rounds, devices: deviceCount }, targets: TARGETS, scenarios: [], growth: null, memory: null, coldStart: null, sessions: null, skipped: [], loadAverageAtStart: loadavg()[0] };

const features = await detectFeatures();
log('features of the built emulator:', features);
/** The same requests with immediateUse: true. */
const immediate = (requests) => requests.map((r) => ({ ...r, body: JSON.stringify({ ...JSON.parse(r.body), params: { ...JSON.parse(r.body).params, immediateUse: true } }) }));
const scenarios = [
  { name: 'create', label: 'create, logging off (main)', requests: createRequests(deviceCount), targetRatio: TARGETS.createRatio, targetP99: TARGETS.createP99Ms },
  // A purchase for immediate use moves the whole queue, and must cost about what an append does.
  { name: 'create-immediate', label: 'create, immediateUse true', requests: immediate(createRequests(deviceCount)) },
  // Both creates of another build (BENCH_BEFORE_CLI=path/to/dist/cli.js), in the same run, interleaved with this build's rounds.
  { name: 'create-before', label: 'create, logging off, the other build', script: env.BENCH_BEFORE_CLI, args: emulatorArgs(FIX_MAIN), requests: createRequests(deviceCount), needs: Boolean(env.BENCH_BEFORE_CLI), missing: 'set BENCH_BEFORE_CLI to another build\'s dist/cli.js' },
  { name: 'create-immediate-before', label: 'create, immediateUse true, the other build', script: env.BENCH_BEFORE_CLI, args: emulatorArgs(FIX_MAIN), requests: immediate(createRequests(deviceCount)), needs: Boolean(env.BENCH_BEFORE_CLI), missing: 'set BENCH_BEFORE_CLI to another build\'s dist/cli.js' },
  { name: 'create-invalid', label: 'create, invalid bodies (460)', requests: invalidCreateRequests(deviceCount), expectCode: 460 },
  { name: 'get', label: 'get, device with 1 000 orders', requests: getRequests(1000), needs: features.get, missing: 'order/get is not on this build' },
  { name: 'query', label: 'query 50/page, 1 000 orders', requests: queryRequests(1000), needs: features.query, missing: 'order/query is not on this build' },
  {
    name: 'create-signed', label: 'create, signature on', args: ['--verify-signature'], targetRatio: TARGETS.signedRatio, needs: features.verifySignature,
    missing: '--verify-signature is not on this build', build: () => signedCreateRequests(deviceCount),
  },
  { name: 'create-logging', label: 'create, info log to a file', args: ['--log-level', 'info'], stdoutFile: join(tmp, 'emulator.log'), requests: createRequests(deviceCount), targetRatio: TARGETS.loggingRatio },
  // Calibration, not the emulator: the issue's reference routes on this machine, in this run.
  { name: 'reference', label: 'reference route: zod, 2 UUIDs, dates', script: REFERENCE, requests: createRequests(deviceCount), reference: true },
  { name: 'reference-logging', label: 'reference route, default log to a file', script: REFERENCE, args: ['--log'], stdoutFile: join(tmp, 'reference.log'), requests: createRequests(deviceCount), reference: true },
  // Calibration: the baseline keeping its CPU busy for N µs per request. What N µs of work costs in
  // requests/s here, so that each target ratio reads as a budget of µs per request (see budgets()).
  ...flags.work.split(',').map(Number).filter((us) => us > 0).map((us) => ({
    name: `work-${us}`, label: `baseline + ${us} µs of work per request`, script: BASELINE, args: ['--work-us', String(us)], requests: createRequests(deviceCount), reference: true, workUs: us,
  })),
];

// A scenario of another build (BENCH_BEFORE_CLI) runs inside its twin's rounds, right after it: baseline, this build, the other build.
const twinOf = new Map([['create', 'create-before'], ['create-immediate', 'create-immediate-before']]);
const twins = new Map([...twinOf].map(([mine, other]) => [mine, scenarios.find((s) => s.name === other)]).filter(([, other]) => other?.needs !== false));
const runInTwin = new Set([...twins.values()].map((s) => s.name));
for (const scenario of scenarios) {
  if (!wanted(scenario.name) || (runInTwin.has(scenario.name) && wanted([...twins].find(([, t]) => t.name === scenario.name)[0]))) continue;
  if (scenario.needs === false) {
    report.skipped.push({ scenario: scenario.name, reason: scenario.missing });
    log(`skipping ${scenario.name}: ${scenario.missing}`);
    continue;
  }
  const baselineRuns = [];
  const emulatorRuns = [];
  const twin = twins.get(scenario.name);
  const twinRuns = [];
  for (let round = 0; round < rounds; round++) {
    // Signed requests carry a timestamp: sign them just before use, well inside the 15-minute window.
    if (scenario.build) scenario.requests = scenario.build();
    log(`${scenario.name}: round ${round + 1}/${rounds} baseline`);
    baselineRuns.push(await measure('baseline', scenario));
    log(`${scenario.name}: round ${round + 1}/${rounds} emulator`);
    emulatorRuns.push(await measure('emulator', scenario));
    if (twin) {
      log(`${twin.name}: round ${round + 1}/${rounds} emulator`);
      twinRuns.push(await measure('emulator', twin));
    }
  }
  const baseline = combine(baselineRuns);
  const emulator = combine(emulatorRuns);
  if (twin) {
    const other = combine(twinRuns);
    report.scenarios.push({ scenario: twin.name, label: twin.label, baseline, emulator: other, ratio: other.rps / baseline.rps, targets: [] });
  }
  const ratio = emulator.rps / baseline.rps;
  const targets = [];
  if (scenario.reference) {
    const entry = { scenario: scenario.name, label: scenario.label, baseline, emulator, ratio, targets, reference: true, issueRatio: ISSUE_REFERENCE[scenario.name], workUs: scenario.workUs };
    report.scenarios.push(entry);
    continue;
  }
  if (scenario.targetRatio) targets.push({ name: `rps ≥ ${scenario.targetRatio} × baseline`, value: ratio, pass: ratio >= scenario.targetRatio });
  if (scenario.targetP99) targets.push({ name: `p99 ≤ ${scenario.targetP99} ms`, value: emulator.p99, pass: emulator.p99 <= scenario.targetP99 });
  if (emulator.peakRssMb !== null) targets.push({ name: `peak RSS ≤ ${TARGETS.peakRssMb} MB`, value: emulator.peakRssMb, pass: emulator.peakRssMb <= TARGETS.peakRssMb });
  targets.push({ name: 'no errors, no non-2xx, right answers', value: emulator.errors + emulator.non2xx, pass: emulator.errors === 0 && emulator.non2xx === 0 && !emulator.wrongAnswer });
  const entry = { scenario: scenario.name, label: scenario.label, baseline, emulator, ratio, targets };
  if (scenario.stdoutFile && existsSync(scenario.stdoutFile)) entry.logBytes = statSync(scenario.stdoutFile).size;
  report.scenarios.push(entry);
}

if (wanted('growth')) {
  const sizes = flags.growth.split(',').map(Number);
  const dirs = new Map(sizes.map((n) => [n, writeFixtures(join(tmp, `growth-${n}`), { devices: 10, orders: n })]));
  const runs = new Map(sizes.map((n) => [n, []]));
  const requests = createRequests(deviceCount, LOADED_DEVICE);
  for (let round = 0; round < rounds; round++) {
    // Interleaved, so that a busy minute on the machine does not land on one size only.
    for (const n of sizes) {
      log(`growth: ${n} orders, round ${round + 1}/${rounds}`);
      const server = await startServer({ script: CLI, args: emulatorArgs(dirs.get(n)), nodeArgs: emulatorNodeArgs, probe: createProbe });
      try {
        const startRssMb = rssMb(server.pid);
        if (warmup > 0) await load(server.url, requests, warmup);
        runs.get(n).push({ ...summarise(await load(server.url, requests, duration), server), startRssMb, startMs: server.startMs });
      } finally {
        await server.stop();
      }
    }
  }
  const rows = sizes.map((n) => ({ orders: n, ...combine(runs.get(n)), startRssMb: mean(runs.get(n).map((r) => r.startRssMb ?? 0)), startMs: mean(runs.get(n).map((r) => r.startMs)) }));
  const flat = rows[rows.length - 1].rps / rows[0].rps;
  report.growth = { rows, flat, target: { name: `rps(${sizes.at(-1)}) ≥ ${TARGETS.growthFlat} × rps(${sizes[0]})`, pass: flat >= TARGETS.growthFlat } };
}

if (wanted('core')) {
  log('create core in process (core-cost.mjs)');
  const out = spawnSync(process.execPath, [join(HERE, 'core-cost.mjs')], { encoding: 'utf8' });
  report.core = out.status === 0 ? JSON.parse(out.stdout.trim().split('\n').at(-1)) : { error: out.stderr.slice(0, 2000) };
}
report.budgets = budgets(report);

if (wanted('memory')) {
  log('memory per stored order');
  const out = spawnSync(process.execPath, ['--expose-gc', join(HERE, 'memory.mjs'), FIX_MAIN, '100000'], { encoding: 'utf8' });
  report.memory = out.status === 0 ? JSON.parse(out.stdout.trim().split('\n').at(-1)) : { error: out.stderr.slice(0, 2000) };
}

if (wanted('cold-start')) {
  const runs = Number(flags['cold-runs']);
  const base = [];
  const emu = [];
  for (let i = 0; i < runs; i++) {
    log(`cold start ${i + 1}/${runs}`);
    for (const [list, options] of [[base, { script: BASELINE }], [emu, { script: CLI, args: ['--log-level', 'warn'] }]]) {
      const server = await startServer({ ...options, probe: createProbe });
      list.push(server.startMs);
      await server.stop();
    }
  }
  const factor = median(emu) / median(base);
  report.coldStart = { baselineMs: median(base), emulatorMs: median(emu), factor, baselineRuns: base, emulatorRuns: emu, target: { name: `≤ ${TARGETS.coldStartFactor} × baseline`, pass: factor <= TARGETS.coldStartFactor } };
}

// The admin page at 200 devices in headless Chromium (bench/page.mjs): times against the page's targets.
if (wanted('page')) {
  log('admin page (bench/page.mjs)');
  try {
    const { benchPage } = await import('./page.mjs');
    const { startServer } = await import('../dist/index.js');
    report.page = await benchPage({ startServer });
  } catch (err) {
    report.page = { error: err.message };
  }
}

// Session scenarios: bench/sessions.mjs exports benchSessions(), rows of {scenario, value, unit}.
if (wanted('sessions') && existsSync(join(HERE, 'sessions.mjs'))) {
  log('sessions (bench/sessions.mjs)');
  const mod = await import('./sessions.mjs');
  const run = mod.benchSessions ?? mod.run ?? mod.default;
  try {
    report.sessions = await run({ durationMs: duration * 1000, concurrency: connections });
  } catch (err) {
    report.sessions = { error: err.message };
  }
}

report.loadAverageAtEnd = loadavg()[0];
printReport(report);
mkdirSync(join(HERE, 'results'), { recursive: true });
writeFileSync(join(HERE, 'results', 'latest.json'), `${JSON.stringify(report, null, 2)}\n`);
console.log(`\nwrote bench/results/latest.json${flags.profile ? `; CPU profiles in bench/results/profiles (summarise: node bench/profile-top.mjs <file>)` : ''}`);
if (!flags.keep) rmSync(tmp, { recursive: true, force: true });
else console.log(`fixtures kept in ${tmp}`);

/**
 * The µs of work per request each target ratio leaves on this machine, read off the work rows
 * (the baseline itself is 0 µs at ratio 1; linear between measured points), beside what the
 * emulator's core costs in process for that scenario. Busy-waiting is the cheapest work there is
 * (no allocation, caches warm), so a core that costs more than the budget cannot meet the target
 * here; one that costs less may still not (the gateway's HTTP work and GC come on top).
 */
function budgets(r) {
  const points = [[0, 1], ...r.scenarios.filter((s) => s.workUs).map((s) => [s.workUs, s.ratio])].sort((a, b) => a[0] - b[0]);
  if (points.length < 2) return null;
  const budgetAt = (ratio) => {
    for (let i = 1; i < points.length; i++) {
      const [w1, r1] = points[i - 1];
      const [w2, r2] = points[i];
      if (r2 <= ratio && r1 > r2) return w1 + ((r1 - ratio) / (r1 - r2)) * (w2 - w1);
    }
    return null; // still above the ratio at the most work measured
  };
  const core = r.core && !r.core.error ? r.core : null;
  const rows = [
    { scenario: 'create', ratio: TARGETS.createRatio, needs: core?.total, what: 'the create core' },
    { scenario: 'create-signed', ratio: TARGETS.signedRatio, needs: core ? core.total + core.signature : undefined, what: 'the create core and the signature gate' },
    { scenario: 'create-logging', ratio: TARGETS.loggingRatio, needs: core ? core.total + core.logLine : undefined, what: 'the create core and its log line' },
  ];
  return {
    points,
    rows: rows.map((row) => {
      const budgetUs = budgetAt(row.ratio);
      const fits = row.needs === undefined || budgetUs === null ? null : row.needs <= budgetUs;
      return { ...row, budgetUs, needsUs: row.needs ?? null, fits };
    }),
  };
}

function printReport(r) {
  const f0 = (x) => (x === null || x === undefined ? '-' : Math.round(x).toLocaleString('en-US'));
  const f1 = (x) => (x === null || x === undefined ? '-' : x.toFixed(1));
  const f2 = (x) => (x === null || x === undefined ? '-' : x.toFixed(2));
  const mark = (t) => `${t.pass ? 'PASS' : 'FAIL'} ${t.name}`;
  const table = (head, rows) => {
    const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => String(row[i]).length)));
    const line = (cells) => cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  ');
    console.log(line(head));
    console.log(widths.map((w) => '-'.repeat(w)).join('  '));
    for (const row of rows) console.log(line(row));
  };
  console.log(`\nnode ${r.node}, ${r.cpus} CPUs (${r.cpuModel}); ${r.options.connections} connections, ${r.options.duration} s measured after ${r.options.warmup} s warm-up, ${r.options.rounds} rounds A B`);
  // Other work on the machine slows the baseline (which needs both cores) more than the emulator: ratios read high.
  const busy = r.loadAverageAtStart > 0.5 ? ' — the machine was busy before the run started: ratios read high, repeat on a quiet machine' : '';
  console.log(`load average (1 min): ${f2(r.loadAverageAtStart)} at start, ${f2(r.loadAverageAtEnd)} at end${busy}\n`);
  if (r.scenarios.length) {
    table(
      ['scenario', 'base rps', 'emu rps', 'ratio', 'base p99', 'emu p50', 'emu p99', 'errors', 'non2xx', 'peak RSS MB', 'base µs/req', 'emu µs/req', 'emu JS µs/req'],
      r.scenarios.map((s) => [
        s.label, f0(s.baseline.rps), f0(s.emulator.rps), f2(s.ratio), f1(s.baseline.p99), f1(s.emulator.p50), f1(s.emulator.p99), s.emulator.errors, s.emulator.non2xx, f1(s.emulator.peakRssMb),
        f1(s.baseline.cpuUsPerRequest), f1(s.emulator.cpuUsPerRequest), f1(s.emulator.mainThreadUsPerRequest),
      ]),
    );
    console.log('  µs/req: server CPU per answered request (all threads); JS: its main thread only. Ratios below 1 come from these.');
    for (const s of r.scenarios) {
      if (s.workUs) continue;
      if (s.reference) {
        console.log(`  ${s.scenario}: not the emulator, no target; the issue measured ${f2(s.issueRatio)} for this route on its machine, this run ${f2(s.ratio)}`);
        continue;
      }
      console.log(`  ${s.scenario}: ${s.targets.map(mark).join('; ')}${s.emulator.wrongAnswer ? `; WRONG ANSWER: ${s.emulator.wrongAnswer}` : ''}${s.logBytes ? `; log ${(s.logBytes / 1048576).toFixed(1)} MB` : ''}`);
    }
  }
  for (const s of r.skipped) console.log(`  skipped ${s.scenario}: ${s.reason}`);
  // Targets between scenarios of the same run.
  const byName = Object.fromEntries(r.scenarios.map((s) => [s.scenario, s]));
  if (byName.create && byName['create-immediate']) {
    const share = byName['create-immediate'].emulator.rps / byName.create.emulator.rps;
    console.log(`  immediate create / append create: ${f2(share)} (target ≥ 0.8) ${share >= 0.8 ? 'PASS' : 'FAIL'}`);
  }
  for (const [mine, other, what] of [['create', 'create-before', 'append create'], ['create-immediate', 'create-immediate-before', 'immediate create']]) {
    if (!byName[mine] || !byName[other]) continue;
    const kept = byName[mine].ratio / byName[other].ratio;
    console.log(`  ${what}, this build / the other build (ratios to the bare route): ${f2(kept)} (target ≥ 0.9) ${kept >= 0.9 ? 'PASS' : 'FAIL'}`);
  }
  if (r.core) {
    const c = r.core;
    console.log(
      c.error
        ? `\ncreate core in process: failed: ${c.error}`
        : `\ncreate core in process, no HTTP (core-cost.mjs): ${f1(c.total)} µs per request (envelope ${f1(c.parse)}, request id ${f1(c.ids)}, rules ${f1(c.rules)}, answer bytes ${f1(c.encode)}, journal ${f1(c.journal)}); signature gate ${f1(c.signature)} µs; log line ${f1(c.logLine)} µs`,
    );
  }
  if (r.budgets) {
    console.log(`\nwork budget: µs of busy CPU per request that each target leaves on this machine (work rows: ${r.budgets.points.map(([w, x]) => `${w} µs -> ${f2(x)}`).join(', ')})`);
    for (const b of r.budgets.rows) {
      const budget = b.budgetUs === null ? `more than ${r.budgets.points.at(-1)[0]} µs` : `${f1(b.budgetUs)} µs`;
      const verdict = b.fits === null ? '' : b.fits ? `; in process, ${b.what}: ${f1(b.needsUs)} µs, within it, with ${f1(b.budgetUs - b.needsUs)} µs left for the gateway's HTTP work and GC` : `; in process, ${b.what} alone: ${f1(b.needsUs)} µs, over it: the target cannot be met on this machine`;
      console.log(`  ${b.scenario} ≥ ${b.ratio}: ${budget}${verdict}`);
    }
  }
  if (r.growth) {
    console.log('\ngrowth: create on one device that already holds N orders');
    table(
      ['orders', 'emu rps', 'p50', 'p99', 'errors', 'non2xx', 'RSS at start MB', 'peak RSS MB', 'start ms'],
      r.growth.rows.map((g) => [f0(g.orders), f0(g.rps), f1(g.p50), f1(g.p99), g.errors, g.non2xx, f1(g.startRssMb), f1(g.peakRssMb), f0(g.startMs)]),
    );
    console.log(`  ${mark(r.growth.target)} (${f2(r.growth.flat)})`);
  }
  if (r.memory) {
    console.log(
      r.memory.error
        ? `\nmemory: failed: ${r.memory.error}`
        : `\nmemory per stored order (${f0(r.memory.orders)} creates, after GC): heap ${f0(r.memory.heapBytesPerOrder)} B, resident ${f0(r.memory.rssBytesPerOrder)} B`,
    );
  }
  if (r.coldStart) {
    const c = r.coldStart;
    console.log(`\ncold start (spawn to first answer, median of ${c.emulatorRuns.length}): baseline ${f0(c.baselineMs)} ms, emulator ${f0(c.emulatorMs)} ms, ${f2(c.factor)}×  ${mark(c.target)}`);
  }
  if (r.page?.error) console.log(`\nadmin page: failed: ${r.page.error}`);
  if (Array.isArray(r.page)) {
    console.log('\nadmin page (bench/page.mjs; targets from the page\'s issue)');
    table(['scenario', 'value', 'unit', 'target'], r.page.map((p) => [p.scenario, f0(p.value), p.unit, p.target === undefined ? '' : `${p.pass ? 'PASS' : 'FAIL'} ≤ ${f0(p.target)}`]));
  }
  if (r.sessions?.error) console.log(`\nsessions: failed: ${r.sessions.error}`);
  if (Array.isArray(r.sessions) && r.sessions.length) {
    console.log('\nsessions (bench/sessions.mjs)');
    table(
      ['scenario', 'value', 'unit'],
      r.sessions.map((s) => [s.scenario, s.unit === 'ratio' ? f2(s.value) : f1(s.value), s.unit]),
    );
  }
}
