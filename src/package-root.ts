/**
 * Files shipped with the package (fixtures/, ui/, package.json), found from the package root.
 * This module sits one folder below the root wherever it runs: src/ (tests), dist/ (the library)
 * and dist/cli.js (the CLI, bundled into one file, where every module shares one import.meta.url).
 */
const PACKAGE_ROOT = new URL('../', import.meta.url);

/** The URL of a path relative to the package root, e.g. packageUrl('fixtures/'). */
export function packageUrl(relative: string): URL {
  return new URL(relative, PACKAGE_ROOT);
}
