import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/runtime/server.js';
import { CREATE, T0 } from '../support/api.js';

/** Sends `method` to `path` over a real socket (inject would refuse a method Fastify routes none of). */
function send(base: string, method: string, path: string): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: hostname, port, path, method, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('methods no route takes, on paths that exist', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ port: 0, now: T0, logLevel: 'silent' });
  });
  afterAll(() => server.close());

  it.each(['TRACE', 'PROPFIND', 'MKCOL', 'LOCK', 'SEARCH', 'GET'])('%s on an API path is the gateway\'s 405 I405UM with Allow', async (method) => {
    const res = await send(server.url, method, CREATE);
    expect(res.status).toBe(405);
    expect(res.headers['x-ca-error-code']).toBe('I405UM');
    expect(res.headers.allow).toBe('POST, OPTIONS');
  });

  it('an unknown path stays the gateway\'s 404, whatever the method', async () => {
    for (const method of ['TRACE', 'PROPFIND', 'POST']) expect((await send(server.url, method, '/vision/customer/nothing')).status).toBe(404);
  });

  it.each([
    ['TRACE', '/__admin/clock', 'GET, HEAD, PUT'],
    ['PROPFIND', '/__admin/requests', 'DELETE, GET, HEAD'],
    ['TRACE', '/__admin/faults/abc', 'DELETE'],
    ['TRACE', '/__admin/ui/', 'GET, HEAD'],
  ])('%s %s under /__admin is 405 with Allow: %s', async (method, path, allow) => {
    const res = await send(server.url, method, path);
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe(allow);
    expect(JSON.parse(res.body).error).toContain(`use ${allow}`);
  });

  it('an unknown admin path stays 404', async () => {
    expect((await send(server.url, 'TRACE', '/__admin/nothing')).status).toBe(404);
    expect((await send(server.url, 'GET', '/__admin/nothing')).status).toBe(404);
  });
});
