import { readFileSync } from 'node:fs';
import { packageUrl } from './package-root.js';

/** The package version, from the package.json beside src/ and dist/. */
export function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(packageUrl('package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}
