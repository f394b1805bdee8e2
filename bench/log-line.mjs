// CPU per request log line, in process: logRequestLine through the redacting server logger (as
// before issue 7's change) against the unredacted child the emulator now uses, both writing to the
// asynchronous destination of `--log-level info`. stdout must be a file:
//   npm run build && node bench/log-line.mjs > /tmp/log-line.log
// Prints one line per mode to stderr. Deterministic beside a load test: no sockets, no other work.
import pino from 'pino';
import { createLogger, unredactedLogger } from '../dist/logging/logger.js';
import { logRequestLine } from '../dist/logging/request-logger.js';
import { loggedRequests } from './requests.mjs';

const LINES = 200_000;
// Lines logged per event-loop turn: about what a 50-connection load gives the server.
const PER_TURN = 48;
const requests = loggedRequests();
const reply = { statusCode: 200, elapsedTime: 0.3172 };
const turn = () => new Promise((resolve) => setImmediate(resolve));

const root = createLogger({ level: 'info', format: 'json', stream: pino.destination({ dest: 1, sync: false }) });
for (const [mode, plain] of [['redacting', root], ['unredacted', unredactedLogger(root)], ['redacting', root], ['unredacted', unredactedLogger(root)]]) {
  for (let i = 0; i < 20_000; i++) {
    logRequestLine(root, requests[i % 1000], reply, plain);
    if (i % PER_TURN === 0) await turn();
  }
  const before = process.cpuUsage();
  for (let i = 0; i < LINES; i++) {
    logRequestLine(root, requests[i % 1000], reply, plain);
    if (i % PER_TURN === 0) await turn();
  }
  const used = process.cpuUsage(before);
  process.stderr.write(`${mode.padEnd(10)} ${((used.user + used.system) / LINES).toFixed(2)} µs CPU per line (all threads)\n`);
}
