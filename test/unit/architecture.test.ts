/**
 * The house rules a newcomer relies on, read from the sources: imports run one way (no circles,
 * upward imports only the known ones below), business rules import neither Fastify nor Node, and
 * no module holds mutable state (a cache belongs to the object that builds it).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname, '../../src');

interface Import {
  /** The imported src file (path below src/, .ts), or the package or built-in name. */
  target: string;
  /** `import type` (or only `type` names): erased at build, so it cannot make a load-order circle. */
  typeOnly: boolean;
}

const IMPORT = /^\s*(?:import|export)\s+(type\s+)?([^;]*?)\s*from\s*'([^']+)'|^\s*import\s+'([^']+)'|\bimport\(\s*'([^']+)'\s*\)/gm;

function importsOf(file: string): Import[] {
  const text = readFileSync(join(SRC, file), 'utf8');
  return [...text.matchAll(IMPORT)].map((m) => {
    const spec = (m[3] ?? m[4] ?? m[5])!;
    const names = m[2]?.trim() ?? '';
    const onlyTypeNames = /^\{[^}]*\}$/.test(names) && names.slice(1, -1).split(',').map((n) => n.trim()).filter(Boolean).every((n) => n.startsWith('type '));
    const target = spec.startsWith('.') ? relative(SRC, resolve(dirname(join(SRC, file)), spec)).replace(/\.js$/, '.ts') : spec;
    return { target, typeOnly: Boolean(m[1]) || onlyTypeNames };
  });
}

function sources(dir = ''): string[] {
  return readdirSync(join(SRC, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** Every src file and the src files it imports. */
function importGraph(): Map<string, Import[]> {
  return new Map(sources().map((file) => [file, importsOf(file).filter((i) => i.target.endsWith('.ts'))]));
}

/** The circles of a graph (its strongly connected parts of more than one file, or a file importing itself). */
function circles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const found: string[][] = [];
  const visit = (file: string): void => {
    index.set(file, index.size);
    low.set(file, index.get(file)!);
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(file, Math.min(low.get(file)!, low.get(next)!));
      } else if (stack.includes(next)) low.set(file, Math.min(low.get(file)!, index.get(next)!));
    }
    if (low.get(file) !== index.get(file)) return;
    const part: string[] = [];
    let top: string;
    do {
      top = stack.pop()!;
      part.push(top);
    } while (top !== file);
    if (part.length > 1 || graph.get(file)?.includes(file)) found.push(part.sort());
  };
  for (const file of graph.keys()) if (!index.has(file)) visit(file);
  return found;
}

/**
 * The layers, lowest first: a file may import from its own layer or below. Sessions sit above the
 * gateway: the gateway asks for a request's session through a callback and imports nothing of
 * them, while sessions/routes answers a bad session name in the gateway's words. The config schema
 * sits below the emulator (emulator.ts, the one composition), and both below their adapters (the
 * Fastify app and the MSW handlers), which read the same schema.
 */
const LAYERS: readonly (readonly string[])[] = [
  ['core'],
  ['errors', 'fixtures', 'logging'],
  ['platform'],
  ['families'],
  ['journal', 'faults', 'state'],
  ['gateway'],
  ['sessions'],
  ['admin', 'docs'],
  ['world.ts', 'config'],
  ['emulator.ts'],
  ['app.ts', 'msw'],
  ['runtime', 'drift', 'record'],
  ['index.ts'],
];

function layerOf(file: string): number {
  const top = file.split('/')[0]!;
  const layer = LAYERS.findIndex((names) => names.includes(top));
  if (layer < 0) throw new Error(`${file}: its folder is in no layer of LAYERS; add it there`);
  return layer;
}

/**
 * The upward imports that stay, each for a reason (the closing note of issue 17 lists them).
 * A new one fails the test: give the shared thing an owner below both sides instead.
 */
const KNOWN_UPWARD = [
  // Where the package sits on disk (fixtures/, ui/, package.json) is the runtime's knowledge;
  // the built-in fixtures, the admin page's files and the document's version are read from there.
  'fixtures/load.ts -> runtime/package-root.ts',
  'admin/ui.ts -> runtime/package-root.ts',
  'docs/openapi.ts -> runtime/version.ts',
  // A fixtures folder is checked by every family that reads a file of its own in it.
  'fixtures/load.ts -> families/table.ts',
  // The docs' examples are the emulator's own answers: each operation called on a fresh world.
  'docs/examples.ts -> world.ts',
  // Fastify takes its socket deadlines when the instance is built.
  'app.ts -> runtime/server-timeouts.ts',
];

describe('import direction', () => {
  const graph = importGraph();

  it('has no import circle inside src/, type-only imports included', () => {
    const targets = new Map([...graph].map(([file, imports]) => [file, imports.map((i) => i.target)]));
    expect(circles(targets)).toEqual([]);
  });

  it('finds a circle when there is one (the check itself)', () => {
    const graph = new Map([['a.ts', ['b.ts']], ['b.ts', ['c.ts']], ['c.ts', ['a.ts']], ['d.ts', ['a.ts']]]);
    expect(circles(graph)).toEqual([['a.ts', 'b.ts', 'c.ts']]);
  });

  it('imports only from its own layer or below, but for the known upward imports', () => {
    const upward = [...graph].flatMap(([file, imports]) =>
      imports.filter((i) => !i.typeOnly && layerOf(i.target) > layerOf(file)).map((i) => `${file} -> ${i.target}`),
    );
    expect(upward.sort()).toEqual([...KNOWN_UPWARD].sort());
  });

  it('keeps the business rules (core/, platform/, families/) free of Fastify and of Node built-ins', () => {
    const offenders = sources()
      .filter((file) => file.startsWith('core/') || file.startsWith('platform/') || file.startsWith('families/'))
      .flatMap((file) => importsOf(file).filter((i) => /^(node:|fastify$|fastify\/|@fastify\/|fastify-)/.test(i.target)).map((i) => `${file} -> ${i.target}`));
    expect(offenders).toEqual([]);
  });
});

describe('families', () => {
  // Every family is a folder and a line in families/table.ts: the platform, the state file, the
  // sessions, the admin API and the other families reach it only through the table's hooks.
  it('reaches every family only through the families table', () => {
    const folders = readdirSync(join(SRC, 'families'), { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => `families/${e.name}/`);
    expect(folders).toEqual(expect.arrayContaining(['families/streaming/', 'families/cloud-storage/', 'families/cloud/']));
    const reaching = [...importGraph()].flatMap(([file, imports]) =>
      imports
        .filter((i) => folders.some((f) => i.target.startsWith(f) && !file.startsWith(f)) && file !== 'families/table.ts')
        .map((i) => `${file} -> ${i.target}`),
    );
    expect(reaching).toEqual([]);
  });
});

describe('module state', () => {
  it('no module holds mutable state: no top-level let, Map, weak reference or instance built at import time', () => {
    const offenders: string[] = [];
    for (const file of sources()) {
      readFileSync(join(SRC, file), 'utf8')
        .split('\n')
        .forEach((line, i) => {
          // Top level only (no indentation). A constant lookup Set is allowed; createRequire makes a function, not state.
          const state = /^(export )?(let|var) /.test(line) || /^(export )?const \w+(: [^=]+)? = (new (Map|WeakMap|WeakSet|WeakRef|FinalizationRegistry)\b|create(?!Require\b)[A-Z]\w*\()/.test(line);
          if (state) offenders.push(`${file}:${i + 1}: ${line}`);
        });
    }
    expect(offenders).toEqual([]);
  });
});
