/**
 * The command-line view of ConfigSchema: flag, environment variable, help text and default of
 * every option are derived from the schema, so an option added there appears on the command
 * line, in the environment, in --help and in docs/options.md without further edits.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ConfigSchema } from '../../config/schema.js';
import { readNumber, readSwitch, SWITCH_EXPECTED } from '../../core/option-values.js';

/**
 * Optional metadata a ConfigSchema field may carry with `.meta({...})`; everything has a default
 * (flag: the key in kebab-case, env: ALIYUN_MOCK_ + the key in SCREAMING_SNAKE_CASE).
 */
export interface OptionMeta {
  /** One-letter alias, e.g. "p" for -p. */
  short?: string;
  /** Extra environment variables read after the ALIYUN_MOCK_ one (e.g. PORT). */
  envAliases?: string[];
  /** Placeholder of the value in --help, e.g. "dir". */
  valueName?: string;
  /** Text shown as the default when the schema has none (e.g. "built-in"). */
  defaultText?: string;
  /** Never print the value (tokens, secrets); names containing token/secret/password are secret anyway. */
  secret?: boolean;
  /** A list: the flag may be given several times, each time adding one entry. */
  repeatable?: boolean;
}

/** The kind of value an option takes, from its JSON Schema type. */
export type OptionKind = 'string' | 'number' | 'integer' | 'boolean' | 'json';

/** One option as the command line, the environment and the docs see it. */
export interface OptionSpec {
  /** The ConfigSchema key, e.g. bodyLimit. */
  key: string;
  flag: string;
  short?: string;
  env: string[];
  kind: OptionKind;
  choices?: string[];
  description: string;
  /** The schema default, if any. */
  defaultValue?: unknown;
  /** The default as shown to a person. */
  defaultText: string;
  valueName: string;
  secret: boolean;
  /** The flag may be repeated, each value an entry of a list. */
  repeatable?: boolean;
}

/** Prefix of every environment variable the emulator reads. */
export const ENV_PREFIX = 'ALIYUN_MOCK_';

/** camelCase -> kebab-case. */
export const kebab = (key: string): string => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
/** camelCase -> SCREAMING_SNAKE_CASE. */
export const screamingSnake = (key: string): string => key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase();

interface JsonSchemaProp extends OptionMeta {
  type?: string | string[];
  enum?: unknown[];
  default?: unknown;
  description?: string;
  anyOf?: JsonSchemaProp[];
}

function kindOf(prop: JsonSchemaProp, output?: JsonSchemaProp): { kind: OptionKind; choices?: string[] } {
  const variants = prop.anyOf ?? [prop];
  // A preprocessed field (z.preprocess) has no input type: its output type says what it takes.
  if (output && variants.every((v) => v.type === undefined && v.enum === undefined)) return kindOf(output);
  const types = new Set(variants.flatMap((v) => (Array.isArray(v.type) ? v.type : v.type ? [v.type] : [])));
  types.delete('null');
  const choices = variants.flatMap((v) => (v.enum ?? []).filter((e): e is string => typeof e === 'string'));
  // A boolean that also accepts words ("true", "1") is still a switch on the command line.
  if (types.has('boolean')) return { kind: 'boolean' };
  if (types.size === 1) {
    const only = [...types][0]!;
    if (only === 'boolean' || only === 'number' || only === 'integer') return { kind: only };
    if (only === 'string') return choices.length ? { kind: 'string', choices } : { kind: 'string' };
    return { kind: 'json' };
  }
  return types.size === 0 && choices.length ? { kind: 'string', choices } : { kind: types.has('object') || types.has('array') ? 'json' : 'string' };
}

/**
 * Every option of a config schema (ConfigSchema unless told), in schema order. Derived afresh
 * each call (two JSON Schema conversions, about 12 ms cold and 3.5 ms warm): a caller that needs
 * them more than once keeps them, as the program does (OptionInputs.specs).
 */
export function optionSpecs(schema: z.ZodObject = ConfigSchema): OptionSpec[] {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as { properties?: Record<string, JsonSchemaProp> };
  const output = z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any' }) as { properties?: Record<string, JsonSchemaProp> };
  return Object.entries(json.properties ?? {}).map(([key, prop]) => {
    const { kind, choices } = kindOf(prop, output.properties?.[key]);
    // A switch named like a secret (requireCloudToken) is not one; a text value (adminToken) is.
    const secret = prop.secret ?? (kind !== 'boolean' && /token|secret|password/i.test(key));
    // JSON Schema drops the default of a field that transforms its input: ask the field itself.
    const fallback = prop.default === undefined ? (schema.shape[key] as z.ZodType | undefined)?.safeParse(undefined) : undefined;
    if (fallback?.success && fallback.data !== undefined) prop.default = fallback.data;
    const hasDefault = prop.default !== undefined;
    const defaultText = secret && hasDefault ? '(set)' : hasDefault ? (typeof prop.default === 'string' ? prop.default : JSON.stringify(prop.default)) : (prop.defaultText ?? '');
    return {
      key,
      flag: kebab(key),
      short: prop.short,
      env: [ENV_PREFIX + screamingSnake(key), ...(prop.envAliases ?? [])],
      kind,
      choices,
      description: prop.description ?? '',
      defaultValue: prop.default,
      defaultText,
      valueName: prop.valueName ?? (choices ? choices.join('|') : kind === 'json' ? 'json' : kind === 'boolean' ? '' : kind === 'string' ? 'value' : 'n'),
      secret,
      ...(prop.repeatable ? { repeatable: true } : {}),
    };
  });
}

/** Where a value came from, for error messages. */
export type OptionSource = { from: 'flag'; name: string } | { from: 'env'; name: string } | { from: 'file'; name: string } | { from: 'code' };

/** Every problem with the given options, one line each. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
  }
}

/**
 * Turns a text value (flag or environment) into what the schema expects, with the readers the
 * schema's own fields use (core/option-values.ts); values it cannot convert are passed on as
 * text, so the schema's own error names the problem.
 */
export function fromText(spec: OptionSpec, text: string): { ok: true; value: unknown } | { ok: false; problem: string } {
  const t = text.trim();
  switch (spec.kind) {
    case 'boolean': {
      const value = readSwitch(t);
      return value === undefined ? { ok: false, problem: SWITCH_EXPECTED } : { ok: true, value };
    }
    case 'number':
    case 'integer':
      return { ok: true, value: readNumber(t) ?? text };
    case 'json':
      try {
        return { ok: true, value: JSON.parse(t) };
      } catch {
        // A path or a plain word is as likely as JSON here; let the schema judge it.
        return { ok: true, value: text };
      }
    default:
      return { ok: true, value: text };
  }
}

function describeSource(spec: OptionSpec, source: OptionSource, value: unknown): string {
  // A rule across options (e.g. "give both") can point at one that was not given at all.
  if (value === undefined) return `--${spec.flag}`;
  const shown = spec.secret ? '' : ` ${JSON.stringify(value)}`;
  switch (source.from) {
    case 'flag':
      return `--${spec.flag}${shown}`;
    case 'env':
      return `env ${source.name}${shown ? `=${JSON.stringify(value)}` : ''}`;
    case 'file':
      return `"${spec.key}"${shown ? `:${shown}` : ''} in ${source.name}`;
    default:
      return `${spec.key}${shown}`;
  }
}

/** What resolveOptions reads. */
export interface OptionInputs {
  /** Values given as flags, by option key (commander's parsed values, text or boolean). */
  flags?: Record<string, unknown>;
  env?: NodeJS.ProcessEnv;
  /** Path of a JSON config file (--config or ALIYUN_MOCK_CONFIG). */
  configFile?: string;
  /** The schema's options when the caller has derived them already; default: optionSpecs(schema). */
  specs?: readonly OptionSpec[];
}

/** Reads a JSON config file into option values; problems are one line each. */
export function readConfigFile(path: string, specs: readonly OptionSpec[]): { values: Record<string, unknown>; problems: string[] } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    return { values: {}, problems: [`--config ${path}: cannot read it (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`] };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { values: {}, problems: [`--config ${path}: not valid JSON (${(err as Error).message})`] };
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    return { values: {}, problems: [`--config ${path}: expected a JSON object of options, like {"port": 9000}`] };
  }
  const values: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [name, value] of Object.entries(json)) {
    // Both the schema key ("bodyLimit") and the flag name ("body-limit") are accepted.
    const spec = specs.find((s) => s.key === name || s.flag === name);
    if (!spec) problems.push(`--config ${path}: unknown option "${name}"; known: ${specs.map((s) => s.key).join(', ')}`);
    else values[spec.key] = value;
  }
  return { values, problems };
}

/**
 * Merges flags > environment > config file > schema defaults and validates the result;
 * throws ConfigError with one line per bad value, naming where it came from.
 */
export function resolveOptions<S extends z.ZodObject = typeof ConfigSchema>(inputs: OptionInputs, schema: S = ConfigSchema as unknown as S): z.infer<S> {
  const specs = inputs.specs ?? optionSpecs(schema);
  const env = inputs.env ?? {};
  const problems: string[] = [];
  const merged: Record<string, unknown> = {};
  const sources: Record<string, OptionSource> = {};
  // As given, for messages: "abc" from the environment, not the NaN it turned into.
  const given: Record<string, unknown> = {};

  const configFile = inputs.configFile ?? (env[`${ENV_PREFIX}CONFIG`] || undefined);
  if (configFile) {
    const file = readConfigFile(configFile, specs);
    problems.push(...file.problems);
    for (const [key, value] of Object.entries(file.values)) {
      merged[key] = value;
      given[key] = value;
      sources[key] = { from: 'file', name: configFile };
    }
  }
  for (const spec of specs) {
    const name = spec.env.find((n) => env[n] !== undefined && env[n] !== '');
    if (!name) continue;
    const converted = fromText(spec, env[name]!);
    if (!converted.ok) problems.push(`${describeSource(spec, { from: 'env', name }, env[name])}: ${converted.problem}`);
    else {
      merged[spec.key] = converted.value;
      given[spec.key] = env[name];
      sources[spec.key] = { from: 'env', name };
    }
  }
  for (const spec of specs) {
    const raw = inputs.flags?.[spec.key];
    if (raw === undefined) continue;
    const converted = typeof raw === 'string' ? fromText(spec, raw) : { ok: true as const, value: raw };
    if (!converted.ok) problems.push(`${describeSource(spec, { from: 'flag', name: spec.flag }, raw)}: ${converted.problem}`);
    else {
      merged[spec.key] = converted.value;
      given[spec.key] = raw;
      sources[spec.key] = { from: 'flag', name: spec.flag };
    }
  }

  const parsed = schema.safeParse(merged);
  if (parsed.success && problems.length === 0) return parsed.data as z.infer<S>;
  if (!parsed.success) {
    const seen = new Set<string>();
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0] ?? '');
      const spec = specs.find((s) => s.key === key);
      // One line per bad value: a value breaking several rules is reported by its first.
      if (seen.has(key)) continue;
      seen.add(key);
      if (!spec) {
        problems.push(`${key || 'options'}: ${issue.message}`);
        continue;
      }
      const where = describeSource(spec, sources[key] ?? { from: 'code' }, given[key]);
      const rest = issue.path.length > 1 ? ` (at ${issue.path.slice(1).join('.')})` : '';
      problems.push(`${where}: ${issue.message}${rest}`);
    }
  }
  throw new ConfigError(problems);
}

/** Markers of the generated options table in docs/options.md. */
export const README_OPTIONS_START = '<!-- options:start -->';
export const README_OPTIONS_END = '<!-- options:end -->';

/** A page's text with the options table between its markers replaced by the current one. */
export function withOptionsTable(readme: string, table: string = optionsMarkdownTable()): string {
  const start = readme.indexOf(README_OPTIONS_START);
  const end = readme.indexOf(README_OPTIONS_END);
  if (start < 0 || end < start) throw new Error(`README has no ${README_OPTIONS_START} ... ${README_OPTIONS_END} section`);
  return `${readme.slice(0, start + README_OPTIONS_START.length)}\n${table}\n${readme.slice(end)}`;
}

/** The options as a Markdown table (docs/options.md's is generated from it). */
export function optionsMarkdownTable(specs: readonly OptionSpec[] = optionSpecs()): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const rows = specs.map((s) => {
    const flag = `${s.short ? `\`-${s.short}\`, ` : ''}\`--${s.flag}${s.kind === 'boolean' ? '' : ` <${s.valueName}>`}\``;
    const env = s.env.map((e) => `\`${e}\``).join(', ');
    // Schema defaults are values (code); texts like "random" describe what happens without one.
    const dflt = s.defaultValue !== undefined ? `\`${s.defaultText}\`` : s.defaultText;
    return `| ${cell(flag)} | ${env} | ${cell(dflt)} | ${cell(s.description)} |`;
  });
  return ['| flag | environment | default | what it does |', '|---|---|---|---|', ...rows].join('\n');
}

