import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildProgram, type CliIo } from '../../src/runtime/cli/program.js';
import { ConfigError, optionSpecs, resolveOptions } from '../../src/runtime/cli/options.js';
import { ConfigSchema } from '../../src/config/schema.js';

const dir = mkdtempSync(join(tmpdir(), 'alm-options-'));
function configFile(content: unknown, name = `c${Math.random().toString(36).slice(2)}.json`): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

/** The problems resolveOptions reports, one line each. */
function problemsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('option precedence: flags > env > config file > defaults', () => {
  it('takes defaults from the schema when nothing is given', () => {
    const config = resolveOptions({ env: {} });
    expect(config).toMatchObject({ port: 8080, host: '127.0.0.1', timezone: 'Asia/Shanghai', bodyLimit: 1048576, logLevel: 'info' });
    expect(config.seed).toBeUndefined();
  });

  it('lets the file beat defaults, env beat the file and flags beat env', () => {
    const file = configFile({ port: 7001, host: '0.0.0.0', seed: 1, logLevel: 'warn' });
    const env = { ALIYUN_MOCK_PORT: '7002', ALIYUN_MOCK_SEED: '2' };
    const config = resolveOptions({ configFile: file, env, flags: { port: '7003' } });
    expect(config.port).toBe(7003);
    expect(config.seed).toBe(2);
    expect(config.host).toBe('0.0.0.0');
    expect(config.logLevel).toBe('warn');
    expect(config.timezone).toBe('Asia/Shanghai');
  });

  it('reads the config file named by ALIYUN_MOCK_CONFIG, and accepts flag names as keys', () => {
    const file = configFile({ 'body-limit': 2048 });
    expect(resolveOptions({ env: { ALIYUN_MOCK_CONFIG: file } }).bodyLimit).toBe(2048);
  });

  it('prefers ALIYUN_MOCK_PORT over the plain PORT alias, and takes PORT when alone', () => {
    expect(resolveOptions({ env: { PORT: '9001' } }).port).toBe(9001);
    expect(resolveOptions({ env: { PORT: '9001', ALIYUN_MOCK_PORT: '9002' } }).port).toBe(9002);
  });

  it('resolves with the options the caller derived already (the program derives them once)', () => {
    const specs = optionSpecs().map((s) => (s.key === 'port' ? { ...s, env: ['OWN_PORT'] } : s));
    expect(resolveOptions({ env: { OWN_PORT: '9100', ALIYUN_MOCK_PORT: '9200' }, specs }).port).toBe(9100);
  });

  it('ignores empty environment variables', () => {
    expect(resolveOptions({ env: { ALIYUN_MOCK_PORT: '' } }).port).toBe(8080);
  });

  it('applies the same precedence through the commander program', async () => {
    const file = configFile({ port: 7001, timezone: 'Europe/Berlin', seed: 5 });
    const seen: Record<string, unknown>[] = [];
    const io: CliIo = { env: { ALIYUN_MOCK_SEED: '6' }, out: () => {}, err: () => {}, exit: () => {} };
    const program = buildProgram(io);
    program.action((flags: Record<string, unknown>) => {
      const { config, ...rest } = flags;
      seen.push(resolveOptions({ flags: rest, env: io.env, configFile: config as string }));
    });
    await program.parseAsync(['node', 'cli', '--config', file, '-p', '7005']);
    expect(seen[0]).toMatchObject({ port: 7005, seed: 6, timezone: 'Europe/Berlin' });
  });
});

describe('every validation error is one line naming the option and its source', () => {
  const cases: [string, Record<string, string>, RegExp][] = [
    ['port not a number', { ALIYUN_MOCK_PORT: 'abc' }, /^env ALIYUN_MOCK_PORT="abc": expected a port number from 0 to 65535$/],
    ['port too large', { ALIYUN_MOCK_PORT: '70000' }, /^env ALIYUN_MOCK_PORT="70000": expected a port number from 0 to 65535$/],
    ['port negative', { ALIYUN_MOCK_PORT: '-1' }, /port number from 0 to 65535/],
    ['port fractional', { ALIYUN_MOCK_PORT: '80.5' }, /^env ALIYUN_MOCK_PORT="80.5": expected a port number from 0 to 65535$/],
    ['host blank', { HOST: ' ' }, /^env HOST=" ": expected an address such as 127.0.0.1 or 0.0.0.0$/],
    ['timezone unknown', { ALIYUN_MOCK_TIMEZONE: 'Mars/Olympus' }, /^env ALIYUN_MOCK_TIMEZONE="Mars\/Olympus": expected an IANA zone name such as Asia\/Shanghai$/],
    ['now not an instant', { ALIYUN_MOCK_NOW: 'yesterday' }, /^env ALIYUN_MOCK_NOW="yesterday": expected an ISO instant/],
    ['now a day the calendar lacks', { ALIYUN_MOCK_NOW: '2024-02-30T00:00:00Z' }, /^env ALIYUN_MOCK_NOW="2024-02-30T00:00:00Z": expected an ISO instant/],
    ['seed negative', { ALIYUN_MOCK_SEED: '-3' }, /^env ALIYUN_MOCK_SEED="-3": expected a whole number from 0 to 4294967295$/],
    ['seed too large', { ALIYUN_MOCK_SEED: '4294967296' }, /expected a whole number from 0 to 4294967295/],
    ['seed not a number', { ALIYUN_MOCK_SEED: 'seven' }, /expected a whole number from 0 to 4294967295/],
    ['body limit zero', { ALIYUN_MOCK_BODY_LIMIT: '0' }, /^env ALIYUN_MOCK_BODY_LIMIT="0": expected a whole number of bytes above 0$/],
    ['body limit fractional', { ALIYUN_MOCK_BODY_LIMIT: '1.5' }, /whole number of bytes/],
    ['synthetic devices in hex', { ALIYUN_MOCK_SYNTHETIC_DEVICES: '0x10' }, /^env ALIYUN_MOCK_SYNTHETIC_DEVICES="0x10": expected a whole number from 0 to 100000$/],
    ['synthetic devices in exponent notation', { ALIYUN_MOCK_SYNTHETIC_DEVICES: '1e3' }, /^env ALIYUN_MOCK_SYNTHETIC_DEVICES="1e3": expected a whole number from 0 to 100000$/],
    ['port in exponent notation', { ALIYUN_MOCK_PORT: '8e3' }, /^env ALIYUN_MOCK_PORT="8e3": expected a port number from 0 to 65535$/],
    ['journal size a word', { ALIYUN_MOCK_JOURNAL_SIZE: 'lots' }, /^env ALIYUN_MOCK_JOURNAL_SIZE="lots": expected a whole number from 1 to 1000000$/],
    ['a timeout blank', { ALIYUN_MOCK_REQUEST_TIMEOUT: ' ' }, /^env ALIYUN_MOCK_REQUEST_TIMEOUT=" ": expected a whole number of ms from 1 to 3600000$/],
    ['log level unknown', { ALIYUN_MOCK_LOG_LEVEL: 'loud' }, /^env ALIYUN_MOCK_LOG_LEVEL="loud": Invalid option: expected one of "fatal"\|"error"/],
    ['log format unknown', { ALIYUN_MOCK_LOG_FORMAT: 'xml' }, /^env ALIYUN_MOCK_LOG_FORMAT="xml": Invalid option: expected one of "json"\|"pretty"$/],
  ];
  for (const [name, env, line] of cases) {
    it(name, () => {
      const problems = problemsOf(() => resolveOptions({ env }));
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(line);
    });
  }

  it('a bad host given as a flag names the flag', () => {
    expect(problemsOf(() => resolveOptions({ env: {}, flags: { host: '' } }))).toEqual([expect.stringMatching(/^--host "": /)]);
  });

  it('an empty fixtures path from the config file names the file', () => {
    const file = configFile({ fixtures: '' });
    expect(problemsOf(() => resolveOptions({ env: {}, configFile: file }))).toEqual([expect.stringMatching(new RegExp(`^"fixtures": "" in ${file}: `))]);
  });

  it('reports each bad value on its own line, all at once', () => {
    const problems = problemsOf(() => resolveOptions({ env: { ALIYUN_MOCK_PORT: 'x' }, flags: { seed: '-1', logLevel: 'loud' } }));
    expect(problems).toHaveLength(3);
    expect(problems.every((p) => !p.includes('\n'))).toBe(true);
  });

  it('a config file that cannot be read, is not JSON, is not an object, or has an unknown key', () => {
    expect(problemsOf(() => resolveOptions({ env: {}, configFile: join(dir, 'missing.json') }))).toEqual([expect.stringMatching(/missing\.json: cannot read it \(ENOENT\)$/)]);
    expect(problemsOf(() => resolveOptions({ env: {}, configFile: configFile('{port: 1') }))).toEqual([expect.stringMatching(/: not valid JSON \(/)]);
    expect(problemsOf(() => resolveOptions({ env: {}, configFile: configFile([1, 2]) }))).toEqual([expect.stringMatching(/expected a JSON object of options/)]);
    expect(problemsOf(() => resolveOptions({ env: {}, configFile: configFile({ prot: 1 }) }))).toEqual([expect.stringMatching(/unknown option "prot"; known: port, host/)]);
  });

  it('a boolean option rejects words that are not true/false', () => {
    const schema = ConfigSchema.safeExtend({ https: z.boolean().default(false).describe('serve HTTPS') });
    expect(problemsOf(() => resolveOptions({ env: { ALIYUN_MOCK_HTTPS: 'maybe' } }, schema))).toEqual([
      'env ALIYUN_MOCK_HTTPS="maybe": expected true or false (also 1/0, yes/no, on/off)',
    ]);
    expect(resolveOptions({ env: { ALIYUN_MOCK_HTTPS: 'yes' } }, schema).https).toBe(true);
  });

  it('never prints the value of a secret option', () => {
    const schema = ConfigSchema.safeExtend({ adminToken: z.string().min(8).optional().describe('token of the admin API') });
    const problems = problemsOf(() => resolveOptions({ env: { ALIYUN_MOCK_ADMIN_TOKEN: 'short' } }, schema));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^env ALIYUN_MOCK_ADMIN_TOKEN: /);
    expect(problems[0]).not.toContain('short"');
  });
});

describe('one reading of switches and numbers, whatever the source', () => {
  const exitOf = async (argv: string[], env: Record<string, string> = {}) => {
    const errors: string[] = [];
    let code: number | undefined;
    const io: CliIo = { env, out: () => {}, err: (l) => errors.push(l), exit: (c) => { code = c; } };
    await buildProgram(io).parseAsync(['node', 'cli', ...argv]);
    return { code, errors };
  };

  it('refuses a misspelt switch in --config with exit 2, naming the option, the file and the words it takes', async () => {
    const file = configFile({ admin: 'flase' });
    const { code, errors } = await exitOf(['--config', file]);
    expect(code).toBe(2);
    expect(errors[0]).toBe(`aliyun-living-mock: "admin": "flase" in ${file}: expected true or false (also 1/0, yes/no, on/off)`);
  });

  it('reads "yes" as true in --config and in the environment alike, and refuses "maybe" from both the same way', () => {
    expect(resolveOptions({ env: {}, configFile: configFile({ requireCloudToken: 'yes' }) }).requireCloudToken).toBe(true);
    expect(resolveOptions({ env: { ALIYUN_MOCK_REQUIRE_CLOUD_TOKEN: 'yes' } }).requireCloudToken).toBe(true);
    const file = configFile({ requireCloudToken: 'maybe' });
    expect(problemsOf(() => resolveOptions({ env: {}, configFile: file }))).toEqual([`"requireCloudToken": "maybe" in ${file}: expected true or false (also 1/0, yes/no, on/off)`]);
    expect(problemsOf(() => resolveOptions({ env: { ALIYUN_MOCK_REQUIRE_CLOUD_TOKEN: 'maybe' } }))).toEqual(['env ALIYUN_MOCK_REQUIRE_CLOUD_TOKEN="maybe": expected true or false (also 1/0, yes/no, on/off)']);
  });

  it('reads a number as text or JSON number, and refuses true, a word or a blank in --config with exit 2', async () => {
    expect(resolveOptions({ env: {}, configFile: configFile({ journalSize: '250' }) }).journalSize).toBe(250);
    expect(resolveOptions({ env: {}, configFile: configFile({ journalSize: 250 }) }).journalSize).toBe(250);
    for (const bad of [true, 'many', '', null]) {
      const file = configFile({ journalSize: bad });
      expect(problemsOf(() => resolveOptions({ env: {}, configFile: file }))).toEqual([`"journalSize": ${JSON.stringify(bad)} in ${file}: expected a whole number from 1 to 1000000`]);
    }
    const { code, errors } = await exitOf(['--config', configFile({ port: 'http' })]);
    expect(code).toBe(2);
    expect(errors[0]).toMatch(/"port": "http" in .*: expected a port number from 0 to 65535$/);
    expect((await exitOf(['--journal-size', '0'])).errors[0]).toBe('aliyun-living-mock: --journal-size "0": expected a whole number from 1 to 1000000');
    for (const notation of ['0x10', '1e3']) {
      expect((await exitOf(['--synthetic-devices', notation])).errors[0]).toBe(`aliyun-living-mock: --synthetic-devices "${notation}": expected a whole number from 0 to 100000`);
    }
  });
});

describe('options are derived from ConfigSchema', () => {
  it('gives every schema field a flag, an env name, a help text and its default', () => {
    const specs = optionSpecs();
    expect(specs.map((s) => s.key)).toEqual(Object.keys(ConfigSchema.shape));
    for (const spec of specs) {
      expect(spec.description, spec.key).not.toBe('');
      expect(spec.env[0]).toMatch(/^ALIYUN_MOCK_[A-Z_]+$/);
    }
    expect(specs.find((s) => s.key === 'bodyLimit')).toMatchObject({ flag: 'body-limit', env: ['ALIYUN_MOCK_BODY_LIMIT'], defaultText: '1048576' });
  });

  it('treats a boolean that also accepts words as a switch, with its default, and not as a secret', () => {
    const schema = ConfigSchema.safeExtend({
      requireThing: z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]).default(false).describe('x'),
      someToken: z.string().optional().describe('y'),
    });
    const specs = optionSpecs(schema);
    expect(specs.find((s) => s.key === 'requireThing')).toMatchObject({ kind: 'boolean', defaultText: 'false', secret: false });
    expect(specs.find((s) => s.key === 'someToken')).toMatchObject({ kind: 'string', secret: true });
    expect(resolveOptions({ env: { ALIYUN_MOCK_REQUIRE_THING: '1' } }, schema).requireThing).toBe(true);
  });

  it('makes a field added to the schema a flag, an env variable and a --help line with no other edit', async () => {
    const schema = ConfigSchema.safeExtend({
      journalSize: z.coerce.number().int().positive().default(1000).describe('requests kept in the journal'),
      verifySignature: z.boolean().default(false).describe('check X-Ca-Signature'),
    });
    const specs = optionSpecs(schema);
    expect(specs.find((s) => s.key === 'journalSize')).toMatchObject({ flag: 'journal-size', env: ['ALIYUN_MOCK_JOURNAL_SIZE'], kind: 'integer', defaultText: '1000' });
    expect(resolveOptions({ env: { ALIYUN_MOCK_JOURNAL_SIZE: '5' }, flags: { verifySignature: true } }, schema)).toMatchObject({ journalSize: 5, verifySignature: true });
    const lines: string[] = [];
    const io: CliIo = { env: {}, out: (l) => lines.push(l), err: (l) => lines.push(l), exit: () => {} };
    await buildProgram(io).exitOverride().parseAsync(['node', 'cli', '--help']).catch(() => {});
    const help = lines.join('\n');
    for (const spec of optionSpecs()) {
      expect(help).toContain(`--${spec.flag}`);
      expect(help).toContain(spec.env[0]);
      if (spec.defaultText) expect(help).toContain(`default ${spec.defaultText}`);
    }
  });
});

describe('rules across options', () => {
  it('name the option a refinement points at, even when it was not given', () => {
    const schema = ConfigSchema.safeExtend({
      tlsCert: z.string().optional().describe('certificate file'),
      tlsKey: z.string().optional().describe('key file'),
    }).refine((c) => (c.tlsCert === undefined) === (c.tlsKey === undefined), { message: 'give both --tls-cert and --tls-key, or neither', path: ['tlsCert'] });
    expect(optionSpecs(schema).map((s) => s.key)).toContain('tlsKey');
    expect(problemsOf(() => resolveOptions({ env: { ALIYUN_MOCK_TLS_KEY: 'k.pem' } }, schema))).toEqual(['--tls-cert: give both --tls-cert and --tls-key, or neither']);
  });
});
