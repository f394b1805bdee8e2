/**
 * Which msw the handlers run on, and whether the runtime can carry it. msw 3 needs Node.js 22.12 or
 * later (its package's engines: it calls Promise.withResolvers, which Node 20 lacks), yet installs on
 * Node 20 with only an engine warning; the first request would then fail deep inside msw with
 * `Promise.withResolvers is not a function`. createHandlers says so first, and how to fix it.
 * Browser-safe: it reads the versions it is given.
 */

/** The oldest Node.js that msw 3 runs on (msw 3's own `engines`). */
export const MSW3_MIN_NODE = '22.12.0';

/**
 * msw's major version, read from what its root entry exports: msw 2 exports `handleRequest`, which
 * msw 3 took out (3 means "3 or later"). The installed package.json is not readable in a page.
 * @example mswMajorOf(await import('msw')) // 2
 */
export function mswMajorOf(mswExports: object): 2 | 3 {
  return 'handleRequest' in mswExports ? 2 : 3;
}

/** Whether version `a` (x.y.z) is older than `b`. */
function isOlder(a: string, b: string): boolean {
  const [pa, pb] = [a, b].map((v) => v.replace(/^v/, '').split('.').map((n) => Number.parseInt(n, 10) || 0));
  for (let i = 0; i < 3; i += 1) {
    const [x, y] = [pa![i] ?? 0, pb![i] ?? 0];
    if (x !== y) return x < y;
  }
  return false;
}

/**
 * What is wrong with running msw `mswMajor` on Node.js `nodeVersion` (undefined outside Node, in a
 * browser, where nothing is), with what to do about it; undefined when nothing is.
 * @example mswRuntimeProblem(3, '20.19.0') // 'aliyun-living-mock/msw: msw 3 needs Node.js 22.12.0 or later ...'
 */
export function mswRuntimeProblem(mswMajor: number, nodeVersion: string | undefined): string | undefined {
  if (mswMajor < 3 || nodeVersion === undefined || !isOlder(nodeVersion, MSW3_MIN_NODE)) return undefined;
  return (
    `aliyun-living-mock/msw: msw ${mswMajor} needs Node.js ${MSW3_MIN_NODE} or later, and this is Node.js ${nodeVersion.replace(/^v/, '')} ` +
    `(msw ${mswMajor} calls Promise.withResolvers, which it lacks). Either run on Node.js 22.12+ (22 or 24), ` +
    'or install msw 2, which runs on Node.js 20: npm i -D msw@2'
  );
}
