// Starting, probing and stopping the servers under test, each in its own process so that its
// resident memory and CPU profile are its own.
import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

/** The built CLI and the bare baseline script. */
export const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
export const BASELINE = fileURLToPath(new URL('./baseline.mjs', import.meta.url));
/** The reference route (zod, two UUIDs, dates): a calibration point, not the emulator. */
export const REFERENCE = fileURLToPath(new URL('./reference.mjs', import.meta.url));

/** A port nobody listens on right now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/** One POST over a fresh connection; resolves with status and body text, rejects on a socket error. */
export function post(url, path, body, headers = { 'content-type': 'application/json' }) {
  return new Promise((resolve, reject) => {
    const req = request(`${url}${path}`, { method: 'POST', headers, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Polls `probe` until it answers 200; resolves with the milliseconds from `since`. */
export async function waitUntilAnswering(url, probe, child, since, timeoutMs) {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode} before answering`);
    let res;
    try {
      res = await post(url, probe.path, probe.body, probe.headers);
    } catch {
      // not listening yet
    }
    if (res?.status === 200) return performance.now() - since;
    if (res) throw new Error(`the probe ${probe.path} got HTTP ${res.status} ${res.headers['x-ca-error-message'] ?? ''} ${res.headers['x-mock-error-detail'] ?? ''}`);
    if (performance.now() - since > timeoutMs) throw new Error(`server did not answer within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 3));
  }
}

/** Peak resident memory of a running process in MB (VmHWM), or null where /proc is missing. */
export function peakRssMb(pid) {
  return procStatusMb(pid, 'VmHWM');
}

/** Current resident memory of a running process in MB, or null where /proc is missing. */
export function rssMb(pid) {
  return procStatusMb(pid, 'VmRSS');
}

/**
 * CPU time (user + system, µs) a process has used so far: all its threads, or only the main one
 * (the JavaScript thread; the others are GC and libuv helpers). Null where /proc is missing.
 */
export function cpuMicros(pid, { mainThreadOnly = false } = {}) {
  try {
    const stat = readFileSync(mainThreadOnly ? `/proc/${pid}/task/${pid}/stat` : `/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1e6) / CLOCK_TICKS;
  } catch {
    return null;
  }
}
// USER_HZ: 100 on every Linux Node runs on.
const CLOCK_TICKS = 100;

function procStatusMb(pid, field) {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/**
 * Spawns a server (`script` with `args`, plus `nodeArgs` such as --cpu-prof), waits until
 * `probe` answers 200, and returns it with the time that took. stdout goes to `stdoutFile`
 * when given (the logging scenario), else nowhere.
 */
export async function startServer({ script, args = [], nodeArgs = [], probe, stdoutFile, timeoutMs = 120_000 }) {
  const port = await freePort();
  const fd = stdoutFile ? openSync(stdoutFile, 'w') : 'ignore';
  const since = performance.now();
  // The bench's own servers take the port as their first argument; the emulator takes --port.
  const portArgs = script === BASELINE || script === REFERENCE ? [String(port), ...args] : ['--port', String(port), ...args];
  const child = spawn(process.execPath, [...nodeArgs, script, ...portArgs], {
    stdio: ['ignore', fd, 'pipe'],
  });
  if (typeof fd === 'number') closeSync(fd);
  let stderr = '';
  child.stderr.on('data', (b) => (stderr += b));
  const url = `http://127.0.0.1:${port}`;
  let startMs;
  try {
    startMs = await waitUntilAnswering(url, probe, child, since, timeoutMs);
  } catch (err) {
    child.kill('SIGKILL');
    throw new Error(`${err.message}\n${stderr}`);
  }
  return {
    url,
    pid: child.pid,
    startMs,
    stderr: () => stderr,
    /** Stops the server gracefully (so a CPU profile gets written), then for good. */
    stop() {
      if (child.exitCode !== null) return Promise.resolve();
      return new Promise((resolve) => {
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill('SIGTERM');
      });
    },
  };
}
