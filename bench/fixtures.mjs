// Fixtures folders for the benchmark, written into a temp dir: the built-in packages, identities,
// projects and apps, the built-in devices plus many bench devices, and devices that already
// hold a given number of orders (format: src/fixtures/schema.ts).
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BUILT_IN = fileURLToPath(new URL('../fixtures/', import.meta.url));
const PROJECT = 'a124Gnn1xW6TM2xK';
const IDENTITY = '50e9op7a1c31d2e4f5a6b7c8d9e0f1a2b3c4d5e6';
const HOUR = 3_600_000;

/** The iotId of bench device number `i`. */
export const benchDevice = (i) => `BenchCam${String(i).padStart(6, '0')}`;
/** The device that holds the orders of get/query and growth scenarios. */
export const LOADED_DEVICE = 'BenchLoadedCam000001';
/** The orderId of fixture order number `i` on the loaded device. */
export const fixtureOrderId = (i) => `20240101000000${String(i).padStart(7, '0')}`;

/**
 * Writes a fixtures folder: `devices` bench devices, and `orders` orders on LOADED_DEVICE
 * (one hour each, back to back, all but the last few already expired at `nowMs`).
 * Returns the folder.
 */
export function writeFixtures(dir, { devices = 1000, orders = 0, nowMs = Date.now() } = {}) {
  mkdirSync(dir, { recursive: true });
  for (const file of ['packages.json', 'identities.json', 'projects.json', 'apps.json']) copyFileSync(join(BUILT_IN, file), join(dir, file));
  const builtInDevices = JSON.parse(readFileSync(join(BUILT_IN, 'devices.json'), 'utf8'));
  const benchDevices = Array.from({ length: devices }, (_, i) => ({ iotId: benchDevice(i), projectId: PROJECT, identityId: IDENTITY }));
  const loaded = { iotId: LOADED_DEVICE, projectId: PROJECT, identityId: IDENTITY, description: `holds ${orders} orders` };
  writeFileSync(join(dir, 'devices.json'), JSON.stringify([...builtInDevices, ...benchDevices, loaded]));
  const base = nowMs - Math.max(orders - 5, 0) * HOUR;
  const list = Array.from({ length: orders }, (_, i) => ({
    orderId: fixtureOrderId(i),
    outOrderNo: `3${String(i).padStart(14, '0')}`,
    iotId: LOADED_DEVICE,
    commodityCode: 'streamingResource_20_10',
    copies: 1,
    startTime: base + i * HOUR,
    endTime: base + (i + 1) * HOUR,
    createdAt: base + i * HOUR,
    paymentStatus: 1,
    userName: 'bench',
    userId: 'bench-user',
  }));
  writeFileSync(join(dir, 'orders.json'), JSON.stringify(list));
  return dir;
}
