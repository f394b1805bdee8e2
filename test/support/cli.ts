/** The built CLI (dist/cli.js) as a child process, for the e2e tests: start, wait for its banner, run to exit, stop. */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { onTestFinished } from 'vitest';

/** The repository root: the default working directory of the CLI. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The built CLI, what `npm start` and the package's bin run. */
export const BUILT_CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

/**
 * The whole start banner: it is printed in one write, from "listening on" to the documented curl line,
 * so a test that waits for this sees every line of it (URL, certificate path, admin page...).
 */
const BANNER = /listening on \S+[\s\S]*try the documented request:\n.*\n/;
const LISTENING = /listening on (https?:\/\/\S+)/;

export interface CliOptions {
  /** Variables added to the environment (the test runner's, or the clean one with `cleanEnv`). */
  env?: NodeJS.ProcessEnv;
  /** Start from the environment without the caller's ALIYUN_MOCK_*, PORT and HOST, so only `env` configures the CLI. */
  cleanEnv?: boolean;
  /** Working directory; the repository root by default. */
  cwd?: string;
}

export interface StartOptions extends CliOptions {
  /** What the output must match before the CLI counts as started; the whole banner by default. */
  waitFor?: RegExp;
  /** How long the CLI may take to start before the start fails with its output (a guard, not an assertion). */
  timeoutMs?: number;
}

/** A CLI process that is still running, or has just exited. */
export interface CliProcess {
  child: ChildProcess;
  /** stdout and stderr, interleaved as they arrived. */
  output: () => string;
  stdout: () => string;
  stderr: () => string;
  /** The exit code (null when killed by a signal), once the process exited and its output is all read. */
  exited: Promise<number | null>;
  /** Sends `signal` (SIGTERM by default) unless the process already exited, and resolves with its exit code. */
  stop: (signal?: NodeJS.Signals) => Promise<number | null>;
}

/** A CLI that printed its banner. */
export interface RunningCli extends CliProcess {
  /** The URL from its "listening on" line. */
  url: string;
}

const live = new Set<CliProcess>();

/** Stops every CLI this module started that is still running, and waits for each to exit. */
export async function stopAll(): Promise<void> {
  await Promise.all([...live].map(cleanUp));
}

/** SIGTERM, so the CLI cleans up after itself (e.g. its generated certificate); SIGKILL if it does not exit. */
async function cleanUp(cli: CliProcess): Promise<void> {
  const hard = setTimeout(() => void cli.stop('SIGKILL'), 10_000);
  await cli.stop('SIGTERM');
  clearTimeout(hard);
}

/** The test runner's environment without the settings that would configure the CLI behind a test's back. */
export function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('ALIYUN_MOCK_') && k !== 'PORT' && k !== 'HOST') env[k] = v;
  return env;
}

/** Spawns the built CLI with `args` as given; the process is stopped when the current test finishes. */
function spawnCli(args: string[], opts: CliOptions): CliProcess {
  if (!existsSync(BUILT_CLI)) throw new Error(`${BUILT_CLI} is missing: run \`npm run build\` first (\`npm test\` does)`);
  const env = { ...(opts.cleanEnv ? cleanEnv() : process.env), ...opts.env };
  const child = spawn(process.execPath, [BUILT_CLI, ...args], { cwd: opts.cwd ?? ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  let all = '';
  child.stdout!.on('data', (b: Buffer) => {
    out += b.toString();
    all += b.toString();
  });
  child.stderr!.on('data', (b: Buffer) => {
    err += b.toString();
    all += b.toString();
  });
  // 'close', not 'exit': by then both pipes are drained, so the output a test reads after exit is complete.
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  const cli: CliProcess = {
    child,
    output: () => all,
    stdout: () => out,
    stderr: () => err,
    exited,
    stop: (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
  live.add(cli);
  void exited.then(() => live.delete(cli));
  try {
    onTestFinished(() => cleanUp(cli));
  } catch {
    // Started outside a test (e.g. in beforeAll): the caller stops it, or calls stopAll() in a hook.
  }
  return cli;
}

/** `--port 0` unless the arguments or the given environment choose a port. */
function withDefaultPort(args: string[], env: NodeJS.ProcessEnv | undefined): string[] {
  const chosen = args.some((a) => a === '--port' || a.startsWith('--port=')) || env?.ALIYUN_MOCK_PORT !== undefined;
  return chosen ? args : ['--port', '0', ...args];
}

/** Starts the built CLI and resolves once it printed its banner; rejects with its output if it exits or hangs first. */
export function startCli(args: string[], opts: StartOptions = {}): Promise<RunningCli> {
  const fullArgs = withDefaultPort(args, opts.env);
  const cli = spawnCli(fullArgs, opts);
  const waitFor = opts.waitFor ?? BANNER;
  const timeoutMs = opts.timeoutMs ?? 20_000;
  return new Promise((resolve, reject) => {
    const fail = (why: string) => {
      cli.child.stdout!.off('data', check);
      cli.child.stderr!.off('data', check);
      clearTimeout(timer);
      reject(new Error(`the CLI (${fullArgs.join(' ')}) ${why}; its output:\n${cli.output()}`));
    };
    const check = () => {
      if (!waitFor.test(cli.output())) return;
      const url = LISTENING.exec(cli.output())?.[1];
      if (!url) return fail(`printed ${waitFor} without a "listening on" URL`);
      cli.child.stdout!.off('data', check);
      cli.child.stderr!.off('data', check);
      clearTimeout(timer);
      resolve({ ...cli, url });
    };
    const timer = setTimeout(() => {
      void cli.stop('SIGKILL');
      fail(`did not print ${waitFor} within ${timeoutMs} ms`);
    }, timeoutMs);
    // Registered after the collectors in spawnCli, so output() already holds the new chunk.
    cli.child.stdout!.on('data', check);
    cli.child.stderr!.on('data', check);
    void cli.exited.then((code) => fail(`exited with ${code ?? cli.child.signalCode} before it was ready`));
  });
}

/** Runs the built CLI with `args` as given (no default port) until it exits, e.g. --version or a start that must fail. */
export async function runCli(args: string[], opts: CliOptions = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const cli = spawnCli(args, opts);
  const code = await cli.exited;
  return { code, stdout: cli.stdout(), stderr: cli.stderr() };
}

/** A port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}
