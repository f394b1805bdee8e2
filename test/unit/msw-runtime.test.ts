/**
 * msw 3 on a Node.js it cannot run on gets a message that says what to do, at createHandlers, instead
 * of `Promise.withResolvers is not a function` at the first request.
 */
import { readFileSync } from 'node:fs';
import * as mswExports from 'msw';
import semver from 'semver';
import { describe, expect, it } from 'vitest';
import { MSW3_MIN_NODE, mswMajorOf, mswRuntimeProblem } from '../../src/msw/msw-runtime.js';

const manifest = JSON.parse(readFileSync(new URL('../../node_modules/msw/package.json', import.meta.url), 'utf8')) as { version: string; engines?: { node?: string } };
const installed = { major: Number(manifest.version.split('.')[0]), engines: manifest.engines };

describe('mswRuntimeProblem', () => {
  it('refuses msw 3 on Node.js older than 22.12, naming both versions and both ways out', () => {
    for (const node of ['20.19.0', 'v20.20.2', '22.11.9', '21.7.3']) {
      const problem = mswRuntimeProblem(3, node);
      expect(problem, node).toContain(`msw 3 needs Node.js ${MSW3_MIN_NODE} or later, and this is Node.js ${node.replace(/^v/, '')}`);
      expect(problem).toContain('npm i -D msw@2');
      expect(problem).toContain('Promise.withResolvers');
    }
  });

  it('accepts msw 3 on Node.js 22.12 and later, msw 2 anywhere, and any msw outside Node (a browser)', () => {
    for (const node of ['22.12.0', '22.23.5', '24.0.0', '26.1.0']) expect(mswRuntimeProblem(3, node), node).toBeUndefined();
    expect(mswRuntimeProblem(2, '20.19.0')).toBeUndefined();
    expect(mswRuntimeProblem(3, undefined)).toBeUndefined();
  });

  // .ci/run runs this file again with msw 3 installed.
  it.runIf(installed.major >= 3)('agrees with the installed msw 3 engines', () => {
    expect(semver.minVersion(installed.engines?.node ?? '')?.version).toBe(MSW3_MIN_NODE);
  });
});

describe('mswMajorOf', () => {
  it('reads the installed msw major from its exports (the MSW suite runs on msw 2 and on msw 3)', () => {
    expect(mswMajorOf(mswExports)).toBe(installed.major);
  });

  it('tells msw 2 (handleRequest exported) from msw 3 (not)', () => {
    expect(mswMajorOf({ http: {}, handleRequest: () => undefined })).toBe(2);
    expect(mswMajorOf({ http: {}, getCleanUrlString: () => '' })).toBe(3);
  });
});
