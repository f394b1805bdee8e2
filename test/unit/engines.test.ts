/**
 * `engines` says what CI tests, and nothing installed on those lines warns EBADENGINE: npm's own range
 * matching (semver) over package-lock.json, against the oldest version of each line package.json names.
 */
import { readFileSync } from 'node:fs';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
const manifest = JSON.parse(read('package.json')) as { engines: { node: string } };
const lock = JSON.parse(read('package-lock.json')) as { packages: Record<string, { version?: string; engines?: { node?: string } | string[] }> };
const ciRun = read('.ci/run');

/** The oldest version of each line an engines range names (`^20.19.0 || ^22.13.0` -> 20.19.0, 22.13.0). */
const oldestOfEachLine = (range: string) => new semver.Range(range).set.map((comparators) => semver.minVersion(new semver.Range(comparators.map(String).join(' ')))!.version);
const lines = oldestOfEachLine(manifest.engines.node);

describe('engines.node', () => {
  it('names exactly the lines .ci/run tests: the machine line and the pinned builds', () => {
    const machine = /^MACHINE_LINE=(\d+)$/m.exec(ciRun)?.[1];
    const pinned = [...ciRun.matchAll(/^NODE_\d+=(\d+\.\d+\.\d+)$/gm)].map((m) => m[1]!);
    expect(machine).toBeDefined();
    expect(pinned.length).toBeGreaterThanOrEqual(2);
    for (const version of pinned) expect(semver.satisfies(version, manifest.engines.node), `${version} satisfies ${manifest.engines.node}`).toBe(true);
    expect(lines.map((v) => semver.major(v)).sort()).toEqual([Number(machine), ...pinned.map((v) => semver.major(v))].sort());
  });

  it('is the same for the MSW-only package, which runs on the same lines', () => {
    const msw = JSON.parse(read('packages/msw/package.json')) as { engines?: { node?: string } };
    expect(msw.engines?.node).toBe(manifest.engines.node);
  });

  it('is met by every package in package-lock.json at the oldest version of each line (no EBADENGINE)', () => {
    const refused: string[] = [];
    for (const [path, entry] of Object.entries(lock.packages)) {
      const range = Array.isArray(entry.engines) ? undefined : entry.engines?.node;
      if (path === '' || range === undefined) continue;
      for (const line of lines) if (!semver.satisfies(line, range)) refused.push(`${path}@${entry.version} wants node ${range}, not ${line}`);
    }
    expect(refused).toEqual([]);
  });
});
