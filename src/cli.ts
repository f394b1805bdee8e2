#!/usr/bin/env node
import { Command, Option } from 'commander';
import pino from 'pino';
import { parseConfig, type ConfigInput } from './config.js';
import { exampleCurl, startServer } from './server.js';

/** Environment variables read for each option (flags win over them). */
export const ENV_NAMES: Record<string, string[]> = {
  port: ['ALIYUN_MOCK_PORT', 'PORT'],
  host: ['ALIYUN_MOCK_HOST', 'HOST'],
  fixtures: ['ALIYUN_MOCK_FIXTURES'],
  timezone: ['ALIYUN_MOCK_TIMEZONE'],
  now: ['ALIYUN_MOCK_NOW'],
  seed: ['ALIYUN_MOCK_SEED'],
  bodyLimit: ['ALIYUN_MOCK_BODY_LIMIT'],
  logLevel: ['ALIYUN_MOCK_LOG_LEVEL'],
  isolateBy: ['ALIYUN_MOCK_ISOLATE_BY'],
  maxSessions: ['ALIYUN_MOCK_MAX_SESSIONS'],
  sessionIdleMs: ['ALIYUN_MOCK_SESSION_IDLE_MS'],
  requireCloudToken: ['ALIYUN_MOCK_REQUIRE_CLOUD_TOKEN'],
  paymentSettleMs: ['ALIYUN_MOCK_PAYMENT_SETTLE_MS'],
  admin: ['ALIYUN_MOCK_ADMIN'],
  adminToken: ['ALIYUN_MOCK_ADMIN_TOKEN'],
  faults: ['ALIYUN_MOCK_FAULTS'],
  journalSize: ['ALIYUN_MOCK_JOURNAL_SIZE'],
  verifySignature: ['ALIYUN_MOCK_VERIFY_SIGNATURE'],
  https: ['ALIYUN_MOCK_HTTPS'],
  tlsCert: ['ALIYUN_MOCK_TLS_CERT'],
  tlsKey: ['ALIYUN_MOCK_TLS_KEY'],
};

function fromEnv(env: NodeJS.ProcessEnv): ConfigInput {
  const out: Record<string, string> = {};
  for (const [key, names] of Object.entries(ENV_NAMES)) {
    const name = names.find((n) => env[n] !== undefined && env[n] !== '');
    if (name) out[key] = env[name]!;
  }
  return out as ConfigInput;
}

const program = new Command()
  .name('aliyun-living-mock')
  .description('Emulator of the Aliyun Living IoT 直播分享 API behind an emulated API gateway')
  .addOption(new Option('-p, --port <port>', 'TCP port (0 picks a free one) [env ALIYUN_MOCK_PORT, PORT]').default('8080'))
  .addOption(new Option('--host <host>', 'address to bind [env ALIYUN_MOCK_HOST, HOST]').default('127.0.0.1'))
  .addOption(new Option('--fixtures <dir>', 'fixtures folder (default: built-in) [env ALIYUN_MOCK_FIXTURES]'))
  .addOption(new Option('--timezone <zone>', 'zone of local times and calendar months [env ALIYUN_MOCK_TIMEZONE]').default('Asia/Shanghai'))
  .addOption(new Option('--now <instant>', 'fix the clock at this ISO instant [env ALIYUN_MOCK_NOW]'))
  .addOption(new Option('--seed <n>', 'seed of every generated id [env ALIYUN_MOCK_SEED]'))
  .addOption(new Option('--body-limit <bytes>', 'largest request body [env ALIYUN_MOCK_BODY_LIMIT]').default('1048576'))
  .addOption(new Option('--no-admin', 'turn the /__admin control plane off [env ALIYUN_MOCK_ADMIN=false]'))
  .addOption(new Option('--admin-token <token>', 'require this token on /__admin [env ALIYUN_MOCK_ADMIN_TOKEN]'))
  .addOption(new Option('--faults <file>', 'JSON file of fault rules in force at start [env ALIYUN_MOCK_FAULTS]'))
  .addOption(new Option('--journal-size <n>', 'requests the journal keeps [env ALIYUN_MOCK_JOURNAL_SIZE]').default('10000'))
  .addOption(new Option('--log-level <level>', 'fatal|error|warn|info|debug|trace|silent [env ALIYUN_MOCK_LOG_LEVEL]').default('info'))
  .addOption(new Option('--require-cloud-token', 'every API but /cloud/token needs request.cloudToken [env ALIYUN_MOCK_REQUIRE_CLOUD_TOKEN]'))
  .addOption(new Option('--payment-settle-ms <ms>', 'pay answers paying (2), paid after this many ms [env ALIYUN_MOCK_PAYMENT_SETTLE_MS]').default('0'))
  .addOption(new Option('--verify-signature', "check every request's X-Ca signature (default: only apps marked verifySignature) [env ALIYUN_MOCK_VERIFY_SIGNATURE]"))
  .addOption(new Option('--https', 'serve HTTPS with a self-signed certificate generated at start [env ALIYUN_MOCK_HTTPS]'))
  .addOption(new Option('--tls-cert <file>', 'serve HTTPS with this PEM certificate (needs --tls-key) [env ALIYUN_MOCK_TLS_CERT]'))
  .addOption(new Option('--tls-key <file>', 'PEM private key of --tls-cert [env ALIYUN_MOCK_TLS_KEY]'))
  .addOption(new Option('--isolate-by <what>', 'header|app-key: what picks a request\'s session [env ALIYUN_MOCK_ISOLATE_BY]').default('header'))
  .addOption(new Option('--max-sessions <n>', 'most named sessions kept at once (LRU out) [env ALIYUN_MOCK_MAX_SESSIONS]').default('1000'))
  .addOption(new Option('--session-idle-ms <ms>', 'drop a session unused this long; 0 never [env ALIYUN_MOCK_SESSION_IDLE_MS]').default('1800000'))
  .action(async (flags: Record<string, string>, command: Command) => {
    // Flags given on the command line win over the environment, which wins over defaults.
    const explicit: Record<string, string> = {};
    for (const key of Object.keys(flags)) if (command.getOptionValueSource(key) === 'cli') explicit[key] = flags[key]!;
    let config;
    try {
      config = parseConfig({ ...fromEnv(process.env), ...explicit });
    } catch (err) {
      console.error(`aliyun-living-mock: ${(err as Error).message}`);
      process.exit(2);
    }
    const logger = pino({ level: config.logLevel, redact: ['req.headers["x-ca-signature"]', 'req.headers.authorization', 'req.headers["x-admin-token"]'] });
    let server;
    try {
      server = await startServer({ ...config, logger });
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      const reason = e.code === 'EADDRINUSE' ? `port ${config.port} on ${config.host} is already in use; pick another with --port` : e.message;
      console.error(`aliyun-living-mock: ${reason}`);
      process.exit(1);
    }
    console.log(`aliyun-living-mock listening on ${server.url}`);
    if (server.certificatePath) {
      const origin = server.certificateGenerated ? 'self-signed, generated at start' : 'from --tls-cert';
      console.log(`TLS certificate (${origin}): ${server.certificatePath}`);
      console.log(`  trust it with: curl --cacert ${server.certificatePath} ...  or  NODE_EXTRA_CA_CERTS=${server.certificatePath} node ...`);
    }
    if (config.admin) console.log(`admin page: ${server.url}/__admin/ui/`);
    if (config.verifySignature) console.log('signature checking is on for every request (--verify-signature)');
    console.log(`try the documented request:\n  ${exampleCurl(server.url, server.certificatePath)}`);
    const stop = async (signal: string) => {
      server.app.log.info({ signal }, 'closing: finishing requests in flight');
      await server.close();
      process.exit(0);
    };
    process.once('SIGINT', () => void stop('SIGINT'));
    process.once('SIGTERM', () => void stop('SIGTERM'));
  });

await program.parseAsync(process.argv);
