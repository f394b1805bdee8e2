/**
 * Record mode: a server in the emulator's place that forwards each API call to a target (the
 * real service), re-signed with the user's app, answers with the target's answer, and keeps what
 * it saw as a fixtures folder (recording.ts), rewritten after every call so a stopped recording
 * keeps everything it had. It has no control plane and no emulated state of its own.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { createRequestSigner, type AppCredentials } from '../drift/sign.js';
import { GatewayErrors } from '../errors/catalogue.js';
import { ALL_OPERATIONS } from '../families/table.js';
import { parseEnvelope } from '../gateway/envelope.js';
import { createRecording, type RecordedAnswer } from './recording.js';

/** What a recorder needs. */
export interface RecorderOptions {
  /** Base URL of the service to record. */
  target: string;
  app: AppCredentials;
  /** The folder the fixtures go to (created when missing). */
  dir: string;
  port?: number;
  host?: string;
  /** The zone of the target's times (the emulator's --timezone). */
  timezone?: string;
  /** Extra ms a call may take past its API's gateway timeout before it is answered as the gateway's 504. */
  graceMs?: number;
  logger?: FastifyBaseLogger;
  /** The fetch to forward with (tests); default globalThis.fetch. */
  fetch?: typeof fetch;
}

/** A running recorder. */
export interface RunningRecorder {
  url: string;
  app: FastifyInstance;
  /** Stops listening; the folder already holds every call answered. */
  close(): Promise<void>;
}

/** The target's headers a client may read, passed back as they came. */
const PASSED_HEADERS = ['content-type', 'x-ca-request-id', 'x-ca-error-code', 'x-ca-error-message'];

/** Writes the recording's files into `dir`. */
function writeFolder(dir: string, files: Record<string, unknown>): void {
  for (const [name, content] of Object.entries(files)) {
    const path = join(dir, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, `${JSON.stringify(content, null, 2)}\n`);
  }
}

/** Starts a recorder; resolves once it listens. */
export async function startRecorder(options: RecorderOptions): Promise<RunningRecorder> {
  const sign = createRequestSigner(options.app);
  const recording = createRecording(options.timezone);
  const base = options.target.endsWith('/') ? options.target : `${options.target}/`;
  const timeouts = new Map<string, number>();
  for (const op of ALL_OPERATIONS) timeouts.set(op.path, Math.max(timeouts.get(op.path) ?? 0, op.timeoutMs));
  mkdirSync(options.dir, { recursive: true });

  const app = Fastify({ ...(options.logger ? { loggerInstance: options.logger } : { logger: false }) });
  // Every body as its bytes, whatever its type: what goes on is what the client signed off on.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  for (const [path, timeoutMs] of timeouts) {
    app.post(path, async (request, reply) => {
      const bytes = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const parsed = parseEnvelope(bytes);
      const call = {
        path,
        ...(parsed.ok && parsed.envelope.request.apiVer ? { apiVer: parsed.envelope.request.apiVer } : {}),
        params: parsed.ok ? parsed.envelope.params : {},
        sentAt: Date.now(),
      };
      const wait = timeoutMs + (options.graceMs ?? 5000);
      let answer: RecordedAnswer;
      let body = Buffer.alloc(0);
      try {
        // The client's own body, byte for byte: its cloudToken is the target's, got through this recorder.
        const res = await (options.fetch ?? fetch)(new URL(path, base), { method: 'POST', headers: sign(path, bytes), body: new Uint8Array(bytes), signal: AbortSignal.timeout(wait) });
        body = Buffer.from(await res.arrayBuffer());
        const headers: Record<string, string> = {};
        res.headers.forEach((value, name) => (headers[name] = value));
        answer = { ok: true, status: res.status, headers, text: body.toString('utf8') };
      } catch (err) {
        const e = err as Error & { cause?: { code?: string } };
        answer = { ok: false, error: e.name === 'TimeoutError' ? `no answer within ${wait} ms` : `no answer: ${e.cause?.code ?? e.message}` };
      }
      recording.observe(call, answer);
      writeFolder(options.dir, recording.folder());
      if (!answer.ok) {
        // What a client of the real gateway sees when the backend does not answer in time.
        const timeout = GatewayErrors.BACKEND_TIMEOUT;
        return reply.code(timeout.httpStatus).headers({ 'x-ca-error-code': timeout.errorCode, 'x-ca-error-message': timeout.message, 'x-mock-error-detail': answer.error }).send();
      }
      for (const name of PASSED_HEADERS) if (answer.headers[name] !== undefined) reply.header(name, answer.headers[name]);
      return reply.code(answer.status).send(body);
    });
  }
  await app.listen({ port: options.port ?? 0, host: options.host ?? '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const host = (options.host ?? '127.0.0.1').includes(':') ? `[${options.host}]` : (options.host ?? '127.0.0.1');
  return { url: `http://${host}:${port}`, app, close: () => app.close() };
}
