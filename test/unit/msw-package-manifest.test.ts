/**
 * packages/msw/package.json, the manifest of @aliyun-living-mock/msw, follows the root's: the same
 * version, the same ranges of the dependencies the two share, msw as a required peer, and the
 * server's dependencies left out (test/msw/package installs it and looks).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

interface Manifest {
  name: string;
  version: string;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  exports: Record<string, unknown>;
}

const read = (path: string) => JSON.parse(readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8')) as Manifest;
const root = read('package.json');
const msw = read('packages/msw/package.json');

describe('the manifest of @aliyun-living-mock/msw', () => {
  it('has the root package version', () => {
    expect(msw.version).toBe(root.version);
  });

  it('takes each dependency in the range the root takes, and needs nothing of the server', () => {
    const ranges = Object.keys(msw.dependencies ?? {}).map((name) => [name, root.dependencies?.[name]]);
    expect(Object.fromEntries(ranges)).toEqual(msw.dependencies);
    expect(Object.keys(msw.dependencies ?? {}).sort()).toEqual(['dayjs', 'zod']);
  });

  it('needs msw, in the range the root accepts', () => {
    expect(msw.peerDependencies).toEqual({ msw: root.peerDependencies?.msw });
    expect(msw.peerDependenciesMeta?.msw?.optional).not.toBe(true);
  });

  it('answers import, require and types as the root entry aliyun-living-mock/msw does', () => {
    const door = (entry: unknown) => Object.keys(entry as object);
    expect(door(msw.exports['.'])).toEqual(door(root.exports['./msw']));
  });
});
