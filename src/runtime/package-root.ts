/**
 * Files shipped with the package (fixtures/, ui/, package.json), found from the package root.
 * From its own file this module sits two folders below the root: src/runtime/ (tsx, vitest) and
 * dist/runtime/ (the library). In the bundled CLI (dist/cli.js) every module shares the bundle's
 * import.meta.url, one folder below the root. The file's own name tells the two apart.
 */
const OWN_FILE = /[\\/]runtime[\\/]package-root\.[cm]?[jt]s$/;
const PACKAGE_ROOT = new URL(OWN_FILE.test(new URL(import.meta.url).pathname) ? '../../' : '../', import.meta.url);

/** The URL of a path relative to the package root, e.g. packageUrl('fixtures/'). */
export function packageUrl(relative: string): URL {
  return new URL(relative, PACKAGE_ROOT);
}
