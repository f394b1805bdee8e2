// npm run bench -- --soak 30m [--soak-devices 1000 --connections 50]
//
// A create load at full speed for a long time, against the emulator with its default options
// (info logging included) plus --synthetic-devices, the creates spread over the devices in turn.
// Prints one row a minute: answers per second, resident memory, errors; then peak RSS and the
// last minute's throughput against the first. Writes bench/results/soak.json.
import autocannon from 'autocannon';
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLI, peakRssMb, rssMb, startServer } from './servers.mjs';
import { CREATE } from './requests.mjs';

const HERE = fileURLToPath(new URL('.', import.meta.url));
/** Targets: the last minute at least this share of the first; peak RSS at most this. */
export const SOAK_TARGETS = { lastToFirst: 0.8, peakRssMb: 1024 };

/** "30m", "90s", "1h" -> seconds. */
export function parseSoakDuration(text) {
  const m = /^(\d+(?:\.\d+)?)(s|m|h)?$/.exec(String(text).trim());
  if (!m) throw new Error(`--soak: expected a duration such as 30m, 90s or 1h, got "${text}"`);
  return Math.round(Number(m[1]) * { s: 1, m: 60, h: 3600 }[m[2] ?? 's']);
}

const iotId = (n) => `LoadTestDevice${String(n).padStart(12, '0')}`;

/** Runs the soak and returns its report. */
export async function soak({ seconds, devices = 1000, connections = 50, log = console.error }) {
  const server = await startServer({
    script: CLI,
    args: ['--host', '127.0.0.1', '--synthetic-devices', String(devices)],
    probe: { path: '/vision/customer/streaming/commodity/query', body: JSON.stringify({ id: '1', version: '1.0', request: { apiVer: '1.0.0' }, params: {} }) },
  });
  let next = 0;
  let bad = 0;
  const minutes = [];
  let answersThisMinute = 0;
  let errorsThisMinute = 0;
  const body = (n) => JSON.stringify({ id: '1', version: '1.0', request: { apiVer: '1.0.0' }, params: { iotId: iotId(n), commodityCode: 'streamingResource_20_10', copies: 1, userName: 'soak', userId: 'soak-user' } });
  const instance = autocannon({
    url: server.url,
    connections,
    duration: seconds,
    timeout: 10,
    requests: [
      {
        method: 'POST',
        path: CREATE,
        headers: { 'content-type': 'application/json' },
        setupRequest(req) {
          next = (next % devices) + 1;
          return { ...req, body: body(next) };
        },
        onResponse(status, text) {
          answersThisMinute++;
          if (status !== 200 || !text.includes('"code":200')) {
            bad++;
            errorsThisMinute++;
          }
        },
      },
    ],
  });
  autocannon.track(instance, { renderProgressBar: false, renderResultsTable: false, renderLatencyTable: false, outputStream: { write() {} } });
  instance.on('reqError', () => errorsThisMinute++);
  const started = performance.now();
  const timer = setInterval(() => {
    const row = { minute: minutes.length + 1, rps: answersThisMinute / 60, rssMb: rssMb(server.pid), errors: errorsThisMinute, load: loadavg()[0] };
    minutes.push(row);
    log(`soak minute ${row.minute}: ${row.rps.toFixed(0)}/s, RSS ${row.rssMb?.toFixed(0)} MB, ${row.errors} errors, load ${row.load.toFixed(1)}`);
    answersThisMinute = 0;
    errorsThisMinute = 0;
  }, 60_000);
  const result = await new Promise((resolve) => instance.on('done', resolve));
  clearInterval(timer);
  const peak = peakRssMb(server.pid);
  await server.stop();
  const first = minutes[0]?.rps ?? 0;
  const last = minutes.at(-1)?.rps ?? 0;
  const report = {
    date: new Date().toISOString(),
    seconds,
    devices,
    connections,
    elapsedS: (performance.now() - started) / 1000,
    answers: result.requests.total,
    orders: result.requests.total - bad,
    errors: result.errors + result.timeouts + result.non2xx + bad,
    peakRssMb: peak,
    lastToFirst: first > 0 ? last / first : null,
    minutes,
    targets: SOAK_TARGETS,
  };
  report.pass = report.errors === 0 && report.lastToFirst !== null && report.lastToFirst >= SOAK_TARGETS.lastToFirst && peak !== null && peak <= SOAK_TARGETS.peakRssMb;
  mkdirSync(join(HERE, 'results'), { recursive: true });
  writeFileSync(join(HERE, 'results', 'soak.json'), JSON.stringify(report, null, 2));
  return report;
}

/** The report as the table docs/speed.md keeps. */
export function printSoak(report) {
  console.log(`\nsoak: ${report.seconds / 60} min of order/create at full speed, ${report.connections} connections over ${report.devices} synthetic devices, default options`);
  console.log('| minute | answers/s | RSS MB | errors |');
  console.log('|---|---|---|---|');
  for (const m of report.minutes) console.log(`| ${m.minute} | ${m.rps.toFixed(0)} | ${m.rssMb?.toFixed(0)} | ${m.errors} |`);
  console.log(`orders created: ${report.orders}; errors: ${report.errors}; peak RSS ${report.peakRssMb?.toFixed(0)} MB (target ≤ ${SOAK_TARGETS.peakRssMb}); last minute / first: ${report.lastToFirst?.toFixed(2)} (target ≥ ${SOAK_TARGETS.lastToFirst}) -> ${report.pass ? 'PASS' : 'FAIL'}`);
}
