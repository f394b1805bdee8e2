/**
 * A body over --body-limit, from clients that send the whole body before they read (Python's
 * urllib, most SDKs): each must read its 413, never a broken pipe or a reset, even when many
 * arrive at once.
 */
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/runtime/server.js';
import { CREATE } from '../support/api.js';

let server: RunningServer;
let port: number;

beforeAll(async () => {
  server = await startServer({ port: 0, seed: 1, bodyLimit: 1024 });
  port = Number(new URL(server.url).port);
});
afterAll(() => server.close());

/** Sends the head and the whole body, then reads; resolves with the answer, or the error that stopped the write. */
function sendAllThenRead(bytes: number, head: Record<string, string>): Promise<{ writeError?: string; answer: string }> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    let writeError: string | undefined;
    socket.on('data', (d) => (answer += d.toString('latin1')));
    socket.on('error', (err: NodeJS.ErrnoException) => (writeError ??= err.code ?? err.message));
    socket.on('close', () => resolve({ writeError, answer }));
    const lines = Object.entries({ host: '127.0.0.1', 'content-type': 'application/json', ...head }).map(([k, v]) => `${k}: ${v}\r\n`);
    socket.write(`POST ${CREATE} HTTP/1.1\r\n${lines.join('')}\r\n`);
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    let left = bytes;
    const pump = (): void => {
      while (left > 0) {
        const n = Math.min(left, chunk.length);
        left -= n;
        const piece = n === chunk.length ? chunk : chunk.subarray(0, n);
        const chunked = head['transfer-encoding'] === 'chunked';
        const data = chunked ? Buffer.concat([Buffer.from(`${n.toString(16)}\r\n`), piece, Buffer.from('\r\n')]) : piece;
        if (!socket.write(data)) return void socket.once('drain', pump);
      }
      if (head['transfer-encoding'] === 'chunked') socket.write('0\r\n\r\n');
    };
    pump();
  });
}

describe('a body over the limit', () => {
  it('answers 413 to twelve clients at once, each sending 8 MiB before reading, with no broken pipe', async () => {
    const size = 8 * 1024 * 1024;
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        sendAllThenRead(size, i % 2 === 0 ? { 'content-length': String(size), connection: 'close' } : { 'transfer-encoding': 'chunked', connection: 'close' }),
      ),
    );
    for (const r of results) {
      expect(r.writeError).toBeUndefined();
      expect(r.answer).toMatch(/^HTTP\/1\.1 413 /);
      expect(r.answer).toMatch(/\r\nx-ca-error-code: I413RL\r\n/i);
    }
  });
});
