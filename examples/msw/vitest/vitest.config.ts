import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // In this repository the package is its own source; in your project the import resolves to it as installed.
  resolve: { alias: { 'aliyun-living-mock/msw': fileURLToPath(new URL('../../../src/msw/index.ts', import.meta.url)) } },
  test: {
    root: fileURLToPath(new URL('.', import.meta.url)),
    include: ['*.test.ts'],
  },
});
