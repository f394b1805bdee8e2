/**
 * The calls a drift check sends, in order. By default they cost nothing and change nothing on
 * the real service: the cloud token, both families' package lists, each device's orders (one
 * order read by its id), its free trial and the trial's quota check, and one call naming a device
 * that does not exist. `--allow-writes` adds, per device, an unpaid 直播分享 order (never paid)
 * and a claim of the free cloud-storage trial. Every step names an API the emulator serves, and
 * its params pass that API's own params schema (families/table.ts), so the sequence cannot ask
 * the real service anything the emulator would refuse.
 */
import { ALL_OPERATIONS } from '../families/table.js';
import type { Operation } from '../platform/operation.js';

/** A family whose order ids a step reads. */
export type OrderFamily = 'streaming' | 'cloud-storage';

/** What the steps before have learned from the target's answers, for the steps after. */
export interface Learned {
  cloudToken?: string;
  /** The first 直播分享 package the target lists (what --allow-writes buys). */
  streamingCommodityCode?: string;
  /** Per device: an order of each family the target shows, and the order the check created. */
  orders: Map<string, { streaming?: string; 'cloud-storage'?: string; created?: string }>;
}

/** What a step's params are built from. */
export interface StepInput {
  iotId: string | undefined;
  projectId: string | undefined;
  learned: Learned;
}

/** The params of a step, or why it is skipped this time. */
export type StepParams = { params: Record<string, unknown> } | { skip: string };

/** One call of the sequence. */
export interface CheckStep {
  /** A stable name, for reports. */
  id: string;
  /** What the call reads or does, in words (the docs page lists them). */
  title: string;
  path: string;
  apiVer: string;
  /** Sent once per device named with --iot-id (else once). */
  perDevice: boolean;
  /** Only with --allow-writes: it changes the real account. */
  writes: boolean;
  /** The params carry the id of an order of this family: the emulator's answer is its own orders'. */
  orderFamily?: OrderFamily;
  /** The params carry a 直播分享 commodityCode the target lists: the emulator is asked with one it lists. */
  namesPackage?: boolean;
  /** Business codes that refuse what the caller named (a project the account lacks), not drift. */
  refusedBy?: readonly number[];
  params(input: StepInput): StepParams;
  /** What the step learns from the target's data (code 200 only). */
  learn?(data: unknown, input: StepInput): void;
}

/** An iotId no account holds: the real service answers 2063 iotId not exist (help.aliyun.com 127995). */
export const UNKNOWN_DEVICE = 'DriftCheckNoSuchDevice0001';

const S = '/vision/customer/streaming';
const C = '/vision/customer/cloudstorage';

function ordersOf(learned: Learned, iotId: string) {
  let entry = learned.orders.get(iotId);
  if (!entry) learned.orders.set(iotId, (entry = {}));
  return entry;
}

/** The first orderId of an order/query answer's orderList, if any. */
function firstOrderId(data: unknown): string | undefined {
  const list = (data as { orderList?: unknown } | null)?.orderList;
  const first = Array.isArray(list) ? (list[0] as { orderId?: unknown } | undefined) : undefined;
  return typeof first?.orderId === 'string' ? first.orderId : undefined;
}

const withDevice = (input: StepInput, params: Record<string, unknown> = {}): StepParams => ({ params: { iotId: input.iotId, ...params } });

/** The sequence, in the order it runs: the steps of all devices follow the global ones, the probe comes last. */
export const CHECK_STEPS: readonly CheckStep[] = [
  {
    id: 'cloud-token', title: 'a cloud token for the project (--project-id); later calls carry it', path: '/cloud/token', apiVer: '1.0.1', perDevice: false, writes: false, refusedBy: [460],
    params: ({ projectId }) => (projectId ? { params: { grantType: 'project', res: projectId } } : { skip: 'no --project-id: the calls go without a cloud token' }),
    learn: (data, { learned }) => {
      const token = (data as { cloudToken?: unknown } | null)?.cloudToken;
      if (typeof token === 'string') learned.cloudToken = token;
    },
  },
  {
    id: 'streaming-packages', title: 'the 直播分享 packages on sale', path: `${S}/commodity/query`, apiVer: '1.0.0', perDevice: false, writes: false,
    params: () => ({ params: {} }),
    learn: (data, { learned }) => {
      const first = Array.isArray(data) ? (data[0] as { commodityCode?: unknown } | undefined) : undefined;
      if (typeof first?.commodityCode === 'string') learned.streamingCommodityCode = first.commodityCode;
    },
  },
  {
    id: 'cloud-storage-packages', title: 'the cloud-storage packages on sale', path: `${C}/commodity/query`, apiVer: '1.0.4', perDevice: false, writes: false,
    params: () => ({ params: {} }),
  },
  {
    id: 'streaming-orders', title: "the device's 直播分享 orders, first page", path: `${S}/order/query`, apiVer: '1.0.0', perDevice: true, writes: false,
    params: (input) => withDevice(input, { pageNo: 1, pageSize: 20 }),
    learn: (data, input) => void (ordersOf(input.learned, input.iotId!).streaming = firstOrderId(data)),
  },
  {
    id: 'streaming-order', title: 'the newest of those orders, by its orderId', path: `${S}/order/get`, apiVer: '1.0.0', perDevice: true, writes: false, orderFamily: 'streaming',
    params: (input) => {
      const orderId = ordersOf(input.learned, input.iotId!).streaming;
      return orderId ? withDevice(input, { orderId }) : { skip: 'the device has no 直播分享 order to read' };
    },
  },
  {
    id: 'cloud-storage-orders', title: "the device's cloud-storage orders, first page", path: `${C}/order/query`, apiVer: '1.0.6', perDevice: true, writes: false,
    params: (input) => withDevice(input, { pageNo: 0, pageSize: 20 }),
    learn: (data, input) => void (ordersOf(input.learned, input.iotId!)['cloud-storage'] = firstOrderId(data)),
  },
  {
    id: 'cloud-storage-order', title: 'the newest of those orders, by its orderId', path: `${C}/order/get`, apiVer: '1.0.6', perDevice: true, writes: false, orderFamily: 'cloud-storage',
    params: (input) => {
      const orderId = ordersOf(input.learned, input.iotId!)['cloud-storage'];
      return orderId ? withDevice(input, { orderId }) : { skip: 'the device has no cloud-storage order to read' };
    },
  },
  {
    id: 'free-trial', title: "the device's free cloud-storage trial", path: '/vision/customer/freecloudstorage/get', apiVer: '1.0.1', perDevice: true, writes: false,
    params: (input) => withDevice(input),
  },
  {
    id: 'free-trial-quota', title: 'whether the current user may claim the trial', path: '/vision/customer/freestorage/quota/check', apiVer: '1.0.0', perDevice: true, writes: false,
    params: (input) => withDevice(input),
  },
  {
    id: 'streaming-create', title: 'an unpaid order of the first 直播分享 package, queued (never paid)', path: `${S}/order/create`, apiVer: '1.0.0', perDevice: true, writes: true, namesPackage: true,
    params: (input) =>
      input.learned.streamingCommodityCode
        ? withDevice(input, { commodityCode: input.learned.streamingCommodityCode, copies: 1, immediateUse: false })
        : { skip: 'the target listed no 直播分享 package to order' },
    learn: (data, input) => {
      const orderId = (data as { orderId?: unknown } | null)?.orderId;
      if (typeof orderId === 'string') ordersOf(input.learned, input.iotId!).created = orderId;
    },
  },
  {
    id: 'streaming-created-order', title: 'that new order, by its orderId', path: `${S}/order/get`, apiVer: '1.0.0', perDevice: true, writes: true, orderFamily: 'streaming',
    params: (input) => {
      const orderId = ordersOf(input.learned, input.iotId!).created;
      return orderId ? withDevice(input, { orderId }) : { skip: 'no order was created' };
    },
  },
  {
    id: 'free-trial-claim', title: "one month of the device's free cloud-storage trial, for the current user", path: '/vision/customer/freecloudstorage/consume', apiVer: '1.0.4', perDevice: true, writes: true,
    params: (input) => withDevice(input, { quota: 1 }),
  },
  {
    id: 'unknown-device', title: 'a device that does not exist (2063 iotId not exist)', path: `${S}/order/query`, apiVer: '1.0.0', perDevice: false, writes: false,
    params: () => ({ params: { iotId: UNKNOWN_DEVICE, pageNo: 1, pageSize: 1 } }),
  },
];

/** The emulator's operation a step calls; throws when the sequence names an API the emulator does not serve. */
export function operationOf(step: Pick<CheckStep, 'path' | 'apiVer'>): Operation {
  const operation = ALL_OPERATIONS.find((op) => op.path === step.path && op.apiVer === step.apiVer);
  if (!operation) throw new Error(`the drift check calls ${step.path} ${step.apiVer}, which the emulator does not serve`);
  return operation;
}

/** A step's params checked by its API's params schema: the check never sends what the emulator would refuse. */
export function checkedParams(step: CheckStep, params: Record<string, unknown>): Record<string, unknown> {
  const parsed = operationOf(step).params.safeParse(params);
  if (!parsed.success) throw new Error(`the drift check's ${step.id} params do not pass ${step.path}'s schema: ${parsed.error.issues[0]?.message}`);
  return params;
}
