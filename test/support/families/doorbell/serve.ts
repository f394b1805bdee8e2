/**
 * A server with the built-in families and the doorbell, on a state file: the child process of the
 * kill -9 test (test/e2e/third-family-crash.test.ts). Run with tsx:
 *   node --import tsx test/support/families/doorbell/serve.ts <state-file> <now>
 * Prints `listening <url>` once it listens.
 */
import { API_FAMILIES, startMock } from '../../../../src/index.js';
import { doorbellFamily } from './family.js';

const [stateFile, now] = process.argv.slice(2);
if (!stateFile || !now) throw new Error('usage: serve.ts <state-file> <now>');
const mock = await startMock({ now, seed: 7, stateFile, families: [...API_FAMILIES, doorbellFamily] });
console.log(`listening ${mock.url}`);
