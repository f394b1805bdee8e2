/** What the crash tests (test/e2e/crash-restart*.test.ts) share: client devices in a fixtures folder, and a keep-alive client. */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { BUILT_IN_FIXTURES_DIR } from '../../src/fixtures/load.js';
import { envelope } from './api.js';

/**
 * The built-in fixtures copied into `dir`, plus one device per client (the hallway camera's twin:
 * 张伟's, no orders of either family), so each client's history is its own.
 */
export function fixturesWithClientDevices(dir: string, clients: number, prefix: string): { folder: string; devices: string[] } {
  const folder = join(dir, 'fixtures');
  cpSync(BUILT_IN_FIXTURES_DIR, folder, { recursive: true });
  const devices = JSON.parse(readFileSync(join(folder, 'devices.json'), 'utf8')) as Record<string, unknown>[];
  const template = devices[2]!;
  const ids = Array.from({ length: clients }, (_, i) => `${prefix}${String(i).padStart(5, '0')}`);
  devices.push(...ids.map((iotId, i) => ({ ...template, iotId, deviceName: `${prefix}_${i}`, description: 'crash test client device' })));
  writeFileSync(join(folder, 'devices.json'), JSON.stringify(devices));
  return { folder, devices: ids };
}

/** POSTs envelopes over `sockets` keep-alive connections; `destroy` closes them. */
export function envelopeClient<A>(url: string, sockets: number): { post: (path: string, params: Record<string, unknown>, apiVer?: string) => Promise<A>; destroy: () => void } {
  const agent = new Agent({ keepAlive: true, maxSockets: sockets });
  const target = new URL(url);
  const post = (path: string, params: Record<string, unknown>, apiVer?: string) =>
    new Promise<A>((resolve, reject) => {
      const body = JSON.stringify(envelope(params, {}, apiVer));
      const headers = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) };
      const req = httpRequest({ host: target.hostname, port: target.port, path, method: 'POST', agent, headers }, (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => {
          try {
            resolve(JSON.parse(text) as A);
          } catch (err) {
            reject(err);
          }
        });
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(body);
    });
  return { post, destroy: () => agent.destroy() };
}

/**
 * Runs one loop per client, each calling its `step` (made by `client(k)`) with n = 0, 1, 2...,
 * and kills `child` with SIGKILL once `killAfter` steps were answered, while every client has a
 * request in flight. A step that throws before the kill fails the test; one cut by the kill has no
 * answer (it may or may not have been committed) and ends its loop.
 */
export async function burstUntilKilled(
  clients: number,
  killAfter: number,
  child: { kill(signal: NodeJS.Signals): unknown },
  client: (k: number) => (n: number) => Promise<void>,
): Promise<{ answered: number; unanswered: number }> {
  let answered = 0;
  let unanswered = 0;
  let killed = false;
  const loop = async (k: number) => {
    const step = client(k);
    for (let n = 0; !killed; n++) {
      try {
        await step(n);
        answered += 1;
        if (answered === killAfter) {
          killed = true;
          child.kill('SIGKILL');
        }
      } catch (err) {
        if (!killed) throw err;
        unanswered += 1;
        return;
      }
    }
  };
  await Promise.all(Array.from({ length: clients }, (_, k) => loop(k)));
  return { answered, unanswered };
}
