/**
 * The cloud-storage family's built-in data: the packages on sale, each device's free plan, the
 * free plans already claimed and the orders the fixture devices already hold. Devices are the
 * shared fixtures' (fixtures/devices.json); entries for a device the fixtures lack are skipped.
 */

/** 1 continuous recording, 2 event recording (documented values). */
export type RecordType = 1 | 2;

/** A cloud-storage package as commodity/query lists it; commodityCode + specification name it. */
export interface CloudPackage {
  readonly commodityName: string;
  readonly commodityCode: string;
  readonly specification: string;
  readonly recordType: RecordType;
  /** Price in yuan of one copy, a decimal string. */
  readonly price: string;
  /** Days recorded video is kept. */
  readonly lifecycle: number;
  /** Months one copy lasts. */
  readonly months: number;
  /** false: sold (check, buy) but not listed by commodity/query; listed when absent. */
  readonly listed?: boolean;
}

/** The free plan a device may claim once per bound user. */
export interface FreePlan {
  readonly type: RecordType;
  readonly lifecycle: number;
  /** Months of free allowance a user may claim. */
  readonly months: number;
}

/** An order a fixture device already holds; times are relative to the start instant ("now-10d"). */
export interface CloudOrderSeed {
  readonly orderId: string;
  readonly outOrderNo: string;
  readonly iotId: string;
  /** The buyer; defaults to the device's administrator. */
  readonly identityId?: string;
  readonly commodityCode: string;
  readonly specification: string;
  readonly copies: number;
  readonly startTime?: string;
  readonly createdAt: string;
  readonly paymentStatus: 0 | 1;
  readonly frozen?: boolean;
  readonly userName: string | null;
  readonly userId: string | null;
}

/** A free plan claimed on a device by a user, with the free order it made. */
export interface FreeClaimSeed {
  readonly iotId: string;
  readonly identityId: string;
  readonly orderId: string;
  readonly outOrderNo: string;
  readonly quota: number;
  readonly startTime: string;
  readonly createdAt: string;
}

/** The monthly and the yearly commodity codes (the masked doc example reads as ilopLVCloudResource). */
export const MONTHLY_CODE = 'ilopLVCloudResource';
export const YEARLY_CODE = 'ilopLVCloudResourceYear';
/** commodityCode of the orders a free plan makes. */
export const FREE_CODE = 'ilopLVFreeCloudResource';

const KIND: Record<RecordType, { spec: string; zh: string }> = {
  1: { spec: 'continuousResource', zh: '全天连续录像' },
  2: { spec: 'eventResource', zh: '事件录像' },
};

/** Monthly price in yuan by record type and lifecycle; a year costs ten months. */
const MONTHLY_PRICE: Record<RecordType, Record<number, string>> = {
  1: { 1: '15', 3: '25', 7: '35', 30: '88' },
  2: { 1: '6', 3: '9', 7: '15', 30: '38' },
};
const LIFECYCLES = [1, 3, 7, 30] as const;

/** The specification of a record type and lifecycle, e.g. eventResource_7. */
export function specificationOf(recordType: RecordType, lifecycle: number): string {
  return `${KIND[recordType].spec}_${lifecycle}`;
}

/** Event and continuous packages with lifecycles 1, 3, 7 and 30 days, sold monthly and yearly. */
export const CLOUD_PACKAGES: readonly CloudPackage[] = ([1, 2] as const).flatMap((recordType) =>
  LIFECYCLES.flatMap((lifecycle) => [
    {
      commodityName: `${KIND[recordType].zh}${lifecycle}天循环存储月套餐`,
      commodityCode: MONTHLY_CODE,
      specification: specificationOf(recordType, lifecycle),
      recordType,
      price: MONTHLY_PRICE[recordType][lifecycle]!,
      lifecycle,
      months: 1,
    },
    {
      commodityName: `${KIND[recordType].zh}${lifecycle}天循环存储年套餐`,
      commodityCode: YEARLY_CODE,
      specification: specificationOf(recordType, lifecycle),
      recordType,
      price: String(Number(MONTHLY_PRICE[recordType][lifecycle]!) * 10),
      lifecycle,
      months: 12,
    },
  ]),
);

/**
 * The package 177884's and 177885's examples name, under the masked code and specification they
 * print, so those examples work as pasted. It is the monthly event package kept 7 days (the mask
 * reads as ilopLVCloudResource / eventResource_7, which commodity/query lists). commodity/query does
 * not list it [model]: the mask is the pages' redaction of a real code, and a real catalogue would
 * not hold one package twice, once under a name with asterisks in it.
 */
export const EXAMPLE_PACKAGES: readonly CloudPackage[] = [
  { ...CLOUD_PACKAGES.find((p) => p.commodityCode === MONTHLY_CODE && p.specification === specificationOf(2, 7))!, commodityCode: 'ilopLV*****Resource', specification: 'e****Resource_7', listed: false },
];

/** The free plan of every device: event recording kept 7 days, 3 months (the doc example's values). */
export const DEFAULT_FREE_PLAN: FreePlan = { type: 2, lifecycle: 7, months: 3 };

const DEV = {
  inEffect: 'GJ8k2LmP9qRs4TuVwXyZ000102',
  empty: 'Hk3m4NoP5qRs6TuVwXyZ000103',
  queue: 'Qw9e8R7t6Y5u4I3o2P1a000104',
  frozen: 'Fr0zEn1d2E3v4I5c6E7x000106',
} as const;
const USER = {
  zhang: '50e9op7a1c31d2e4f5a6b7c8d9e0f1a2b3c4d5e6',
  li: '50f1op0b9a8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e',
  wang: '50f3op1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a',
  pet: '50f5op9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a',
  doc: '50e5op6412259c0f11*****0f57cd9326da8409',
  /** The user of the cloud-storage pages' request examples. */
  example: '50e7op1581053a1b2c3d4e5f6a7b8c9d0e1f2a3b4',
} as const;

/** The devices the pages' request examples name (fixtures/devices.json), with the masks the pages print. */
const EXAMPLE_DEV = {
  /** 177887, 201345, 457259 (and 177884, 177885). */
  cloud: 'QIuozfUcxRX6frOTO4dKz2****',
  /** 177886. */
  orderGet: 'QIuozfUcxRX6frOTO4dK****',
  /** 177894. */
  statusSet: 'aD12ef8Kk****EiNJJ001082',
  /** The placeholder of 177891, 177867 and 177889, whose examples print "value0" (and "value1" for the order). */
  placeholder: 'value0',
  /** 177893's source and target. */
  transferSrc: 'QIuozfUcxRX6******dKz20000',
  transferDst: 'cvgIDouK5w6wA******cz20000',
} as const;

/**
 * Free plans already claimed. The living-room camera's user has used his; the hallway camera was
 * returned twice, so two earlier owners claimed it and one claim is left for the next user; the
 * frozen camera's user claimed a free month three days ago, in effect now.
 */
export const FREE_CLAIMS: readonly FreeClaimSeed[] = [
  { iotId: DEV.inEffect, identityId: USER.zhang, orderId: '202407151000001000101', outOrderNo: '310000000000101', quota: 3, startTime: 'now-4M', createdAt: 'now-4M' },
  { iotId: DEV.empty, identityId: USER.pet, orderId: '202401151000001000102', outOrderNo: '310000000000102', quota: 1, startTime: 'now-10M', createdAt: 'now-10M' },
  { iotId: DEV.empty, identityId: USER.doc, orderId: '202403151000001000103', outOrderNo: '310000000000103', quota: 2, startTime: 'now-8M', createdAt: 'now-8M' },
  { iotId: DEV.queue, identityId: USER.li, orderId: '202404151000001000104', outOrderNo: '310000000000104', quota: 3, startTime: 'now-7M', createdAt: 'now-7M' },
  { iotId: DEV.frozen, identityId: USER.wang, orderId: '202411121000001000105', outOrderNo: '310000000000105', quota: 1, startTime: 'now-3d', createdAt: 'now-3d' },
  // 201345's example freezes this device's free plan: 3 months claimed, in effect.
  { iotId: EXAMPLE_DEV.cloud, identityId: USER.example, orderId: '202411011000001000107', outOrderNo: '310000000000107', quota: 3, startTime: 'now-14d', createdAt: 'now-14d' },
];

/**
 * Paid orders. The living-room and shop cameras hold both families' orders: each has a
 * 直播分享 order in fixtures/orders.json and cloud storage here. The shop camera's queue: a yearly
 * continuous package in effect, a monthly one waiting, an unpaid one (status 3) and an expired one.
 */
export const CLOUD_ORDERS: readonly CloudOrderSeed[] = [
  { orderId: '202411051000001000201', outOrderNo: '310000000000201', iotId: DEV.inEffect, commodityCode: MONTHLY_CODE, specification: 'eventResource_7',
    copies: 1, startTime: 'now-10d', createdAt: 'now-10d', paymentStatus: 1, userName: '张伟', userId: USER.zhang },
  { orderId: '202405151000001000202', outOrderNo: '310000000000202', iotId: DEV.queue, commodityCode: MONTHLY_CODE, specification: 'continuousResource_3',
    copies: 1, startTime: 'now-6M', createdAt: 'now-6M', paymentStatus: 1, userName: '李娜', userId: USER.li },
  { orderId: '202410011000001000203', outOrderNo: '310000000000203', iotId: DEV.queue, commodityCode: YEARLY_CODE, specification: 'continuousResource_7',
    copies: 1, startTime: 'now-45d', createdAt: 'now-45d', paymentStatus: 1, userName: '李娜', userId: USER.li },
  { orderId: '202411101000001000204', outOrderNo: '310000000000204', iotId: DEV.queue, commodityCode: MONTHLY_CODE, specification: 'continuousResource_30',
    copies: 2, createdAt: 'now-5d', paymentStatus: 1, userName: '李娜', userId: USER.li },
  { orderId: '202411141000001000205', outOrderNo: '310000000000205', iotId: DEV.queue, commodityCode: MONTHLY_CODE, specification: 'continuousResource_7',
    copies: 1, createdAt: 'now-1d', paymentStatus: 0, userName: '李娜', userId: USER.li },
  { orderId: '202410151000001000206', outOrderNo: '310000000000206', iotId: DEV.frozen, commodityCode: MONTHLY_CODE, specification: 'eventResource_30',
    copies: 3, startTime: 'now-31d', createdAt: 'now-31d', paymentStatus: 1, frozen: true, userName: '王芳', userId: USER.wang },
  // The orders the pages' request examples name, with the masked ids they print: 457259 binds the
  // first (waiting behind the free plan), 177886 reads the second, 177894 sets the third's status.
  { orderId: '202210131******040001', outOrderNo: '310000000000207', iotId: EXAMPLE_DEV.cloud, commodityCode: MONTHLY_CODE, specification: 'eventResource_7',
    copies: 1, createdAt: 'now-2d', paymentStatus: 1, userName: '1581053****', userId: '1581053****' },
  { orderId: '20200731124115****', outOrderNo: '310000000000208', iotId: EXAMPLE_DEV.orderGet, commodityCode: MONTHLY_CODE, specification: 'eventResource_7',
    copies: 1, startTime: 'now-5d', createdAt: 'now-5d', paymentStatus: 1, userName: '1581053****', userId: '1581053****' },
  { orderId: '20221102165******0001', outOrderNo: '310000000000209', iotId: EXAMPLE_DEV.statusSet, commodityCode: MONTHLY_CODE, specification: 'eventResource_7',
    copies: 1, startTime: 'now-5d', createdAt: 'now-5d', paymentStatus: 1, userName: '1581053****', userId: '1581053****' },
  // 177891 makes the order "value1" take effect: it waits behind a month of the same package
  // (continuous, as its example's commodityType 1 says). 177893 moves the last one to another device.
  { orderId: '202411051000001000210', outOrderNo: '310000000000210', iotId: EXAMPLE_DEV.placeholder, commodityCode: MONTHLY_CODE, specification: 'continuousResource_7',
    copies: 1, startTime: 'now-10d', createdAt: 'now-10d', paymentStatus: 1, userName: '1581053****', userId: '1581053****' },
  { orderId: 'value1', outOrderNo: '310000000000211', iotId: EXAMPLE_DEV.placeholder, commodityCode: MONTHLY_CODE, specification: 'continuousResource_7',
    copies: 1, createdAt: 'now-1d', paymentStatus: 1, userName: '1581053****', userId: '1581053****' },
  { orderId: '202210141******030001', outOrderNo: '310000000000212', iotId: EXAMPLE_DEV.transferSrc, commodityCode: MONTHLY_CODE, specification: 'eventResource_7',
    copies: 1, startTime: 'now-5d', createdAt: 'now-5d', paymentStatus: 1, userName: '1581053****', userId: '1581053****' },
];
