import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Config } from '../config/schema.js';

/** The key and certificate the server speaks TLS with, and where a client finds the certificate to trust. */
export interface TlsMaterial {
  key: string;
  cert: string;
  /** A PEM file of the certificate (for curl --cacert, NODE_EXTRA_CA_CERTS, a trust store...). */
  certificatePath: string;
  /** True when generated at start (the file then lives in a temporary folder removed on close). */
  generated: boolean;
  /** Removes what was generated; a no-op for files the user gave. */
  dispose(): void;
}

/** Names a generated certificate is valid for: loopback, plus the bound host when it is a name or a specific address. */
export function certificateNames(host: string): { dns: string[]; ips: string[] } {
  const dns = new Set(['localhost']);
  const ips = new Set(['127.0.0.1', '::1']);
  const bare = host.replace(/^\[|\]$/g, '');
  if (isIP(bare)) {
    if (bare !== '0.0.0.0' && bare !== '::') ips.add(bare);
  } else if (bare !== '') dns.add(bare);
  return { dns: [...dns], ips: [...ips] };
}

/**
 * A self-signed certificate for the emulator, made at start. Its validity uses the real time, not
 * the emulator's clock: clients check it against their own real clock.
 */
export async function generateCertificate(host: string): Promise<{ key: string; cert: string }> {
  const { dns, ips } = certificateNames(host);
  const notBefore = new Date(Date.now() - 24 * 60 * 60 * 1000);
  const notAfter = new Date(Date.now() + 365 * 24 * 60 * 60 * 1000);
  // Loaded here, not at start: it is a large library and most runs never serve HTTPS.
  const { generate } = await import('selfsigned');
  const pems = await generate([{ name: 'commonName', value: 'aliyun-living-mock' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: notBefore,
    notAfterDate: notAfter,
    extensions: [
      // A self-signed certificate that clients add as a trusted CA must say it may act as one.
      { name: 'basicConstraints', cA: true },
      { name: 'keyUsage', digitalSignature: true, keyCertSign: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [...dns.map((value) => ({ type: 2 as const, value })), ...ips.map((ip) => ({ type: 7 as const, ip }))],
      },
    ],
  });
  return { key: pems.private, cert: pems.cert };
}

/** The TLS material a config asks for: files (--tls-cert/--tls-key), a generated certificate (--https), or none. */
export async function tlsMaterialFor(config: Pick<Config, 'https' | 'tlsCert' | 'tlsKey' | 'host'>): Promise<TlsMaterial | undefined> {
  if (config.tlsCert && config.tlsKey) {
    const certificatePath = resolve(config.tlsCert);
    return {
      key: readFileSync(resolve(config.tlsKey), 'utf8'),
      cert: readFileSync(certificatePath, 'utf8'),
      certificatePath,
      generated: false,
      dispose() {},
    };
  }
  if (!config.https) return undefined;
  const { key, cert } = await generateCertificate(config.host);
  const dir = mkdtempSync(join(tmpdir(), 'aliyun-living-mock-tls-'));
  const certificatePath = join(dir, 'certificate.pem');
  writeFileSync(certificatePath, cert);
  return { key, cert, certificatePath, generated: true, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}
