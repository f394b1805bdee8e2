/**
 * Imports run one way. The gateway serves the API and the docs describe it: the docs may read the
 * gateway's schemas, never the other way round, and what both need (the operations a route
 * carries) lives below both, in services/operation-route.ts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname, '../../src');

/** Every src file and the src files it imports (relative imports only). */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts')) {
        const text = readFileSync(path, 'utf8');
        const targets = [...text.matchAll(/(?:import|export)[^'"]*?from\s+'(\.{1,2}\/[^']+)'|import\s+'(\.{1,2}\/[^']+)'/g)]
          .map((m) => relative(SRC, resolve(dir, (m[1] ?? m[2])!)).replace(/\.js$/, '.ts'));
        graph.set(relative(SRC, path), targets);
      }
    }
  };
  walk(SRC);
  return graph;
}

describe('import direction', () => {
  it('nothing in gateway/ imports docs/', () => {
    const upward = [...importGraph()].flatMap(([file, targets]) => (file.startsWith('gateway/') ? targets.filter((t) => t.startsWith('docs/')).map((t) => `${file} -> ${t}`) : []));
    expect(upward).toEqual([]);
  });
});
