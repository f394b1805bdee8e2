/**
 * Slow and abandoned clients over a real socket, with short timeouts so the test stays quick.
 * The idle-socket timeout is left long, so each close below is due to the limit named.
 */
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/runtime/server.js';
import { CREATE, DEVICES, envelope, T0 } from '../support/api.js';

let server: RunningServer;
let port: number;

beforeAll(async () => {
  server = await startServer({ port: 0, now: T0, seed: 1, connectionTimeout: 60_000, headersTimeout: 400, requestTimeout: 800, keepAliveTimeout: 300 });
  port = Number(new URL(server.url).port);
});
afterAll(() => server.close());

/** Resolves when the server closes the socket, with whatever it sent first. */
function closedByServer(socket: Socket): Promise<string> {
  let received = '';
  socket.on('data', (d) => (received += d.toString('latin1')));
  socket.on('error', () => {});
  return new Promise((resolve) => socket.on('close', () => resolve(received)));
}

/** Writes a piece every 50 ms until the socket closes: enough to keep it from idling out. */
function trickle(socket: Socket, piece: () => string): void {
  const timer = setInterval(() => {
    if (socket.destroyed || socket.writableEnded) clearInterval(timer);
    else socket.write(piece());
  }, 50);
  socket.on('close', () => clearInterval(timer));
}

async function createOverSocket(): Promise<number> {
  const res = await fetch(server.url + CREATE, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(envelope({ iotId: DEVICES.empty, commodityCode: 'streamingResource_5_1', copies: 1 })),
  });
  const body = (await res.json()) as { code: number };
  return body.code;
}

describe('slow or abandoned clients do not hold the server', () => {
  it('closes a slowloris trickle of headers, and answers others meanwhile', async () => {
    const sockets = Array.from({ length: 40 }, () => connect(port, '127.0.0.1'));
    const closed = sockets.map((s) => {
      s.write(`POST ${CREATE} HTTP/1.1\r\nHost: 127.0.0.1\r\n`);
      let n = 0;
      trickle(s, () => `X-Slow-${n++}: a\r\n`);
      return closedByServer(s);
    });
    expect(await createOverSocket()).toBe(200);
    const answers = await Promise.all(closed);
    for (const a of answers) expect(a === '' || a.startsWith('HTTP/1.1 408')).toBe(true);
  });

  it('closes a body that trickles in slower than the request timeout', async () => {
    const s = connect(port, '127.0.0.1');
    s.write(`POST ${CREATE} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{`);
    trickle(s, () => ' ');
    const answer = await closedByServer(s);
    // Either Node's 408 or the socket cut: never a 200 or a 500.
    expect(answer === '' || /^HTTP\/1\.1 (408|400)/.test(answer)).toBe(true);
    expect(await createOverSocket()).toBe(200);
  });

  it('closes a connection that never sends a byte', async () => {
    const s = connect(port, '127.0.0.1');
    const answer = await closedByServer(s);
    expect(answer === '' || answer.startsWith('HTTP/1.1 408')).toBe(true);
  });

  it('closes an idle keep-alive connection after its request', async () => {
    const s = connect(port, '127.0.0.1');
    const body = JSON.stringify(envelope({ iotId: DEVICES.empty, commodityCode: 'streamingResource_5_1', copies: 1 }));
    s.write(`POST ${CREATE} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    const answer = await closedByServer(s);
    expect(answer).toMatch(/^HTTP\/1\.1 200 OK/);
  });

  it('survives clients that disconnect mid-headers and mid-body', async () => {
    const body = JSON.stringify(envelope({ iotId: DEVICES.empty, commodityCode: 'streamingResource_5_1', copies: 1 }));
    await Promise.all(
      Array.from({ length: 100 }, (_, i) => {
        const s = connect(port, '127.0.0.1');
        s.on('error', () => {});
        return new Promise<void>((resolve) => {
          s.on('connect', () => {
            const head = `POST ${CREATE} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n`;
            s.write(i % 2 === 0 ? head.slice(0, 30) : `${head}\r\n${body.slice(0, body.length / 2)}`, () => {
              s.destroy();
              resolve();
            });
          });
        });
      }),
    );
    expect(await createOverSocket()).toBe(200);
    expect(server.app.server.listening).toBe(true);
  });
});
