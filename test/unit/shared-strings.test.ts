import { describe, expect, it } from 'vitest';
import { createIdSource } from '../../src/core/ids.js';
import { multiplyPrice } from '../../src/core/money.js';
import { createZoneTime } from '../../src/core/zone-time.js';
import { loadFixtures } from '../../src/fixtures/load.js';
import { createOrder } from '../../src/services/streaming/model.js';
import { renderOrder } from '../../src/services/streaming/order.js';
import { createStringPool, priceOf } from '../../src/services/streaming/shared-strings.js';
import { createStore } from '../../src/services/streaming/store.js';
import { DEVICES, T0 } from '../support/api.js';

const fixtures = loadFixtures();
const zone = createZoneTime('Asia/Shanghai');
const NOW = Date.parse(T0);

describe('shared strings', () => {
  it('prices every package and count exactly as multiplyPrice does', () => {
    for (const pkg of fixtures.packages) {
      for (let copies = 1; copies <= 60; copies++) expect(priceOf(pkg, copies)).toBe(multiplyPrice(pkg.price, copies));
      // Twice: the cached answer is the same.
      expect(priceOf(pkg, 7)).toBe(multiplyPrice(pkg.price, 7));
      expect(priceOf(pkg, 1000)).toBe(multiplyPrice(pkg.price, 1000));
    }
  });

  it('gives back an equal string, and keeps at most `limit` distinct values', () => {
    const intern = createStringPool(2);
    for (const value of ['a', 'b', 'c', 'a', 'c', '']) expect(intern(value)).toBe(value);
  });

  it('stores orders that render exactly as ones built from the request strings', () => {
    const store = createStore({ fixtures, now: NOW, zone, ids: createIdSource(42) });
    const ctx = { store, now: NOW, zone, ids: createIdSource(7) };
    const input = { iotId: DEVICES.empty, commodityCode: fixtures.packages[0]!.commodityCode, copies: 3, immediateUse: false };
    const users: [string | null, string | null][] = [
      ['用户 一', 'user-1'],
      ['用户 一', 'user-1'],
      [null, null],
      ['', 'user-2'],
    ];
    for (const [userName, userId] of users) {
      const made = createOrder(ctx, { ...input, userName, userId });
      if (!made.ok) throw new Error(made.detail);
      const wire = renderOrder(made.value, NOW, zone, true);
      expect(wire).toMatchObject({ userName, userId, price: multiplyPrice(fixtures.packages[0]!.price, 3), copies: 3 });
      expect(wire.orderId).toMatch(/^\d{21}$/);
      expect(store.orders.get(wire.orderId as string)).toBe(made.value);
    }
  });
});
