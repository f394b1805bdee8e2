// One emulator for the whole run (vitest globalSetup); every test file gets its own session of it.
import type { TestProject } from 'vitest/node';
import { startServer } from '../../src/index.js'; // in your project: from 'aliyun-living-mock'

declare module 'vitest' {
  export interface ProvidedContext {
    mockUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const mock = await startServer({ port: 0, now: '2024-11-15T02:00:00Z', seed: 7, logLevel: 'silent' });
  project.provide('mockUrl', mock.url);
  return () => mock.close();
}
