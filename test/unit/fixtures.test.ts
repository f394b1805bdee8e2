import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createIdSource } from '../../src/core/ids.js';
import { createZoneTime } from '../../src/core/zone-time.js';
import { BUILT_IN_FIXTURES_DIR, loadFixtures } from '../../src/fixtures/load.js';
import { checkOrderTimes } from '../../src/fixtures/validate.js';
import { orderStatus, orderStart, orderEnd } from '../../src/families/streaming/order.js';
import { createStore, ordersInCreationOrder } from '../../src/families/streaming/store.js';
import { createDirectory } from '../../src/platform/directory.js';
import { DEVICES, DOC_IOT_ID } from '../support/api.js';

function copyFixtures(): string {
  const dir = mkdtempSync(join(tmpdir(), 'alm-fixtures-'));
  cpSync(BUILT_IN_FIXTURES_DIR, dir, { recursive: true });
  return dir;
}
function edit(dir: string, file: string, change: (data: any[]) => void) {
  const path = join(dir, file);
  const data = JSON.parse(readFileSync(path, 'utf8'));
  change(data);
  writeFileSync(path, JSON.stringify(data));
}

describe('built-in fixtures tell the story', () => {
  const fixtures = loadFixtures();
  const zone = createZoneTime('Asia/Shanghai');
  const now = Date.parse('2024-11-15T02:00:00Z');
  const directory = createDirectory(fixtures);
  const store = createStore({ fixtures, now, zone, ids: createIdSource(1), directory });
  const orders = (iotId: string) => ordersInCreationOrder(store, iotId);

  it('has the documented package and device, and at least five packages with one non-whole price', () => {
    expect(store.packages.get('streamingResource_20_10')).toMatchObject({ price: '140', months: 1, quota: 10 });
    expect(fixtures.packages.length).toBeGreaterThanOrEqual(5);
    expect(fixtures.packages.some((p) => p.price.includes('.'))).toBe(true);
    expect(new Set(fixtures.packages.map((p) => p.months)).size).toBeGreaterThan(2);
    expect(directory.devices.get(DOC_IOT_ID)).toBeDefined();
  });
  it('has a device with no orders, one in effect, one with a queue, one forbidden, one frozen', () => {
    expect(orders(DEVICES.empty)).toHaveLength(0);
    expect(orders(DEVICES.inEffect).map((o) => orderStatus(o, now))).toEqual([0]);
    const queue = orders(DEVICES.queue).filter((o) => orderStatus(o, now) === 0);
    expect(queue.filter((o) => orderStart(o) > now).length).toBeGreaterThanOrEqual(2);
    expect(directory.devices.get(DEVICES.forbidden)!.forbidden).toBe(true);
    expect(orders(DEVICES.frozen).map((o) => orderStatus(o, now))).toEqual([2]);
  });
  it('gives every device an administrator identity', () => {
    for (const d of directory.devices.values()) expect(directory.identities.get(d.identityId)).toBeDefined();
  });
  it('resolves relative times against the start instant', () => {
    const [o] = orders(DEVICES.inEffect);
    expect(zone.formatLocal(orderStart(o!))).toBe('2024-11-05 10:00:00');
    expect(zone.formatLocal(orderEnd(o!))).toBe('2024-12-05 10:00:00');
  });
  it('queues fixture orders without a start time after the earlier ones', () => {
    const live = orders(DEVICES.queue).filter((o) => orderEnd(o) > now);
    for (let i = 1; i < live.length; i++) expect(orderStart(live[i]!)).toBe(orderEnd(live[i - 1]!));
  });
});

describe('invalid fixtures stop with the file, the entry and the field', () => {
  it('a wrong type', () => {
    const dir = copyFixtures();
    edit(dir, 'packages.json', (d) => (d[2].months = 'one'));
    expect(() => loadFixtures(dir)).toThrow(/packages\.json: entry 2 \(commodityCode "streamingResource_1_1"\): field months/);
  });
  it('a dangling reference', () => {
    const dir = copyFixtures();
    edit(dir, 'devices.json', (d) => (d[1].identityId = 'ghost'));
    expect(() => loadFixtures(dir)).toThrow(/devices\.json: entry 1 \(iotId "GJ8k2LmP9qRs4TuVwXyZ000102"\): field identityId: unknown identity "ghost"/);
  });
  it('a bad price', () => {
    const dir = copyFixtures();
    edit(dir, 'packages.json', (d) => (d[0].price = '1,40'));
    expect(() => loadFixtures(dir)).toThrow(/packages\.json: entry 0 .*field price/);
  });
  it('a duplicate id', () => {
    const dir = copyFixtures();
    edit(dir, 'devices.json', (d) => d.push({ ...d[0] }));
    expect(() => loadFixtures(dir)).toThrow(/devices\.json: entry 14 .*field iotId: duplicate/);
  });
  it('an unknown field (a typo) is refused', () => {
    const dir = copyFixtures();
    edit(dir, 'orders.json', (d) => (d[0].startTme = 'now'));
    expect(() => loadFixtures(dir)).toThrow(/orders\.json: entry 0 .*startTme/);
  });
  it('invalid JSON', () => {
    const dir = copyFixtures();
    writeFileSync(join(dir, 'apps.json'), '[{');
    expect(() => loadFixtures(dir)).toThrow(/apps\.json: not valid JSON/);
  });
  it('an unparseable relative time', () => {
    const dir = copyFixtures();
    edit(dir, 'orders.json', (d) => (d[0].startTime = 'yesterday'));
    const fixtures = loadFixtures(dir);
    expect(() => createStore({ fixtures, now: 0, zone: createZoneTime('UTC'), ids: createIdSource(1), directory: createDirectory(fixtures) })).toThrow(/orders\.json: entry 0: field startTime/);
  });
  it('a time out of range (years 1970..9999 in the zone), absolute or relative to now', () => {
    const zone = createZoneTime('Asia/Shanghai');
    const now = Date.parse('2024-11-15T02:00:00Z');
    for (const [field, value] of [['endTime', 'now+99999999y'], ['createdAt', '+010000-01-01T00:00:00Z'], ['startTime', -1]] as const) {
      const dir = copyFixtures();
      edit(dir, 'orders.json', (d) => (d[1][field] = value));
      expect(() => checkOrderTimes(loadFixtures(dir), now, zone)).toThrow(new RegExp(`orders\\.json: entry 1 \\(orderId "\\d+"\\): field ${field}: .* is out of range: instants must lie between`));
    }
    expect(() => checkOrderTimes(loadFixtures(), now, zone)).not.toThrow();
  });
});
