/** Every instant the admin API, the fixtures or the options take lies in years 1970..9999 of the zone, or is a 400 naming the field; a refused call changes nothing. */
import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { loadFixtures } from '../../src/fixtures/load.js';
import { parseConfig } from '../../src/config/schema.js';
import { admin } from '../support/admin.js';
import { ALL_OPERATIONS } from '../../src/families/table.js';
import { call, CREATE, DEVICES, T0, testApp } from '../support/api.js';

let app: FastifyInstance;
afterEach(async () => app?.close());

/** Everything a refused call could have changed, read through the admin API (each read must answer 200). */
async function snapshot(headers: Record<string, string> = {}) {
  const reads = await Promise.all(['/clock', '/health', '/devices', '/requests', '/sessions'].map((url) => admin(app, 'GET', url, undefined, headers)));
  for (const read of reads) expect(read.status).toBe(200);
  return reads.map((r) => r.body);
}

describe('instants out of range', () => {
  it('a clock set or advanced past the year 9999 (or before 1970) is a 400 naming the field, and the clock stays', async () => {
    app = await testApp();
    const before = await snapshot();
    const refused: [string, string, unknown, RegExp][] = [
      ['PUT', '/clock', { now: 8640000000000001 }, /^now: .*out of range/],
      ['PUT', '/clock', { now: 253402300800000 }, /^now: .*out of range/],
      ['PUT', '/clock', { now: -1 }, /^now: .*out of range/],
      ['PUT', '/clock', { now: 'now+99999999y' }, /^now: "now\+99999999y" is out of range: instants must lie between 1970-01-01 00:00:00 and 9999-12-31 23:59:59 in Asia\/Shanghai/],
      ['PUT', '/clock', { now: '+275760-09-13T00:00:00Z' }, /^now: /],
      ['POST', '/clock/advance', { by: '300000y' }, /^by: .*out of range/],
      ['POST', '/clock/advance', { by: '3600000000M' }, /^by: .*out of range/],
      ['POST', '/clock/advance', { by: '-60y' }, /^by: .*out of range/],
      ['POST', '/clock/advance', { ms: 9e15 }, /^ms: .*out of range/],
    ];
    for (const [method, url, body, error] of refused) {
      const res = await admin(app, method as 'PUT', url, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error).toMatch(error);
    }
    expect(await snapshot()).toEqual(before);
    // The edge itself is fine, and so is every answer after it.
    expect((await admin(app, 'PUT', '/clock', { now: '9999-12-31 23:59:59' })).body.now).toBe('9999-12-31T15:59:59.000Z');
    await snapshot();
  });

  it("a session's clock is refused the same way, and no session answers 500 after", async () => {
    app = await testApp();
    const headers = { 'x-mock-session': 's1' };
    expect((await admin(app, 'PUT', '/clock', { now: 8640000000000001 }, headers)).status).toBe(400);
    await snapshot(headers);
    expect((await call(app, CREATE, { iotId: DEVICES.empty, commodityCode: 'streamingResource_20_10', copies: 1 }, { headers })).body_.data.startTime).toBe('2024-11-15 10:00:00');
  });

  it('an admin order whose time (given, or reached by its months) is out of range is a 400 naming the field, and is not kept', async () => {
    app = await testApp();
    const url = `/devices/${DEVICES.empty}/orders`;
    const before = await snapshot();
    const refused: [unknown, RegExp][] = [
      [{ commodityCode: 'streamingResource_20_10', endTime: 'now+99999999y' }, /^endTime: "now\+99999999y" is out of range/],
      [{ commodityCode: 'streamingResource_20_10', createdAt: 'now+99999999y' }, /^createdAt: /],
      [{ commodityCode: 'streamingResource_20_10', startTime: 'now+8000y' }, /^startTime: /],
      [{ commodityCode: 'streamingResource_20_10', startTime: -5 }, /^startTime: /],
      [{ commodityCode: 'streamingResource_20_10', startTime: '9999-12-20 00:00:00' }, /^endTime: 1 × 1 months .* end out of range/],
    ];
    for (const [body, error] of refused) {
      const res = await admin(app, 'POST', url, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error).toMatch(error);
    }
    expect(await snapshot()).toEqual(before);
    const fits = await admin(app, 'POST', url, { commodityCode: 'streamingResource_20_10', startTime: '9999-11-30 23:59:59' });
    expect(fits).toMatchObject({ status: 201, body: { endTime: '9999-12-30 23:59:59' } });
  });

  it('the journal refuses since/until out of range instead of listing everything', async () => {
    app = await testApp();
    await call(app, CREATE, { iotId: DEVICES.empty, commodityCode: 'streamingResource_20_10', copies: 1 });
    for (const query of ['since=now%2B99999999y', 'until=now-99999999y', 'since=%2B275760-09-13T00:00:00Z', 'until=1969-12-31T00:00:00Z']) {
      const res = await admin(app, 'GET', `/requests?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.body.error).toMatch(/^(since|until): .*out of range/);
    }
    expect((await admin(app, 'GET', '/requests?since=now-1h')).body.total).toBe(1);
    expect((await admin(app, 'GET', '/requests?since=now%2B1h')).body.total).toBe(0);
  });

  it('a fixture order with a time out of range stops the start, naming the entry and field; so does --now', async () => {
    const fixtures = loadFixtures();
    const bad = { ...fixtures, orders: [...fixtures.orders, { ...fixtures.orders[0]!, orderId: undefined, outOrderNo: undefined, endTime: 'now+99999999y' }] };
    await expect(testApp({ fixtureData: bad })).rejects.toThrow(new RegExp(`orders.json: entry ${fixtures.orders.length}: field endTime: "now\\+99999999y" is out of range`));
    expect(() => parseConfig({ now: '+275760-09-13T00:00:00Z' })).toThrow(/--now: .*out of range/);
    expect(parseConfig({ now: T0 }).now).toBe(T0);
  });
});

describe('west of UTC, the UTC text leaves the year 9999 first', () => {
  const CS_BUY = '/vision/customer/cloudstorage/commodity/buy';
  const csBuy = { iotId: DEVICES.empty, userName: 'u', commodityCode: 'ilopLVCloudResource', specification: 'eventResource_7' };
  const apiVer = { apiVer: ALL_OPERATIONS.find((op) => op.path === CS_BUY)!.apiVer };
  /** The directory with no fixture orders of either family: theirs reach past 9999 this late. */
  const bare = () => ({ ...loadFixtures(), orders: [], families: { 'cloud-storage': {} } });
  /** Every text of an admin device read: no year of five digits (10000-… or +010000-…). */
  const noFiveDigitYear = (body: unknown) => expect(JSON.stringify(body)).not.toMatch(/"[+-]?0?\d{5}-\d\d-\d\d/);

  it('in America/Los_Angeles at 9999-11-01T00:30:00Z, two months of either family are a 460 (their endTimeUTC would read 10000), one month is fine', async () => {
    app = await testApp({ timezone: 'America/Los_Angeles', now: '9999-11-01T00:30:00Z', fixtureData: bare() });
    const create = await call(app, CREATE, { iotId: DEVICES.empty, commodityCode: 'streamingResource_20_10', copies: 2 });
    expect(create.body_).toMatchObject({ code: 460, data: null });
    expect(create.headers['x-mock-error-detail']).toMatch(/after 9999-12-31 23:59:59 in America\/Los_Angeles or after 9999-12-31T23:59:59Z in UTC.*Reset the device/);
    const buy = await call(app, CS_BUY, { ...csBuy, copies: 2 }, apiVer);
    expect(buy.body_).toMatchObject({ code: 460, data: null });
    expect(buy.headers['x-mock-error-detail']).toMatch(/9999-12-31T23:59:59Z in UTC/);
    // Nothing stayed of the refusals; one month ends on 9999-12-01 in UTC and is answered.
    const one = await call(app, CREATE, { iotId: DEVICES.empty, commodityCode: 'streamingResource_20_10', copies: 1 });
    expect(one.body_.data).toMatchObject({ startTimeUTC: '9999-11-01T00:30:00Z', endTimeUTC: expect.stringMatching(/^9999-12-01T/) });
    expect((await call(app, CS_BUY, { ...csBuy, copies: 1 }, apiVer)).body_.code).toBe(200);
    const device = await admin(app, 'GET', `/devices/${DEVICES.empty}`);
    expect(device.body.orders).toHaveLength(1);
    noFiveDigitYear(device.body);
    noFiveDigitYear((await admin(app, 'GET', '/devices')).body);
  });

  it('the admin clock and admin orders are held to the UTC end as well as the zone\'s', async () => {
    app = await testApp({ timezone: 'America/Los_Angeles', now: '9999-11-01T00:30:00Z', fixtureData: bare() });
    const late = await admin(app, 'PUT', '/clock', { now: '9999-12-31 20:00:00' });
    expect(late.status).toBe(400);
    expect(late.body.error).toMatch(/^now: .*9999-12-31T23:59:59Z in UTC/);
    expect((await admin(app, 'PUT', '/clock', { now: '9999-12-31 15:59:59' })).body.now).toBe('9999-12-31T23:59:59.000Z');
    const order = await admin(app, 'POST', `/devices/${DEVICES.empty}/orders`, { commodityCode: 'streamingResource_20_10', startTime: '9999-12-01 00:00:00' });
    expect(order.status).toBe(400);
    noFiveDigitYear((await admin(app, 'GET', `/devices/${DEVICES.empty}`)).body);
  });
});
