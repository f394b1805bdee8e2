/**
 * This family's fixture file, `families/cloud-storage.json` in a fixtures folder: packages, the
 * free plan, orders and free claims. Without the file, the built-in data of fixtures.ts is used.
 */
import { z } from 'zod';
import { isDecimal } from '../../core/money.js';
import type { Fixtures } from '../../fixtures/schema.js';
import { FixtureError } from '../../fixtures/validate.js';
import {
  CLOUD_ORDERS,
  CLOUD_PACKAGES,
  DEFAULT_FREE_PLAN,
  EXAMPLE_PACKAGES,
  FREE_CLAIMS,
  type CloudOrderSeed,
  type CloudPackage,
  type FreeClaimSeed,
  type FreePlan,
} from './fixtures.js';

/** The family's name in `Fixtures.families` and its file name under `families/`. */
export const FAMILY_KEY = 'cloud-storage';
const FILE = `families/${FAMILY_KEY}.json`;

const recordType = z.union([z.literal(1), z.literal(2)]);
const relative = z.string().min(1).describe('an ISO instant or a time relative to the start ("now-10d")');

const PackageEntry = z.strictObject({
  commodityName: z.string().min(1),
  commodityCode: z.string().min(1),
  specification: z.string().min(1),
  recordType,
  price: z.union([z.string(), z.number().nonnegative()]).transform(String).refine(isDecimal, 'price must be a non-negative decimal in yuan, like "35" or "9.9"'),
  lifecycle: z.number().int().positive(),
  months: z.number().int().positive(),
  listed: z.boolean().optional().describe('false: sold but not listed by commodity/query'),
});

const OrderEntry = z.strictObject({
  orderId: z.string().regex(/^\d{21}$/, 'orderId is 21 digits'),
  outOrderNo: z.string().regex(/^\d{15}$/, 'outOrderNo is 15 digits'),
  iotId: z.string().min(1),
  identityId: z.string().min(1).optional(),
  commodityCode: z.string().min(1),
  specification: z.string().min(1),
  copies: z.number().int().min(1).max(60).default(1),
  startTime: relative.optional(),
  createdAt: relative,
  paymentStatus: z.union([z.literal(0), z.literal(1)]).default(1),
  frozen: z.boolean().optional(),
  userName: z.string().nullable().default(null),
  userId: z.string().nullable().default(null),
});

const ClaimEntry = z.strictObject({
  iotId: z.string().min(1),
  identityId: z.string().min(1),
  orderId: z.string().regex(/^\d{21}$/, 'orderId is 21 digits'),
  outOrderNo: z.string().regex(/^\d{15}$/, 'outOrderNo is 15 digits'),
  quota: z.number().int().min(1).max(3),
  startTime: relative,
  createdAt: relative,
});

/** The file's shape; every part is optional (a missing part: no orders, no claims, the built-in packages and plan). */
export const CloudStorageFixtureFile = z.strictObject({
  packages: z.array(PackageEntry).optional(),
  freePlan: z.strictObject({ type: recordType, lifecycle: z.number().int().positive(), months: z.number().int().min(1).max(3) }).optional(),
  orders: z.array(OrderEntry).default([]),
  freeClaims: z.array(ClaimEntry).default([]),
});

/** What the family's state is built from. */
export interface CloudStorageData {
  packages: readonly CloudPackage[];
  freePlan: FreePlan;
  orders: readonly CloudOrderSeed[];
  freeClaims: readonly FreeClaimSeed[];
}

/** The packages on sale without a file's own: the listed ones and the pages' masked example. */
const BUILT_IN_PACKAGES: readonly CloudPackage[] = [...CLOUD_PACKAGES, ...EXAMPLE_PACKAGES];
const BUILT_IN: CloudStorageData = { packages: BUILT_IN_PACKAGES, freePlan: DEFAULT_FREE_PLAN, orders: CLOUD_ORDERS, freeClaims: FREE_CLAIMS };

/**
 * Validates the family's file against its schema and the shared fixtures (devices, identities,
 * packages, unique orderIds); throws a FixtureError naming the file, the entry and the field.
 */
export function parseCloudStorageFixtures(raw: unknown, fixtures: Fixtures): CloudStorageData {
  const parsed = CloudStorageFixtureFile.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new FixtureError(`${FILE}: field ${issue.path.join('.') || '(file)'}: ${issue.message}`);
  }
  const file = parsed.data;
  const data: CloudStorageData = { packages: file.packages ?? BUILT_IN_PACKAGES, freePlan: file.freePlan ?? DEFAULT_FREE_PLAN, orders: file.orders, freeClaims: file.freeClaims };
  const devices = new Set(fixtures.devices.map((d) => d.iotId));
  const identities = new Set(fixtures.identities.map((i) => i.identityId));
  const packages = new Set(data.packages.map((p) => `${p.commodityCode}/${p.specification}`));
  const orderIds = new Set<string>();
  const bad = (where: string, why: string) => new FixtureError(`${FILE}: ${where}: ${why}`);
  data.packages.forEach((p, i) => {
    if (data.packages.findIndex((q) => q.commodityCode === p.commodityCode && q.specification === p.specification) !== i) throw bad(`packages.${i}`, `duplicate package ${p.commodityCode} / ${p.specification}`);
  });
  const checkOrderId = (where: string, orderId: string) => {
    if (orderIds.has(orderId)) throw bad(where, `field orderId: duplicate "${orderId}"`);
    orderIds.add(orderId);
  };
  data.freeClaims.forEach((c, i) => {
    if (!devices.has(c.iotId)) throw bad(`freeClaims.${i}`, `field iotId: unknown device "${c.iotId}"; add it to devices.json`);
    if (!identities.has(c.identityId)) throw bad(`freeClaims.${i}`, `field identityId: unknown identity "${c.identityId}"; add it to identities.json`);
    checkOrderId(`freeClaims.${i}`, c.orderId);
  });
  data.orders.forEach((o, i) => {
    if (!devices.has(o.iotId)) throw bad(`orders.${i}`, `field iotId: unknown device "${o.iotId}"; add it to devices.json`);
    if (!packages.has(`${o.commodityCode}/${o.specification}`)) throw bad(`orders.${i}`, `field specification: no package ${o.commodityCode} / ${o.specification}`);
    if (o.identityId !== undefined && !identities.has(o.identityId)) throw bad(`orders.${i}`, `field identityId: unknown identity "${o.identityId}"`);
    checkOrderId(`orders.${i}`, o.orderId);
  });
  return data;
}

/** The family's data of a set of fixtures: its file when the folder has one, else (or with none) the built-in data. Parsed at each world's first cloud-storage call: a few dozen entries. */
export function cloudStorageData(fixtures: Fixtures | undefined): CloudStorageData {
  const raw = fixtures?.families?.[FAMILY_KEY];
  if (fixtures === undefined || raw === undefined) return BUILT_IN;
  return parseCloudStorageFixtures(raw, fixtures);
}
