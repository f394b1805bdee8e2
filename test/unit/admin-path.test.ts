import { describe, expect, it } from 'vitest';
import { adminHosts, hostName, isAllowedHost } from '../../src/admin/hosts.js';
import { isPublicAdminPath, isUnderAdmin, normalisedPath } from '../../src/core/admin-path.js';

describe('normalisedPath and isUnderAdmin', () => {
  it.each([
    ['/__admin/docs/static/../json', '/__admin/docs/json'],
    ['/__admin/docs/static/%2e%2e/json?x=1', '/__admin/docs/json'],
    ['/__admin/docs/static/..%2Fjson', '/__admin/docs/json'],
    ['/__admin/docs/static/%252e%252e/yaml', '/__admin/docs/yaml'],
    ['//__admin//requests/', '/__admin/requests'],
    ['/__admin\\..\\__admin\\clock', '/__admin/clock'],
    ['/../../__admin', '/__admin'],
    ['/vision/customer/streaming/order/create', '/vision/customer/streaming/order/create'],
  ])('%s is %s', (url, path) => {
    expect(normalisedPath(url)).toBe(path);
  });

  it('finds /__admin whatever the spelling, and nothing else', () => {
    for (const url of ['/__admin', '/__admin/', '/vision/../__admin/x', '/__ADMIN/requests', '/%5f%5fadmin/requests', '/__admin?x']) expect(isUnderAdmin(url), url).toBe(true);
    for (const url of ['/__adminx', '/vision/customer/__admin', '/__admin/../vision', '/']) expect(isUnderAdmin(url), url).toBe(false);
  });

  it('opens only the shells of the page and the docs', () => {
    for (const path of ['/__admin/ui', '/__admin/ui/', '/__admin/ui/app.js', '/__admin/docs', '/__admin/docs/static/index.html']) expect(isPublicAdminPath(path), path).toBe(true);
    for (const path of ['/__admin/docs/json', '/__admin/docs/yaml', '/__admin/openapi.json', '/__admin/ui/x/y', '/__admin/requests', '/__admin/docs/static/x.json']) expect(isPublicAdminPath(path), path).toBe(false);
  });
});

describe('admin Host names', () => {
  it('reads the name of a Host header, port and case aside', () => {
    expect(hostName('LocalHost:8080')).toBe('localhost');
    expect(hostName('[::1]:8080')).toBe('[::1]');
    expect(hostName('[::1]x')).toBeUndefined();
    expect(hostName('user@evil.example')).toBeUndefined();
  });

  it('allows loopback, IP addresses, the bound name and --admin-hosts entries; a wildcard bind adds nothing', () => {
    const wildcard = adminHosts('0.0.0.0');
    for (const host of ['localhost:1', 'a.localhost', '10.0.0.7:80', '[fe80::1]:8080']) expect(isAllowedHost(wildcard, host), host).toBe(true);
    for (const host of ['devbox', 'localhost.evil.example', '10.0.0.7.nip.io', '999.1.1.1', undefined]) expect(isAllowedHost(wildcard, host), String(host)).toBe(false);
    const named = adminHosts('devbox', ['Mock', '.internal']);
    for (const host of ['devbox:8080', 'mock', 'a.b.internal', 'internal']) expect(isAllowedHost(named, host), host).toBe(true);
    expect(isAllowedHost(named, 'evilinternal')).toBe(false);
    expect(isAllowedHost(adminHosts('::1'), '[::1]:9')).toBe(true);
  });
});
