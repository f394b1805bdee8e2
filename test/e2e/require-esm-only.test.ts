/**
 * require() of the package's two entries (dist/, after `npm run build`): on this Node (20.19+) it
 * gets the ES module itself; where Node cannot load an ES module with require()
 * (--no-experimental-require-module stands for Node < 20.19 here) it gets an error that names the
 * entry and says what to do, not ERR_PACKAGE_PATH_NOT_EXPORTED. The package resolves itself by
 * name from the repository root, as a dependant resolves it from node_modules.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/cli.js';

const run = promisify(execFile);

/** What `node [flags] -e <script>` printed, and its exit code, from the repository root. */
async function node(flags: string[], script: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [...flags, '-e', script], { cwd: ROOT });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe.each([
  ['aliyun-living-mock', 'startMock'],
  ['aliyun-living-mock/msw', 'createHandlers'],
])('require(%j)', (specifier, name) => {
  it('gets the ES module on a Node that loads one with require()', async () => {
    if (!existsSync(`${ROOT}dist/index.cjs`)) throw new Error('dist/ is missing: run `npm run build` first (`npm test` does)');
    const { code, stdout } = await node([], `const m = require(${JSON.stringify(specifier)}); console.log(typeof m.${name})`);
    expect({ code, stdout: stdout.trim() }).toEqual({ code: 0, stdout: 'function' });
  });

  it('says it is an ES module only, and what to do, on a Node that cannot', async () => {
    const { code, stderr } = await node(['--no-experimental-require-module'], `require(${JSON.stringify(specifier)})`);
    expect(code).toBe(1);
    expect(stderr).toContain(`Error: ${specifier} is an ES module only, and this Node cannot load an ES module with require().`);
    expect(stderr).toContain(`import { ... } from '${specifier}'`);
    expect(stderr).toContain(`await import('${specifier}')`);
    expect(stderr).not.toContain('ERR_PACKAGE_PATH_NOT_EXPORTED');
  });
});
