/**
 * `aliyun-living-mock check`: reads the check's options, runs the check, prints the report and
 * writes it as JSON and JUnit XML, and exits with the verdict's code.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, ENV_PREFIX, resolveOptions, type OptionSpec } from '../runtime/cli/options.js';
import { CHECK_EXIT, runCheck } from './check.js';
import { CheckConfigSchema } from './options.js';
import { reportJson, reportJunit, reportLines } from './report.js';

/** What the command touches outside itself (the CLI's io). */
export interface CheckIo {
  env: NodeJS.ProcessEnv;
  out: (line: string) => void;
  err: (line: string) => void;
  exit: (code: number) => void;
}

/** The file names a report folder receives. */
export const REPORT_FILES = { json: 'drift-check.json', junit: 'drift-check.xml' } as const;

/** Printed before any call when --allow-writes is on: what the calls do to a real account. */
export const WRITES_WARNING =
  'warning: --allow-writes: on each device this creates an unpaid 直播分享 order (queued, never paid: it stays on the account as unpaid) ' +
  'and claims one month of the free cloud-storage trial for the current user (a claim each user can make once per device). Nothing is paid.';

const NAME = 'aliyun-living-mock check';

/** The help text after the options: what is sent, the report, the exit codes. */
export const CHECK_HELP_AFTER = `
Sends the documented sequence (docs/drift-check.md) to the target, signed with the app, and compares every
answer with the emulator's answer to the same call: field names, JSON types, formats and message texts.
Read-only unless --allow-writes; order/pay is never sent.
Exit codes: 0 every answer matches, 1 drift, 2 wrong options, 3 the service refused us (credentials,
permissions, quota) and nothing drifted, 4 calls failed (network, timeouts, server errors) and nothing else.`;

/** Runs `check` with the flags commander parsed (by option key) and the --config file, if any. */
export async function runCheckCommand(flags: Record<string, unknown>, specs: readonly OptionSpec[], io: CheckIo): Promise<void> {
  const { config: configFile, ...optionFlags } = flags;
  // The server's config file (ALIYUN_MOCK_CONFIG) holds the server's options, not these.
  const env = Object.fromEntries(Object.entries(io.env).filter(([name]) => name !== `${ENV_PREFIX}CONFIG`));
  let options;
  try {
    options = resolveOptions({ flags: optionFlags, env, configFile: configFile as string | undefined, specs }, CheckConfigSchema);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    for (const problem of err.problems) io.err(`${NAME}: ${problem}`);
    io.err(`${NAME}: see check --help for every option`);
    io.exit(CHECK_EXIT.usage);
    return;
  }
  if (options.allowWrites) io.err(WRITES_WARNING);
  let report;
  try {
    report = await runCheck({
      target: options.target,
      app: { appKey: options.appKey, appSecret: options.appSecret },
      iotIds: options.iotId ?? [],
      projectId: options.projectId,
      allowWrites: options.allowWrites,
    });
  } catch (err) {
    io.err(`${NAME}: the check could not run: ${(err as Error).message.split(options.appSecret).join('***')}`);
    io.exit(CHECK_EXIT.failed);
    return;
  }
  io.out(reportLines(report).join('\n'));
  if (options.report) {
    try {
      mkdirSync(options.report, { recursive: true });
      writeFileSync(join(options.report, REPORT_FILES.json), reportJson(report));
      writeFileSync(join(options.report, REPORT_FILES.junit), await reportJunit(report));
      io.out(`report: ${join(options.report, REPORT_FILES.json)}, ${join(options.report, REPORT_FILES.junit)}`);
    } catch (err) {
      io.err(`${NAME}: cannot write the report into ${options.report}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
      io.exit(CHECK_EXIT.failed);
      return;
    }
  }
  io.exit(report.exitCode);
}
