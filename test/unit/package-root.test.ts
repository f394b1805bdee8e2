/**
 * The package root is found from the module's own file: two folders up from src/runtime/ and
 * dist/runtime/, one up from the bundled dist/cli.js (its --version test in e2e/cli-process).
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { packageUrl } from '../../src/runtime/package-root.js';

const ROOT = new URL('../../', import.meta.url);
const BUILT = new URL('dist/runtime/package-root.js', ROOT);

function packageName(url: URL): string {
  return (JSON.parse(readFileSync(url, 'utf8')) as { name: string }).name;
}

describe('packageUrl', () => {
  it('finds the package root from src/runtime/', () => {
    expect(packageUrl('').href).toBe(ROOT.href);
    expect(packageName(packageUrl('package.json'))).toBe('aliyun-living-mock');
    expect(existsSync(packageUrl('fixtures/'))).toBe(true);
  });

  it.skipIf(!existsSync(BUILT))('finds the package root from dist/runtime/ (the library, after npm run build)', async () => {
    const built = (await import(fileURLToPath(BUILT))) as typeof import('../../src/runtime/package-root.js');
    expect(built.packageUrl('').href).toBe(ROOT.href);
  });
});
