import type { BuildResult, Plugin } from 'esbuild';

/** The MSW entry's source: `aliyun-living-mock/msw`, and all of `@aliyun-living-mock/msw`. */
export const MSW_ENTRY: string;
/** The folder of the package @aliyun-living-mock/msw. */
export const MSW_PACKAGE: string;
/** Rewrites `import { z } from 'zod'` in src/ as the namespace import esbuild can shake. */
export const zodNamespaceImports: Plugin;
/** Bundles `entryPoints` for a browser (ES module, minified). */
export function bundleForBrowser(options: { entryPoints: string[]; outfile: string; external?: string[]; write?: boolean }): Promise<BuildResult<{ metafile: true }>>;
/** The package's manifest: its dependencies and peers are what its module may import. */
export function mswPackageManifest(): { name: string; version: string; dependencies?: Record<string, string>; peerDependencies?: Record<string, string> };
/** The module of @aliyun-living-mock/msw: one readable ES module; zod, dayjs and msw stay imports. */
export function bundleMswPackage(options?: { outfile?: string; write?: boolean }): Promise<BuildResult<{ metafile: true }>>;
/** Minified and gzipped bytes of the handlers bundle, without msw. */
export function mswBundleSize(): Promise<{ minified: number; gzipped: number }>;
