import type { BuildResult, Plugin } from 'esbuild';

/** Rewrites `import { z } from 'zod'` in src/ as the namespace import esbuild can shake. */
export const zodNamespaceImports: Plugin;
/** Bundles `entryPoints` for a browser (ES module, minified). */
export function bundleForBrowser(options: { entryPoints: string[]; outfile: string; external?: string[]; write?: boolean }): Promise<BuildResult<{ metafile: true }>>;
/** Minified and gzipped bytes of the handlers bundle, without msw. */
export function mswBundleSize(): Promise<{ minified: number; gzipped: number }>;
