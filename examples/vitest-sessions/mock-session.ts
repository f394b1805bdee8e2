// Imported by a test file: that file's own session (test files are isolated modules, so each gets one).
import { beforeAll, expect, inject } from 'vitest';
import { sessionClient, toSessionName } from '../../src/index.js'; // in your project: from 'aliyun-living-mock'

export const mock = sessionClient(inject('mockUrl'), toSessionName(expect.getState().testPath ?? 'unnamed'));

// A clean start even when the file runs twice against one emulator (watch mode).
beforeAll(() => mock.admin.reset());
