#!/usr/bin/env node
// The Docker image's steps without Docker: reads the Dockerfile (scripts/dockerfile.mjs), copies what
// its build stage COPYs into a temporary folder, runs its RUN lines there (a clean `npm ci`, the build,
// `npm prune --omit=dev --ignore-scripts`), copies what the runtime stage takes from the build stage,
// then starts the pruned tree with the runtime stage's ENV and ENTRYPOINT as an unprivileged user and
// checks what the image promises: the README's curl is answered, the logs are JSON, the admin token
// made up at start is printed (and is the one the control plane wants), the HEALTHCHECK command
// succeeds, and orders survive a restart with --state-file. Run it on the image's Node line
// (.ci/run does, on Node 24). Exit code 1 when a check fails.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readDockerfile } from '../scripts/dockerfile.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const dockerfile = readDockerfile(join(ROOT, 'Dockerfile'));
const build = dockerfile.stages[0];
const runtime = dockerfile.stages.at(-1);
let failures = 0;

/** Prints one check's outcome; a failure makes the exit code 1. */
function check(ok, what, detail = '') {
  console.log(`${ok ? '✓' : '✗'} ${what}${detail ? `: ${detail}` : ''}`);
  if (!ok) failures += 1;
  return ok;
}

const line = dockerfile.args.NODE_VERSION;
if (!check(process.versions.node.split('.')[0] === line, `Node ${process.versions.node} is the image's line (${runtime.image})`, line ? '' : 'the Dockerfile has no ARG NODE_VERSION')) {
  console.log(`run this with Node ${line} first on PATH (.ci/run does)`);
  process.exit(1);
}

const work = mkdtempSync(join(tmpdir(), 'alm-docker-'));
chmodSync(work, 0o755); // the unprivileged user reads the tree, as it reads /app in the image
const stageDir = (stage) => join(work, stage.name);
/** A path inside a stage's file system, in the temporary folder. */
const inStage = (stage, path) => join(stageDir(stage), path.startsWith('/') ? path : join(stage.workdir, path));

// What .dockerignore keeps out of the build context (names and *.suffix patterns: the forms it uses).
const ignored = readFileSync(join(ROOT, '.dockerignore'), 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
const isIgnored = (path) => relative(ROOT, path).split('/').some((part) => ignored.some((p) => p === part || (p.startsWith('*') && part.endsWith(p.slice(1)))));

/** Docker's COPY: several sources, or a destination ending in `/`, go into that folder by name. */
function copy(stage, { from, sources, dest }) {
  const source = (s) => (from === undefined ? join(ROOT, s) : inStage(dockerfile.stages.find((st) => st.name === from), s));
  for (const s of sources) {
    const target = sources.length > 1 || dest.endsWith('/') ? join(inStage(stage, dest), basename(s)) : inStage(stage, dest);
    mkdirSync(dirname(target), { recursive: true });
    cpSync(source(s), target, { recursive: true, filter: (p) => from !== undefined || !isIgnored(p) });
  }
}

/** Runs a command and waits; its output goes to ours. */
function run(command, options) {
  console.log(`$ ${command}`);
  return spawnSync('sh', ['-c', command], { stdio: 'inherit', ...options }).status === 0;
}

// The build stage, as root (as in the image).
mkdirSync(inStage(build, '.'), { recursive: true });
for (const c of build.copies) copy(build, c);
for (const r of build.runs) {
  if (!check(run(r, { cwd: inStage(build, '.'), env: { ...process.env, ...build.env } }), `build stage: RUN ${r}`)) process.exit(1);
}
check(!existsSync(inStage(build, 'node_modules/vitest')), 'the pruned tree has no dev dependencies (node_modules/vitest is gone)');

// The runtime stage: the files it copies from the build stage.
for (const c of runtime.copies) copy(runtime, c);
const app = inStage(runtime, '.');

// Its user: the image's if it exists here, else nobody, which like `node` in the image owns nothing of /app.
const asRoot = process.getuid?.() === 0;
const idOf = (name, flag) => Number(spawnSync('id', [flag, name], { encoding: 'utf8' }).stdout.trim());
const user = asRoot ? (spawnSync('id', [runtime.user]).status === 0 ? runtime.user : 'nobody') : undefined;
if (asRoot) console.log(`runtime user: ${user} (the image's USER is ${runtime.user}${user === runtime.user ? '' : ', which does not exist here'})`);
else console.log(`runtime user: the current one (not root: cannot switch to an unprivileged user; the image runs as ${runtime.user})`);
check(runtime.user !== 'root' && runtime.user !== '0', `the image runs as a user other than root (USER ${runtime.user})`);
const asUser = (argv) => (user ? ['setpriv', `--reuid=${idOf(user, '-u')}`, `--regid=${idOf(user, '-g')}`, '--clear-groups', ...argv] : argv);

const stateDir = join(work, 'state');
mkdirSync(stateDir);
if (user) chownSync(stateDir, idOf(user, '-u'), idOf(user, '-g')); // a volume the user may write
const stateFile = join(stateDir, 'orders.db');

/** A port nobody listens on: the image's 8080 may be taken on this machine. */
async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const port = await freePort();
// The container's environment: the runtime stage's ENV, the port moved (the health check reads it too).
const env = { PATH: process.env.PATH, HOME: work, ...runtime.env, ALIYUN_MOCK_PORT: String(port) };
check(env.ALIYUN_MOCK_HOST === '0.0.0.0' && env.ALIYUN_MOCK_LOG_FORMAT === 'json', 'the image listens on 0.0.0.0 and logs JSON (ENV)');

/** Starts the pruned tree as the container would; resolves once it says where it listens. */
function start() {
  const [cmd, ...args] = asUser([...runtime.entrypoint, '--state-file', stateFile]);
  const child = spawn(cmd, args, { cwd: app, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const out = { text: '', err: '' };
  child.stdout.on('data', (b) => (out.text += b));
  child.stderr.on('data', (b) => (out.err += b));
  const ready = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "listening on" in 30 s; stdout: ${out.text} stderr: ${out.err}`)), 30_000);
    child.stdout.on('data', () => out.text.includes('listening on') && (clearTimeout(timer), resolve()));
    child.on('exit', (code) => (clearTimeout(timer), reject(new Error(`exited with ${code}; stderr: ${out.err}`))));
  });
  return { child, out, ready };
}

/** Stops it as `docker stop` does (SIGTERM) and waits for the exit code. */
const stop = (child) => new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(child.exitCode ?? child.signalCode) : (child.once('exit', (code) => resolve(code)), child.kill('SIGTERM'))));

// The README's curl of the documented request, on this port.
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const curl = /^curl -s -X POST http:\/\/127\.0\.0\.1:8080\/vision\/customer\/streaming\/order\/create \\\n(?:.*\\\n)*.*$/m.exec(readme)?.[0];
check(curl !== undefined, "the README's curl of the documented request is found");
const sh = (command) => spawnSync('sh', ['-c', command], { encoding: 'utf8' }).stdout;
const api = (path, params) => fetch(`http://127.0.0.1:${port}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id: '1', version: '1.0', request: { apiVer: '1.0.0' }, params }) }).then((r) => r.json());

let first = start();
try {
  await first.ready;
  check(true, `the pruned tree starts as ${user ?? 'the current user'} on port ${port}`);
  const token = /admin token \(made up at start[^\n]*\): (\S+)/.exec(first.out.text)?.[1];
  check(token !== undefined, 'the admin token made up at start is printed', token ? `${token.slice(0, 4)}…` : first.out.text);
  const health = (headers) => fetch(`http://127.0.0.1:${port}/__admin/health`, { headers }).then((r) => r.status);
  check((await health({})) === 401 && (await health({ 'x-admin-token': token ?? '' })) === 200, 'the control plane wants that token (401 without it, 200 with it)');

  const answer = JSON.parse(sh(curl.replaceAll('127.0.0.1:8080', `127.0.0.1:${port}`)) || 'null');
  check(answer?.code === 200 && typeof answer.data?.orderId === 'string', "the README's curl is answered (code 200, an orderId)", JSON.stringify(answer).slice(0, 200));
  const orderId = answer?.data?.orderId;
  const iotId = JSON.parse(/-d '(.*)'$/m.exec(curl)?.[1] ?? '{}').params?.iotId;

  const [hcmd, ...hargs] = asUser(runtime.healthcheck.cmd);
  const hc = spawnSync(hcmd, hargs, { cwd: app, env, encoding: 'utf8' });
  check(hc.status === 0, `the HEALTHCHECK command succeeds (${runtime.healthcheck.options})`, hc.status === 0 ? '' : `exit ${hc.status} ${hc.stderr}`);

  const code = await stop(first.child);
  check(code === 0, 'SIGTERM stops it cleanly (exit 0)', String(code));
  const logs = first.out.text.split('\n').filter((l) => l.startsWith('{'));
  const parsed = logs.map((l) => { try { return JSON.parse(l); } catch { return undefined; } });
  check(logs.length > 0 && parsed.every((l) => l && typeof l.level === 'number'), `the logs are JSON lines (${logs.length} lines)`);
  check(!logs.some((l) => token && l.includes(token)), 'no log line holds the admin token');

  check(existsSync(stateFile), 'the state file was written by the unprivileged user');
  first = start();
  await first.ready;
  const again = await api('/vision/customer/streaming/order/get', { iotId, orderId });
  check(again.code === 200 && again.data?.orderId === orderId, '--state-file: the order is there after a restart', JSON.stringify(again).slice(0, 200));
} catch (err) {
  check(false, 'the pruned tree runs', err.message);
} finally {
  await stop(first.child);
  rmSync(work, { recursive: true, force: true });
}
console.log(failures === 0 ? 'docker steps: every check passed' : `docker steps: ${failures} check(s) failed`);
process.exit(failures === 0 ? 0 : 1);
