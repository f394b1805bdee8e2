/** The command line: flags, environment and config file -> validated config -> a running server. */
import { Command, CommanderError, Option } from 'commander';
import { checkOrderTimes, FixtureError } from '../../fixtures/validate.js';
import { ConfigSchema } from '../../config/schema.js';
import { createZoneTime } from '../../core/zone-time.js';
import { loadFixtures } from '../../fixtures/load.js';
import { createLogger } from '../../logging/logger.js';
import { exampleCurl, pageLink, startServer, type RunningServer } from '../server.js';
import { packageVersion } from '../version.js';
import { ConfigError, ENV_PREFIX, optionSpecs, resolveOptions, type OptionSpec } from './options.js';
import { CHECK_HELP_AFTER, runCheckCommand } from '../../drift/command.js';
import { CheckConfigSchema } from '../../drift/options.js';
import { RecordConfigSchema } from '../../record/options.js';
import { startRecorder } from '../../record/server.js';
import { missingPackagesIn } from '../../state/attach.js';

/** Exit codes: 0 clean stop, 1 could not start or run (port taken, bad fixtures), 2 wrong options. */
export const EXIT = { OK: 0, FAILED: 1, USAGE: 2 } as const;

const NAME = 'aliyun-living-mock';

/** What the CLI touches outside itself, so tests can run it in-process. */
export interface CliIo {
  env: NodeJS.ProcessEnv;
  out: (line: string) => void;
  err: (line: string) => void;
  exit: (code: number) => void;
}

// A reader of stdout that goes away (a closed pipe) must not stop the emulator.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code !== 'EPIPE') throw err;
});

const defaultIo: CliIo = {
  env: process.env,
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  exit: (code) => process.exit(code),
};

function helpOf(spec: OptionSpec): string {
  const env = spec.env.join(', ');
  const dflt = spec.defaultText ? `; default ${spec.defaultText}` : '';
  return `${spec.description}${spec.choices && spec.valueName !== spec.choices.join('|') ? ` (${spec.choices.join('|')})` : ''} [env ${env}${dflt}]`;
}

function addOptions(command: Command, specs: readonly OptionSpec[]): void {
  for (const spec of specs) {
    const short = spec.short ? `-${spec.short}, ` : '';
    if (spec.repeatable) {
      const collect = (value: string, previous: string[] | undefined) => [...(previous ?? []), value];
      command.addOption(new Option(`${short}--${spec.flag} <${spec.valueName}>`, helpOf(spec)).argParser(collect));
    } else if (spec.kind === 'boolean') {
      command.addOption(new Option(`${short}--${spec.flag}`, helpOf(spec)));
      command.addOption(new Option(`--no-${spec.flag}`, `turn ${spec.flag} off`).hideHelp());
    } else {
      // No commander default: a value it holds was given on the command line, so it wins.
      command.addOption(new Option(`${short}--${spec.flag} <${spec.valueName}>`, helpOf(spec)));
    }
  }
}

/**
 * Runs `validate-fixtures DIR [--state-file FILE]`: exit 0 and a summary when the folder is good
 * (and the file names no package it lacks), 1 and the problem when not.
 */
function validateFixturesCommand(dir: string, options: { stateFile?: string }, io: CliIo): void {
  // Relative times as a server started now, in the default zone, would resolve them.
  const zone = createZoneTime(ConfigSchema.shape.timezone.parse(undefined));
  let summary: string;
  let fixtures;
  try {
    fixtures = loadFixtures(dir);
    checkOrderTimes(fixtures, Date.now(), zone);
    summary = `${dir}: fixtures are valid (${fixtures.packages.length} packages, ${fixtures.devices.length} devices, ${fixtures.orders.length} orders, ${fixtures.apps.length} apps)`;
  } catch (err) {
    io.err(`${NAME}: invalid fixtures: ${(err as Error).message}`);
    io.exit(EXIT.FAILED);
    return;
  }
  if (options.stateFile === undefined) {
    io.out(summary);
    io.exit(EXIT.OK);
    return;
  }
  let missing: string[];
  try {
    missing = missingPackagesIn(options.stateFile, fixtures, zone);
  } catch (err) {
    io.err(`${NAME}: ${(err as Error).message}`);
    io.exit(EXIT.FAILED);
    return;
  }
  if (missing.length === 0) {
    io.out(`${summary}; state file ${options.stateFile} names no package they lack`);
    io.exit(EXIT.OK);
    return;
  }
  io.err(
    [
      `${NAME}: state file ${options.stateFile} names packages the fixtures in ${dir} no longer have:`,
      ...missing.map((line) => `  ${line}`),
      `Put them back in the fixtures, or start once with --state-file-repair to skip the changes that cannot be replayed without them.`,
    ].join('\n'),
  );
  io.exit(EXIT.FAILED);
}

/** One line saying why the server could not start. */
export function startFailure(err: unknown, config: { port: number; host: string }): string {
  const e = err as NodeJS.ErrnoException;
  if (e.code === 'EADDRINUSE') return `port ${config.port} on ${config.host} is already in use; pick another with --port or ${ENV_PREFIX}PORT`;
  if (e.code === 'EADDRNOTAVAIL') return `cannot bind ${config.host}: no such address on this machine; try --host 127.0.0.1`;
  if (e.code === 'EACCES') return `no permission to bind port ${config.port} on ${config.host}; use a port above 1023`;
  if (err instanceof FixtureError) return `invalid fixtures: ${e.message}`;
  return e.message.split('\n')[0] ?? String(err);
}

/** Starts the server (or, with --record, the recorder) for a config and stops it cleanly on SIGINT/SIGTERM. */
async function serve(flags: Record<string, unknown>, specs: readonly OptionSpec[], recordSpecs: readonly OptionSpec[], io: CliIo): Promise<void> {
  const { config: configFile, ...optionFlags } = flags;
  let config;
  let recording;
  try {
    config = resolveOptions({ flags: optionFlags, env: io.env, configFile: configFile as string | undefined, specs });
    if (optionFlags.record !== undefined || io.env[`${ENV_PREFIX}RECORD`]) recording = resolveOptions({ flags: optionFlags, env: io.env, specs: recordSpecs }, RecordConfigSchema);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    for (const problem of err.problems) io.err(`${NAME}: ${problem}`);
    io.err(`${NAME}: see --help for every option`);
    io.exit(EXIT.USAGE);
    return;
  }
  const logger = createLogger({ level: config.logLevel, format: config.logFormat });
  let server: RunningServer;
  try {
    server = recording?.record
      ? await startRecorder({ target: recording.target, app: { appKey: recording.appKey, appSecret: recording.appSecret }, dir: recording.record, port: config.port, host: config.host, timezone: config.timezone, logger })
      : await startServer({ ...config, logger });
  } catch (err) {
    io.err(`${NAME}: ${startFailure(err, config)}`);
    io.exit(EXIT.FAILED);
    return;
  }
  if (recording?.record) {
    io.out(`${NAME} recording ${recording.target} into ${recording.record}, listening on ${server.url}\nreplay with: ${NAME} --fixtures ${recording.record} --now <recordedAt in ${recording.record}/recording.json>`);
  } else {
    // One write: a reader that stops at "listening on" must not make the next write fail.
    const lines = [`${NAME} listening on ${server.url}`];
    if (server.certificatePath) {
      const origin = server.certificateGenerated ? 'self-signed, generated at start' : 'from --tls-cert';
      lines.push(`TLS certificate (${origin}): ${server.certificatePath}`);
      lines.push(`  trust it with: curl --cacert ${server.certificatePath} ...  or  NODE_EXTRA_CA_CERTS=${server.certificatePath} node ...`);
    }
    if (server.generatedAdminToken) {
      lines.push(`admin token (made up at start: --host ${config.host} reaches beyond this machine and no --admin-token was given): ${server.generatedAdminToken}`);
      lines.push(`  send it as x-admin-token, or open the links below, which carry it; --admin-token sets your own`);
    }
    if (config.admin) {
      lines.push(`admin page: ${pageLink(server.url, '/__admin/ui/', server.generatedAdminToken)}`, `API docs: ${pageLink(server.url, '/__admin/docs', server.generatedAdminToken)}`);
    }
    if (config.verifySignature) lines.push('signature checking is on for every request (--verify-signature)');
    lines.push(`try the documented request:\n  ${exampleCurl(server.url, server.certificatePath)}`);
    io.out(lines.join('\n'));
  }
  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) {
      // A second signal means "now": requests still in flight are dropped.
      io.err(`${NAME}: ${signal} again, exiting without waiting`);
      io.exit(EXIT.FAILED);
      return;
    }
    stopping = true;
    server.app.log.info({ signal }, 'closing: finishing requests in flight');
    try {
      await server.close();
    } catch (err) {
      io.err(`${NAME}: error while closing: ${(err as Error).message}`);
      io.exit(EXIT.FAILED);
      return;
    }
    io.exit(EXIT.OK);
  };
  process.on('SIGINT', (s) => void stop(s));
  process.on('SIGTERM', (s) => void stop(s));
}

/** The commander program with every option of ConfigSchema and the validate-fixtures command. */
export function buildProgram(io: CliIo = defaultIo): Command {
  const program = new Command()
    .name(NAME)
    .description('Emulator of the Aliyun Living IoT 直播分享 API behind an emulated API gateway')
    .version(packageVersion(), '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show every option with its environment variable and default')
    .addOption(new Option('-c, --config <file>', `JSON file of options, e.g. {"port": 9000} [env ${ENV_PREFIX}CONFIG]`))
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.out(text.replace(/\n$/, '')),
      writeErr: (text) => io.err(text.replace(/\n$/, '')),
      outputError: (text, write) => write(`${NAME}: ${text.replace(/^error: /, '').trim()}\n`),
    });
  // Derived once per program: the options it shows are the ones it resolves.
  const specs = optionSpecs();
  addOptions(program, specs);
  const recordSpecs = optionSpecs(RecordConfigSchema);
  addOptions(program, recordSpecs);
  program.addHelpText('after', `\nPrecedence: flags > environment > --config file > defaults.\nExit codes: 0 clean stop, 1 could not start (port taken, invalid fixtures), 2 wrong options.`);
  program.action(async (flags: Record<string, unknown>) => serve(flags, specs, recordSpecs, io));
  program
    .command('validate-fixtures')
    .description('check a fixtures folder (with --state-file, also the packages a state file names) and exit: 0 when valid, 1 with the problem when not')
    .argument('<dir>', 'the fixtures folder')
    .option('--state-file <path>', 'also report the packages this state file\'s orders name that the folder lacks')
    // The program's own --state-file takes the flag wherever it stands: read it from there too.
    .action((dir: string, _options: unknown, command: Command) => validateFixturesCommand(dir, command.optsWithGlobals<{ stateFile?: string }>(), io));
  const check = program
    .command('check')
    .description('compare a service (the real one by default) with the emulator, call by call: exit 0 when every answer matches')
    .addOption(new Option('-c, --config <file>', 'JSON file of these options, e.g. {"appKey": "...", "appSecret": "..."}'));
  const checkSpecs = optionSpecs(CheckConfigSchema);
  addOptions(check, checkSpecs);
  check.addHelpText('after', CHECK_HELP_AFTER);
  // The program's own -c, --config is read wherever it stands: it names the check's file here.
  check.action(async (_flags: Record<string, unknown>, command: Command) => runCheckCommand(command.optsWithGlobals(), checkSpecs, io));
  return program;
}

/** Runs the CLI on argv (as process.argv). */
export async function runCli(argv: readonly string[], io: CliIo = defaultIo): Promise<void> {
  const program = buildProgram(io);
  try {
    await program.parseAsync([...argv]);
  } catch (err) {
    if (err instanceof CommanderError) {
      const ok = err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help';
      io.exit(ok ? EXIT.OK : EXIT.USAGE);
      return;
    }
    io.err(`${NAME}: ${(err as Error).message}`);
    io.exit(EXIT.FAILED);
  }
}
