import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// In this repository the package is its own source; in your project no alias is needed.
export default defineConfig({
  resolve: { alias: { 'aliyun-living-mock/msw': fileURLToPath(new URL('../../../src/msw/index.ts', import.meta.url)) } },
});
