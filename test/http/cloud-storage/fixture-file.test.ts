/** A fixtures folder may carry the family's own file, families/cloud-storage.json: packages, the free plan, orders and claims. */
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILT_IN_FIXTURES_DIR, loadFixtures } from '../../../src/fixtures/load.js';
import { DEVICES, testApp } from '../../support/api.js';
import { callCs, CS, USERS } from '../../support/cloud-storage.js';

/** A copy of the built-in fixtures with the family's file set to `file`. */
function folderWith(file: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'cloud-fixtures-'));
  cpSync(BUILT_IN_FIXTURES_DIR, dir, { recursive: true });
  mkdirSync(join(dir, 'families'), { recursive: true });
  writeFileSync(join(dir, 'families', 'cloud-storage.json'), typeof file === 'string' ? file : JSON.stringify(file));
  return dir;
}

const PACKAGE = { commodityName: '事件录像14天月套餐', commodityCode: 'myCloud', specification: 'event_14', recordType: 2, price: '19.9', lifecycle: 14, months: 1 };
const ORDER = { orderId: '202411010800001000901', outOrderNo: '410000000000901', iotId: DEVICES.empty, commodityCode: 'myCloud', specification: 'event_14', copies: 2, startTime: 'now-1d', createdAt: 'now-1d', userName: '张伟', userId: null };

describe('families/cloud-storage.json', () => {
  it('replaces the built-in packages, free plan, orders and claims', async () => {
    const dir = folderWith({ packages: [PACKAGE], freePlan: { type: 1, lifecycle: 3, months: 2 }, orders: [ORDER] });
    const app = await testApp({ fixtures: dir });
    try {
      expect((await callCs(app, CS.commodities, {})).body_.data).toEqual([PACKAGE]);
      // The orderId starts with its creation time (now-1d), its last 7 digits the file's.
      const order = (await callCs(app, CS.get, { iotId: DEVICES.empty, orderId: '202411141000001000901' })).body_.data;
      expect(order).toMatchObject({ identityId: USERS.zhang, price: '39.8', copies: 2, status: 0, startTime: '2024-11-14 10:00:00', endTime: '2025-01-14 10:00:00' });
      // No claims in the file: the living-room camera's built-in claim is gone, and the plan is the file's.
      expect((await callCs(app, CS.freeGet, { iotId: DEVICES.inEffect })).body_.data).toMatchObject({ type: 1, lifecycle: 3, months: 2, consumed: 0, remainQuota: 2 });
      expect((await callCs(app, CS.query, { iotId: DEVICES.queue })).body_.data.total).toBe(0);
    } finally {
      await app.close();
    }
  });

  it('sells a package marked listed: false without listing it', async () => {
    const hidden = { ...PACKAGE, commodityCode: 'myHidden', listed: false };
    const app = await testApp({ fixtures: folderWith({ packages: [PACKAGE, hidden] }) });
    try {
      expect((await callCs(app, CS.commodities, {})).body_.data).toEqual([PACKAGE]);
      const bought = await callCs(app, CS.buy, { iotId: DEVICES.empty, userName: 'u', commodityCode: 'myHidden', specification: 'event_14', copies: 1 });
      expect(bought.body_.code).toBe(200);
    } finally {
      await app.close();
    }
  });

  it.each([
    ['not JSON', '{', /families\/cloud-storage\.json: not valid JSON/],
    ['an unknown field', { pakages: [] }, /families\/cloud-storage\.json: field \(file\)|pakages/],
    ['a bad price', { packages: [{ ...PACKAGE, price: 'free' }] }, /field packages\.0\.price/],
    ['an order of an unknown device', { packages: [PACKAGE], orders: [{ ...ORDER, iotId: 'nope' }] }, /orders\.0: field iotId: unknown device "nope"/],
    ['an order of an unknown package', { orders: [ORDER] }, /orders\.0: field specification: no package myCloud \/ event_14/],
    ['a duplicate orderId', { packages: [PACKAGE], orders: [ORDER, ORDER] }, /orders\.1: field orderId: duplicate/],
    ['a claim of an unknown identity', { freeClaims: [{ iotId: DEVICES.doc, identityId: 'who', orderId: '202411010800001000902', outOrderNo: '410000000000902', quota: 1, startTime: 'now', createdAt: 'now' }] }, /freeClaims\.0: field identityId: unknown identity "who"/],
  ])('refuses %s at load time, naming the file and the field', (_what, file, message) => {
    expect(() => loadFixtures(folderWith(file))).toThrow(message);
  });
});
