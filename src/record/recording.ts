/**
 * What record mode learns from the target's answers, as fixtures: the packages it lists, the
 * devices it was asked about, their orders with the times the target gave them, the free plan
 * and its claims. Gateway errors, timeouts and business errors are kept as what they were (the
 * calls log), never as fixtures. No secret or token is kept: the fixtures hold none, and the log
 * holds paths, devices and codes only. Pure: the caller reads the clock and writes the files.
 */
import { createZoneTime, parseInstant, type ZoneTime } from '../core/zone-time.js';

/** One call as forwarded: where it went, what it named, when it was sent (epoch ms). */
export interface RecordedCall {
  path: string;
  apiVer?: string;
  params: Record<string, unknown>;
  sentAt: number;
}

/** What the target answered: its status, headers and body text; or no answer at all. */
export type RecordedAnswer = { ok: true; status: number; headers: Record<string, string>; text: string } | { ok: false; error: string };

/** A line of the calls log (recording.json). */
export interface LoggedCall {
  at: string;
  path: string;
  apiVer?: string;
  iotId?: string;
  status?: number;
  /** The business code of the envelope. */
  code?: number;
  /** The gateway's X-Ca-Error-Code, or TIMEOUT / NO_ANSWER when nothing came. */
  gatewayError?: string;
  error?: string;
}

/** The files of a recorded fixtures folder, by path below it, as JSON values. */
export type FixtureFolder = Record<string, unknown>;

type Json = Record<string, unknown>;

const S = '/vision/customer/streaming';
const C = '/vision/customer/cloudstorage';
const FREE_ORDER_TYPE = 1;
/** A 直播分享 package code reads streamingResource_<people who may share>_<people who may watch at once>; quota is the second number. */
const STREAMING_CODE = /^streamingResource_\d+_(\d+)$/;
/** Names for what the answers never show: the project without a /cloud/token call, a device's administrator without an order. */
const UNKNOWN_PROJECT = 'recorded-project';
const unknownAdministrator = (iotId: string) => `recorded-administrator-of-${iotId}`;

const isRecord = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** A recording in progress. */
export interface Recording {
  /** Takes one forwarded call and the target's answer. */
  observe(call: RecordedCall, answer: RecordedAnswer): void;
  /** The fixtures folder as seen so far, with recording.json (the recorded clock and the calls log). */
  folder(): FixtureFolder;
}

/** A recording whose times are read in `timezone` (the zone of startTime, endTime and orderIds). */
export function createRecording(timezone = 'Asia/Shanghai'): Recording {
  const zone = createZoneTime(timezone);
  let firstCallAt: number | undefined;
  let project: string | undefined;
  let streamingPackages: Json[] | undefined;
  let cloudPackages: Json[] | undefined;
  let freePlan: Json | undefined;
  const devices = new Map<string, { administrator?: string }>();
  const streamingOrders = new Map<string, Json>();
  const cloudOrders = new Map<string, Json>();
  /** The newest-first order of each device's list, as the target last showed it, by family. */
  const lists = new Map<string, string[]>();
  const log: LoggedCall[] = [];
  /** The instants the target's preConsume seconds allow for "now": [low, high). */
  let clock: { low: number; high: number } | undefined;

  const device = (iotId: unknown) => {
    if (typeof iotId !== 'string' || iotId === '') return undefined;
    let entry = devices.get(iotId);
    if (!entry) devices.set(iotId, (entry = {}));
    return entry;
  };

  function keepStreamingOrder(order: unknown, iotId: unknown): void {
    if (!isRecord(order) || !text(order.orderId)) return;
    const owner = device(order.iotId ?? iotId);
    if (owner && text(order.identityId)) owner.administrator = order.identityId as string;
    streamingOrders.set(order.orderId as string, { ...order, iotId: order.iotId ?? iotId });
  }

  function keepCloudOrder(order: unknown, iotId: unknown): void {
    if (!isRecord(order) || !text(order.orderId)) return;
    device(order.iotId ?? iotId);
    cloudOrders.set(order.orderId as string, { ...order, iotId: order.iotId ?? iotId });
    // preConsume = whole seconds of the order used by "now": while it is in effect, "now" lies in [start + s, start + s + 1 s).
    const start = Date.parse(String(order.startTimeUTC));
    const end = Date.parse(String(order.endTimeUTC));
    const used = order.preConsume;
    if (Number.isFinite(start) && typeof used === 'number' && used > 0 && start + used * 1000 < end) {
      const low = start + used * 1000;
      const high = low + 1000;
      clock = clock ? { low: Math.max(clock.low, low), high: Math.min(clock.high, high) } : { low, high };
    }
  }

  function keepList(family: string, iotId: unknown, list: unknown, keep: (o: unknown, iotId: unknown) => void): void {
    if (!Array.isArray(list)) return;
    for (const order of list) keep(order, iotId);
    if (typeof iotId === 'string') lists.set(`${family}\n${iotId}`, list.filter(isRecord).map((o) => String(o.orderId)));
  }

  function learn(call: RecordedCall, data: unknown): void {
    const { path, params } = call;
    const iotId = params.iotId;
    if (path === '/cloud/token' && text(params.res)) project = params.res as string;
    else if (path === `${S}/commodity/query` && Array.isArray(data)) streamingPackages = data.filter(isRecord);
    else if (path === `${C}/commodity/query` && Array.isArray(data)) cloudPackages = data.filter(isRecord);
    else if (path === `${S}/order/query` && isRecord(data)) keepList('streaming', iotId, data.orderList, keepStreamingOrder);
    else if (path === `${C}/order/query` && isRecord(data)) keepList('cloud-storage', iotId, data.orderList, keepCloudOrder);
    else if (path.startsWith(`${S}/order/`)) keepStreamingOrder(data, iotId);
    else if (path === `${C}/order/get` || path === `${C}/bind/order`) keepCloudOrder(data, iotId);
    else if (path === '/vision/customer/freecloudstorage/get' && isRecord(data)) {
      // The plan's months: the claim's plus what remains of it, or the whole plan while unclaimed.
      const months = data.consumed === 1 && typeof data.remainQuota === 'number' ? Number(data.months) + data.remainQuota : Number(data.months);
      if (typeof data.type === 'number' && typeof data.lifecycle === 'number' && Number.isInteger(months)) freePlan = { type: data.type, lifecycle: data.lifecycle, months };
    }
  }

  return {
    observe(call, answer) {
      firstCallAt ??= call.sentAt;
      const entry: LoggedCall = { at: new Date(call.sentAt).toISOString(), path: call.path, ...(call.apiVer ? { apiVer: call.apiVer } : {}) };
      const iotId = call.params.iotId ?? call.params.srcIotId;
      if (typeof iotId === 'string') entry.iotId = iotId;
      if (!answer.ok) {
        log.push({ ...entry, gatewayError: /timeout|within/i.test(answer.error) ? 'TIMEOUT' : 'NO_ANSWER', error: answer.error });
        return;
      }
      entry.status = answer.status;
      let body: unknown;
      try {
        body = answer.status === 200 && answer.text !== '' ? JSON.parse(answer.text) : undefined;
      } catch {
        body = undefined;
      }
      if (!isRecord(body) || typeof body.code !== 'number') {
        log.push({ ...entry, gatewayError: answer.headers['x-ca-error-code'] ?? `HTTP ${answer.status}`, ...(answer.headers['x-ca-error-message'] ? { error: answer.headers['x-ca-error-message'] } : {}) });
        return;
      }
      log.push({ ...entry, code: body.code });
      if (body.code !== 200) return;
      // A device the target answered for exists; one it refused (2063, 403) is not made a fixture.
      device(iotId);
      learn(call, body.data);
    },
    folder() {
      const recordedAt = recordedClock(firstCallAt ?? Date.now(), clock);
      return buildFolder({ zone, project, streamingPackages, cloudPackages, freePlan, devices, streamingOrders, cloudOrders, lists, recordedAt, log });
    },
  };
}

/** The instant of the recording: when its first call went, moved into the range the target's preConsume seconds allow. */
function recordedClock(firstCallAt: number, clock: { low: number; high: number } | undefined): number {
  if (!clock || clock.low >= clock.high) return firstCallAt;
  return Math.min(Math.max(firstCallAt, clock.low), clock.high - 1);
}

/** The instant an orderId's first 14 digits name in the zone (yyyyMMddHHmmss), when they name one. */
function creationOf(orderId: string, zone: ZoneTime): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})/.exec(orderId);
  if (!m) return undefined;
  const ms = parseInstant(`${m[1]}-${m[2]}-${m[3]} ${m[4]}:${m[5]}:${m[6]}`, 0, zone);
  return ms !== null && zone.compact(ms) === orderId.slice(0, 14) ? ms : undefined;
}

/**
 * When each order was created, for the newest-first order of the lists: the time its orderId begins
 * with [model: real orderIds begin with their creation time], else its start; then, along each list
 * the target showed, strictly older than the order before it, so a replayed list keeps the target's order.
 */
function creationTimes(orders: ReadonlyMap<string, Json>, lists: ReadonlyMap<string, string[]>, family: string, zone: ZoneTime): Map<string, number> {
  const out = new Map<string, number>();
  for (const [orderId, o] of orders) out.set(orderId, creationOf(orderId, zone) ?? (Date.parse(String(o.startTimeUTC)) || 0));
  for (const [key, ids] of lists) {
    if (!key.startsWith(`${family}\n`)) continue;
    let newer: number | undefined;
    for (const id of ids) {
      const at = out.get(id);
      if (at === undefined) continue;
      const kept = newer !== undefined && at >= newer ? newer - 1000 : at;
      out.set(id, kept);
      newer = kept;
    }
  }
  return out;
}

const iso = (ms: number) => new Date(ms).toISOString();
const isoOf = (v: unknown) => {
  const ms = Date.parse(String(v));
  return Number.isFinite(ms) ? iso(ms) : undefined;
};

interface Seen {
  zone: ZoneTime;
  project?: string;
  streamingPackages?: Json[];
  cloudPackages?: Json[];
  freePlan?: Json;
  devices: ReadonlyMap<string, { administrator?: string }>;
  streamingOrders: ReadonlyMap<string, Json>;
  cloudOrders: ReadonlyMap<string, Json>;
  lists: ReadonlyMap<string, string[]>;
  recordedAt: number;
  log: readonly LoggedCall[];
}

/** A 直播分享 package as the fixtures hold it; one the target never listed is made up from an order of it [model]. */
function streamingPackagesOf(seen: Seen): Json[] {
  const listed = (seen.streamingPackages ?? []).map((p) => ({ commodityCode: p.commodityCode, commodityName: p.commodityName, months: p.months, quota: p.quota, price: p.price }));
  const codes = new Set(listed.map((p) => p.commodityCode));
  for (const o of seen.streamingOrders.values()) {
    if (codes.has(o.commodityCode)) continue;
    const copies = Number(o.copies) || 1;
    const quota = STREAMING_CODE.exec(String(o.commodityCode))?.[1];
    listed.push({ commodityCode: o.commodityCode, commodityName: o.commodityName, months: Math.max(1, Math.round(Number(o.months) / copies) || 1), quota: quota ? Number(quota) : 0, price: String(Number(o.price) / copies) });
    codes.add(o.commodityCode);
  }
  return listed;
}

function buildFolder(seen: Seen): FixtureFolder {
  const projectId = seen.project ?? UNKNOWN_PROJECT;
  const administrators = new Map([...seen.devices].map(([iotId, d]) => [iotId, d.administrator ?? unknownAdministrator(iotId)]));
  const identityIds = new Set<string>(administrators.values());
  const streamingCreated = creationTimes(seen.streamingOrders, seen.lists, 'streaming', seen.zone);
  const cloudCreated = creationTimes(seen.cloudOrders, seen.lists, 'cloud-storage', seen.zone);

  const orders = [...seen.streamingOrders.values()].map((o) => ({
    orderId: o.orderId,
    outOrderNo: o.outOrderNo,
    iotId: o.iotId,
    commodityCode: o.commodityCode,
    copies: o.copies,
    startTime: isoOf(o.startTimeUTC),
    endTime: isoOf(o.endTimeUTC),
    createdAt: iso(streamingCreated.get(String(o.orderId))!),
    paymentStatus: o.paymentStatus,
    frozen: o.status === 2,
    userName: o.userName ?? null,
    userId: o.userId ?? null,
  }));

  const paid = [...seen.cloudOrders.values()].filter((o) => o.orderType !== FREE_ORDER_TYPE);
  const free = [...seen.cloudOrders.values()].filter((o) => o.orderType === FREE_ORDER_TYPE);
  for (const o of [...paid, ...free]) if (text(o.identityId)) identityIds.add(o.identityId as string);
  const cloudFile = {
    ...(seen.cloudPackages ? { packages: seen.cloudPackages.map((p) => ({ commodityName: p.commodityName, commodityCode: p.commodityCode, specification: p.specification, recordType: p.recordType, price: p.price, lifecycle: p.lifecycle, months: p.months })) } : {}),
    ...(seen.freePlan ? { freePlan: seen.freePlan } : {}),
    orders: paid.map((o) => ({
      orderId: o.orderId,
      outOrderNo: o.outOrderNo,
      iotId: o.iotId,
      ...(text(o.identityId) ? { identityId: o.identityId } : {}),
      commodityCode: o.commodityCode,
      specification: o.specification,
      copies: o.copies,
      startTime: isoOf(o.startTimeUTC),
      createdAt: iso(cloudCreated.get(String(o.orderId))!),
      // 3 is created and not paid; 1 and 2 (paying) read as paid once settled.
      paymentStatus: o.status === 3 || o.paymentStatus === 0 ? 0 : 1,
      ...(o.status === 2 ? { frozen: true } : {}),
      userName: o.userName ?? null,
      userId: o.userId ?? null,
    })),
    freeClaims: free.map((o) => ({
      iotId: o.iotId,
      identityId: text(o.identityId) ?? administrators.get(String(o.iotId)),
      orderId: o.orderId,
      outOrderNo: o.outOrderNo,
      quota: o.copies,
      startTime: isoOf(o.startTimeUTC),
      createdAt: iso(cloudCreated.get(String(o.orderId))!),
    })),
  };

  return {
    'packages.json': streamingPackagesOf(seen),
    'projects.json': [{ projectId, name: 'recorded from the target' }],
    'identities.json': [...identityIds].sort().map((identityId) => ({ identityId })),
    'devices.json': [...administrators].map(([iotId, identityId]) => ({ iotId, projectId, identityId })),
    'orders.json': orders,
    'families/cloud-storage.json': cloudFile,
    'recording.json': { recordedAt: iso(seen.recordedAt), timezone: seen.zone.zone, replay: `--fixtures <this folder> --now ${iso(seen.recordedAt)}`, calls: seen.log },
  };
}
