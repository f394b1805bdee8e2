/** HTTPS: the generated certificate, certificate files, and signed calls over TLS. */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import apiGateway from 'aliyun-api-gateway';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/runtime/server.js';
import { generateCertificate } from '../../src/runtime/tls.js';
import { DEVICES, envelope } from '../support/api.js';
import { APPS, signHeaders } from '../support/signer.js';

const CREATE = '/vision/customer/streaming/order/create';
const BODY = JSON.stringify(envelope({ iotId: DEVICES.doc, commodityCode: 'streamingResource_20_10', copies: 1 }));

/** POSTs over HTTPS with Node's own certificate checks, trusting only `ca`. */
function post(url: string, ca: string | undefined, headers: Record<string, string>, body: string) {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
    const req = request(url, { method: 'POST', headers, ...(ca ? { ca } : {}) }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('--https with a certificate generated at start', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ port: 0, host: '127.0.0.1', https: true, verifySignature: true, seed: 7 });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('serves https:// and writes the certificate to a file for clients to trust', () => {
    expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(server.certificateGenerated).toBe(true);
    expect(readFileSync(server.certificatePath!, 'utf8')).toContain('-----BEGIN CERTIFICATE-----');
  });

  it('answers a signed call from a client that trusts the certificate, by IP and by localhost', async () => {
    const ca = readFileSync(server.certificatePath!, 'utf8');
    for (const url of [server.url, server.url.replace('127.0.0.1', 'localhost')]) {
      const { headers } = signHeaders({ ...APPS.full, url: CREATE, body: BODY });
      const res = await post(`${url}${CREATE}`, ca, headers, BODY);
      expect(res.status, url).toBe(200);
      expect(JSON.parse(res.body).code).toBe(200);
    }
  });

  it('is refused by a client that does not trust it (TLS is real)', async () => {
    const { headers } = signHeaders({ ...APPS.full, url: CREATE, body: BODY });
    await expect(post(`${server.url}${CREATE}`, undefined, headers, BODY)).rejects.toThrow(/self.signed|certificate/i);
  });

  it('works with the npm client aliyun-api-gateway, unchanged', async () => {
    const client = new apiGateway.Client(APPS.full.appKey, APPS.full.appSecret);
    const body = await client.post(`${server.url}${CREATE}`, { data: JSON.parse(BODY) });
    expect(body.code).toBe(200);
  });

  it('removes the generated certificate on close', async () => {
    const other = await startServer({ port: 0, host: '127.0.0.1', https: true });
    const path = other.certificatePath!;
    expect(existsSync(path)).toBe(true);
    await other.close();
    expect(existsSync(path)).toBe(false);
  });
});

describe('--tls-cert / --tls-key', () => {
  it('serves the given certificate and points clients at its file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aliyun-living-mock-test-'));
    try {
      const { key, cert } = await generateCertificate('127.0.0.1');
      writeFileSync(join(dir, 'cert.pem'), cert);
      writeFileSync(join(dir, 'key.pem'), key);
      const server = await startServer({ port: 0, host: '127.0.0.1', tlsCert: join(dir, 'cert.pem'), tlsKey: join(dir, 'key.pem') });
      try {
        expect(server.url.startsWith('https://')).toBe(true);
        expect(server.certificatePath).toBe(join(dir, 'cert.pem'));
        expect(server.certificateGenerated).toBe(false);
        const res = await post(`${server.url}${CREATE}`, cert, { 'content-type': 'application/json' }, BODY);
        expect(JSON.parse(res.body).code).toBe(200);
      } finally {
        await server.close();
      }
      expect(existsSync(join(dir, 'cert.pem'))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rejects one without the other', async () => {
    await expect(startServer({ port: 0, tlsCert: '/nonexistent.pem' })).rejects.toThrow(/--tls-cert and --tls-key/);
  });
});
