/**
 * The cloud-storage rules over plain state: buy, check, find, list, enable, transfer, freeze and
 * bind. No Fastify, no Node built-ins: the instant, the zone and the id source come in the context.
 * A rule that changes state checks first, then states the change as data (change-record.ts) and
 * applies it with the apply* function a state file replays it with: one code path for both.
 */
import { BusinessErrors } from '../../errors/catalogue.js';
import { multiplyPrice } from '../../core/money.js';
import { fail, findDevice, type Outcome } from '../../platform/outcome.js';
import type { RuleContext } from '../../platform/rule-context.js';
import { pastTheRange, showable } from '../../platform/shown-instant.js';
import type { CloudChange } from './change-record.js';
import type { CloudPackage } from './fixtures.js';
import type { CloudOrder, RecordSettings } from './order.js';
import type { Period } from './queue.js';
import { addOrder, freePackage, freeTrialOf, moveOrder, ordersOfDevice, packageKey, queueOf, type CloudStorageState } from './state.js';

/** What a cloud-storage rule sees of its world for one call. */
export interface CloudContext extends RuleContext {
  cloud: CloudStorageState;
  /** --payment-settle-ms: a new paid order reads as paying (2) this long; 0: paid at once. */
  settleMs: number;
  /** Where the changes the call made are collected, for its state file; absent when replaying. */
  changes?: CloudChange[];
}

/** Notes an applied change for the call's state file. */
function logChange(ctx: CloudContext, change: CloudChange): void {
  ctx.changes?.push(change);
}

/** The span an order holds: its place on the queue, or where it was when frozen. */
export function spanOf(ctx: CloudContext, order: CloudOrder): Period {
  if (order.frozenSpan) return order.frozenSpan;
  const span = queueOf(ctx.cloud, order.iotId).periodOf(order.orderId);
  if (!span) throw new Error(`order ${order.orderId} is neither frozen nor on device ${order.iotId}'s queue`);
  return span;
}

/** The package named by code and specification, or 460 listing what is sold. */
export function findPackage(ctx: CloudContext, commodityCode: string, specification: string): Outcome<CloudPackage> {
  const pkg = ctx.cloud.packages.get(packageKey(commodityCode, specification));
  if (pkg) return { ok: true, value: pkg };
  const known = [...ctx.cloud.packages.keys()].join(', ');
  return fail(BusinessErrors.REQUEST_PARAMETER_ERROR, `params.commodityCode/specification: no package "${commodityCode}" / "${specification}"; sold: ${known}`);
}

/** The device's unfrozen order that holds time last, if any: its record type is the device's until it ends (a queue records one way). */
function queuedRecordType(ctx: CloudContext, iotId: string): CloudOrder | undefined {
  const last = queueOf(ctx.cloud, iotId).lastHolding(ctx.now);
  return last === undefined ? undefined : ctx.cloud.orders.get(last);
}

/** Why `pkg` cannot be bought (or claimed) for the device now, or null when it can. */
export function unavailableReason(ctx: CloudContext, iotId: string, pkg: CloudPackage): string | null {
  const other = queuedRecordType(ctx, iotId);
  if (other && other.pkg.recordType !== pkg.recordType) {
    return `device "${iotId}" records with type ${other.pkg.recordType} until order ${other.orderId} ends; package ${pkg.specification} is type ${pkg.recordType}`;
  }
  return null;
}

/** commodity/check: whether the package can be bought for the device now. */
export function checkPackage(ctx: CloudContext, iotId: string, commodityCode: string, specification: string): Outcome<{ available: boolean }> {
  const device = findDevice(ctx, iotId);
  if (!device.ok) return device;
  const pkg = findPackage(ctx, commodityCode, specification);
  if (!pkg.ok) return pkg;
  return { ok: true, value: { available: unavailableReason(ctx, iotId, pkg.value) === null } };
}

/** A fresh orderId (creation time yyyyMMddHHmmss + 7 digits), unused by this family. */
function newOrderId(ctx: CloudContext): string {
  const head = ctx.zone.compact(ctx.now);
  for (;;) {
    const id = head + ctx.ids.digits(7, false);
    if (!ctx.cloud.orders.has(id)) return id;
  }
}

/** A fresh 15-digit outOrderNo. */
function newOutOrderNo(ctx: CloudContext): string {
  for (;;) {
    const no = ctx.ids.digits(15);
    if (!ctx.cloud.outOrderNos.has(no)) return no;
  }
}

/**
 * Puts `order` on its device's queue: after the queue, or (immediateUse) at once, cutting the
 * order in effect and pushing the waiting ones later. `months` counts calendar months in the zone;
 * `lengthMs`, when given, is the exact length of an order already placed once.
 */
function placeOnQueue(ctx: CloudContext, order: CloudOrder, immediateUse: boolean, months: number, lengthMs?: number): Outcome<null> {
  const queue = queueOf(ctx.cloud, order.iotId);
  const start = immediateUse ? ctx.now : queue.endAfter(ctx.now);
  const end = lengthMs === undefined ? ctx.zone.addMonths(start, months) : start + lengthMs;
  const length = end - start;
  const latest = immediateUse ? Math.max(queue.endAfter(ctx.now), ctx.now) + length : end;
  if (!showable(ctx.zone, end, latest)) return pastTheRange(ctx.zone, order.iotId);
  if (immediateUse) queue.placeAtNow(order.orderId, ctx.now, length);
  else queue.place(order.orderId, { start, end });
  return { ok: true, value: null };
}

/** What commodity/buy is given, already type-checked. */
export interface BuyInput {
  iotId: string;
  commodityCode: string;
  specification: string;
  copies: number;
  userName: string;
  userId: string | null;
  immediateUse: boolean;
  deviceNoOwner: boolean;
  settings: RecordSettings;
}

/** commodity/buy: a paid order, queued or in effect now; the vendor's Aliyun account is charged. */
export function buyPackage(ctx: CloudContext, input: BuyInput): Outcome<CloudOrder> {
  const device = findDevice(ctx, input.iotId);
  if (!device.ok) return device;
  const pkg = findPackage(ctx, input.commodityCode, input.specification);
  if (!pkg.ok) return pkg;
  const reason = unavailableReason(ctx, input.iotId, pkg.value);
  if (reason) return fail(BusinessErrors.REQUEST_PARAMETER_ERROR, `${reason}: commodity/check answers available false`);
  return applyBuy(ctx, {
    kind: 'buy',
    now: ctx.now,
    iotId: input.iotId,
    identityId: input.deviceNoOwner ? null : device.value.identityId,
    commodityCode: input.commodityCode,
    specification: input.specification,
    copies: input.copies,
    userName: input.userName,
    userId: input.userId,
    immediateUse: input.immediateUse,
    settlesAt: ctx.settleMs > 0 ? ctx.now + ctx.settleMs : null,
    settings: input.settings,
    orderId: newOrderId(ctx),
    outOrderNo: newOutOrderNo(ctx),
  });
}

/** Makes the order a buy names and queues it; 460 when its time would run past the range, with nothing changed. */
export function applyBuy(ctx: CloudContext, change: Extract<CloudChange, { kind: 'buy' }>): Outcome<CloudOrder> {
  const pkg = findPackage(ctx, change.commodityCode, change.specification);
  if (!pkg.ok) return pkg;
  const order: CloudOrder = {
    orderId: change.orderId,
    outOrderNo: change.outOrderNo,
    iotId: change.iotId,
    identityId: change.identityId,
    pkg: pkg.value,
    copies: change.copies,
    price: multiplyPrice(pkg.value.price, change.copies),
    userName: change.userName,
    userId: change.userId,
    orderType: 0,
    paymentStatus: 1,
    settlesAt: change.settlesAt,
    frozen: false,
    frozenSpan: null,
    createdAt: change.now,
    settings: change.settings,
  };
  const placed = placeOnQueue(ctx, order, change.immediateUse, pkg.value.months * change.copies);
  if (!placed.ok) return placed;
  addOrder(ctx.cloud, order);
  logChange(ctx, change);
  return { ok: true, value: order };
}

/** What a claim of the free plan is given (the checks of free-trial.ts passed). */
export interface FreeOrderInput {
  iotId: string;
  identityId: string;
  quota: number;
  immediateUse: boolean;
  settings: RecordSettings;
}

/** A free order made by a claim of the device's free plan, placed like a purchase, and the claim. */
export function claimFreePlan(ctx: CloudContext, input: FreeOrderInput): Outcome<CloudOrder> {
  return applyConsume(ctx, { kind: 'consume', now: ctx.now, ...input, orderId: newOrderId(ctx), outOrderNo: newOutOrderNo(ctx) });
}

/** Makes the free order a claim names, queues it and notes the claim. */
export function applyConsume(ctx: CloudContext, change: Extract<CloudChange, { kind: 'consume' }>): Outcome<CloudOrder> {
  const trial = freeTrialOf(ctx.cloud, change.iotId);
  const order: CloudOrder = {
    orderId: change.orderId, outOrderNo: change.outOrderNo, iotId: change.iotId, identityId: change.identityId, pkg: freePackage(trial.plan),
    copies: change.quota, price: '0', userName: null, userId: null, orderType: 1, paymentStatus: 1, settlesAt: null, frozen: false,
    frozenSpan: null, createdAt: change.now, settings: change.settings,
  };
  const placed = placeOnQueue(ctx, order, change.immediateUse, change.quota);
  if (!placed.ok) return placed;
  addOrder(ctx.cloud, order);
  trial.claims.push({ identityId: change.identityId, orderId: order.orderId, quota: change.quota });
  logChange(ctx, change);
  return { ok: true, value: order };
}

/** The device's order `orderId`: 2063/403 for the device, 460 for an unknown or another device's order. */
export function findOwnOrder(ctx: CloudContext, iotId: string, orderId: string): Outcome<CloudOrder> {
  const device = findDevice(ctx, iotId);
  if (!device.ok) return device;
  const order = ctx.cloud.orders.get(orderId);
  if (!order) return fail(BusinessErrors.REQUEST_PARAMETER_ERROR, `params.orderId: no cloud-storage order "${orderId}"`);
  if (order.iotId !== iotId) return fail(BusinessErrors.REQUEST_PARAMETER_ERROR, `params.orderId: order "${orderId}" belongs to device "${order.iotId}", not "${iotId}"`);
  return { ok: true, value: order };
}

/** One page of a device's orders, newest first; pages count from 0. */
export function listOrders(ctx: CloudContext, iotId: string, pageNo: number, pageSize: number): Outcome<{ pageNo: number; pageSize: number; pageCount: number; total: number; orders: CloudOrder[] }> {
  const device = findDevice(ctx, iotId);
  if (!device.ok) return device;
  // Newest first; orders created at one instant (a frozen clock) newest-made first: reversed, then a stable sort.
  const all = [...ordersOfDevice(ctx.cloud, iotId)]
    .reverse()
    .sort((a, b) => b.createdAt - a.createdAt);
  const total = all.length;
  return {
    ok: true,
    value: { pageNo, pageSize, pageCount: Math.ceil(total / pageSize), total, orders: all.slice(pageNo * pageSize, (pageNo + 1) * pageSize) },
  };
}

/**
 * Makes an order take effect now (commodity/enable, freecloudstorage/enable): a waiting order
 * leaves its place and is placed as with immediateUse; one in effect comes back unchanged.
 */
export function enableOrder(ctx: CloudContext, order: CloudOrder): Outcome<CloudOrder> {
  if (order.frozen) return fail(BusinessErrors.REQUEST_PARAMETER_ERROR, `order "${order.orderId}" is frozen (status 2) and cannot take effect`);
  if (order.paymentStatus === 0) return fail(BusinessErrors.REQUEST_PARAMETER_ERROR, `order "${order.orderId}" is not paid (status 3) and cannot take effect`);
  const queue = queueOf(ctx.cloud, order.iotId);
  const standing = queue.standingOf(order.orderId, ctx.now);
  if (standing === 'over') return fail(BusinessErrors.REQUEST_PARAMETER_ERROR, `order "${order.orderId}" has expired (status 1)`);
  if (standing === 'in-effect') return { ok: true, value: order };
  return { ok: true, value: applyEnable(ctx, { kind: 'enable', now: ctx.now, orderId: order.orderId }) };
}

/** The order a change names, or an error naming the change (a replayed log that does not fit the state). */
function orderOf(ctx: CloudContext, change: CloudChange): CloudOrder {
  const order = ctx.cloud.orders.get(change.orderId);
  if (!order) throw new Error(`a ${change.kind} change names order "${change.orderId}", which does not exist`);
  return order;
}

/** A waiting order takes effect now. */
export function applyEnable(ctx: CloudContext, change: Extract<CloudChange, { kind: 'enable' }>): CloudOrder {
  const order = orderOf(ctx, change);
  // The queue only changes order, so its end stays where it is: no time-range check is needed.
  queueOf(ctx.cloud, order.iotId).enable(order.orderId, change.now);
  logChange(ctx, change);
  return order;
}

/** Freezes an order (status/set 2): it leaves the queue and the orders behind it move up. */
export function freezeOrder(ctx: CloudContext, order: CloudOrder): CloudOrder {
  if (order.frozen) return order;
  return applyFreeze(ctx, { kind: 'freeze', now: ctx.now, orderId: order.orderId });
}

/** The order leaves its queue, keeping the span it held. */
export function applyFreeze(ctx: CloudContext, change: Extract<CloudChange, { kind: 'freeze' }>): CloudOrder {
  const order = orderOf(ctx, change);
  order.frozenSpan = spanOf(ctx, order);
  queueOf(ctx.cloud, order.iotId).remove(order.orderId, change.now);
  order.frozen = true;
  logChange(ctx, change);
  return order;
}

/** What transfer is given, already type-checked. */
export interface TransferInput {
  srcIotId: string;
  srcOrderId: string;
  dstIotId: string;
  immediateUse: boolean;
  supportCrossIdentityTransfer: boolean;
  userName: string | null;
  userId: string | null;
  settings: RecordSettings;
}

/**
 * transfer: a paid order's remaining time moves from one device's queue to another's (same
 * orderId). Only between devices of its buyer unless supportCrossIdentityTransfer; never a free,
 * frozen, unpaid or expired order; never across projects.
 */
export function transferOrder(ctx: CloudContext, input: TransferInput): Outcome<CloudOrder> {
  const found = findOwnOrder(ctx, input.srcIotId, input.srcOrderId);
  if (!found.ok) return fixField(found, 'srcOrderId');
  const dst = findDevice(ctx, input.dstIotId);
  if (!dst.ok) return dst;
  const order = found.value;
  const bad = (why: string) => fail(BusinessErrors.REQUEST_PARAMETER_ERROR, why);
  if (input.dstIotId === input.srcIotId) return bad('params.dstIotId: the order is already on this device');
  const src = ctx.directory.devices.get(input.srcIotId)!;
  if (dst.value.projectId !== src.projectId) return bad(`params.dstIotId: device "${input.dstIotId}" is in project "${dst.value.projectId}", the order's in "${src.projectId}"`);
  if (order.orderType === 1) return bad(`order "${order.orderId}" is a free order (orderType 1): free plans do not transfer`);
  if (order.frozen) return bad(`order "${order.orderId}" is frozen (status 2)`);
  if (order.paymentStatus !== 1) return bad(`order "${order.orderId}" is not paid (status 3)`);
  const srcQueue = queueOf(ctx.cloud, order.iotId);
  const held = srcQueue.heldAfter(order.orderId, ctx.now);
  if (held <= 0) return bad(`order "${order.orderId}" has expired (status 1): nothing left to transfer`);
  const owner = order.identityId ?? src.identityId;
  if (!input.supportCrossIdentityTransfer && dst.value.identityId !== owner) {
    return fail(BusinessErrors.IDENTITY_NOT_BOUND, `params.dstIotId: device "${input.dstIotId}" belongs to "${dst.value.identityId}", the order to "${owner}"; send supportCrossIdentityTransfer true to move it across accounts`);
  }
  const reason = unavailableReason(ctx, input.dstIotId, order.pkg);
  if (reason) return bad(reason);
  const { dstIotId, immediateUse, userName, userId, settings } = input;
  return applyTransfer(ctx, { kind: 'transfer', now: ctx.now, orderId: order.orderId, dstIotId, identityId: dst.value.identityId, immediateUse, userName, userId, settings });
}

/** The time the order has left moves to the other device's queue; 460 when it would run past the range there, with nothing changed. */
export function applyTransfer(ctx: CloudContext, change: Extract<CloudChange, { kind: 'transfer' }>): Outcome<CloudOrder> {
  const order = orderOf(ctx, change);
  const srcQueue = queueOf(ctx.cloud, order.iotId);
  const held = srcQueue.heldAfter(order.orderId, change.now);
  const placed = placeOnQueue(ctx, { ...order, iotId: change.dstIotId }, change.immediateUse, 0, held);
  if (!placed.ok) return placed;
  srcQueue.remove(order.orderId, change.now);
  moveOrder(ctx.cloud, order, change.dstIotId);
  order.identityId = change.identityId;
  if (change.userName !== null) order.userName = change.userName;
  if (change.userId !== null) order.userId = change.userId;
  order.settings = { ...order.settings, ...change.settings };
  logChange(ctx, change);
  return { ok: true, value: order };
}

function fixField<T>(outcome: Outcome<T>, field: string): Outcome<T> {
  if (outcome.ok) return outcome;
  return { ...outcome, detail: outcome.detail.replace('params.orderId', `params.${field}`).replace('params.iotId', 'params.srcIotId') };
}

/**
 * status/set: 2 freezes the order (177894). 0 puts a frozen order back in use and leaves any other
 * as it is [model: the page names only 2, yet its request example sends 0]. 1 and 3 are states the
 * clock and payment give an order, not ones a caller sets: 460. Without deviceNoOwner the device's
 * administrator must be the order's buyer; with it, that check is skipped (177894).
 */
export function setOrderStatus(ctx: CloudContext, iotId: string, orderId: string, status: number, deviceNoOwner: boolean): Outcome<CloudOrder> {
  const found = findOwnOrder(ctx, iotId, orderId);
  if (!found.ok) return found;
  if (status !== 2 && status !== 0) return fail(BusinessErrors.REQUEST_PARAMETER_ERROR, `params.status: ${status} cannot be set; only 2 (frozen) and 0 (back in use) can`);
  const order = found.value;
  const admin = ctx.directory.devices.get(iotId)!.identityId;
  if (!deviceNoOwner && order.identityId !== admin) {
    return fail(BusinessErrors.IDENTITY_NOT_MANAGER, `order "${orderId}" was bought by "${order.identityId ?? 'no administrator'}", not by device "${iotId}"'s administrator "${admin}"; send deviceNoOwner true to set it anyway`);
  }
  if (status === 2) return { ok: true, value: freezeOrder(ctx, order) };
  if (!order.frozen) return { ok: true, value: order };
  return applyUnfreeze(ctx, { kind: 'unfreeze', now: ctx.now, orderId: order.orderId });
}

/**
 * A frozen order back in use [model]: it queues after the device's orders (as a purchase without
 * immediateUse would) with the time its span had left at this instant; with none left it takes its
 * span back, expired. 460 when the queue would run past the range, with nothing changed.
 */
export function applyUnfreeze(ctx: CloudContext, change: Extract<CloudChange, { kind: 'unfreeze' }>): Outcome<CloudOrder> {
  const order = orderOf(ctx, change);
  const span = order.frozenSpan!;
  const left = span.end - Math.max(span.start, change.now);
  if (left > 0) {
    const placed = placeOnQueue(ctx, order, false, 0, left);
    if (!placed.ok) return placed;
  } else {
    queueOf(ctx.cloud, order.iotId).place(order.orderId, span);
  }
  order.frozen = false;
  order.frozenSpan = null;
  logChange(ctx, change);
  return { ok: true, value: order };
}

/** What bind/order is given, already type-checked. */
export interface BindInput {
  iotId: string;
  orderId: string;
  userName: string | null;
  userId: string | null;
  settings: RecordSettings;
}

/** bind/order: the order now belongs to the device's current administrator (e.g. after a rebind). */
export function bindOrder(ctx: CloudContext, input: BindInput): Outcome<CloudOrder> {
  const found = findOwnOrder(ctx, input.iotId, input.orderId);
  if (!found.ok) return found;
  const order = found.value;
  if (order.frozen) return fail(BusinessErrors.REQUEST_PARAMETER_ERROR, `order "${order.orderId}" is frozen (status 2)`);
  const { userName, userId, settings } = input;
  return { ok: true, value: applyBind(ctx, { kind: 'bind', now: ctx.now, orderId: order.orderId, identityId: ctx.directory.devices.get(input.iotId)!.identityId, userName, userId, settings }) };
}

/** The order now belongs to the administrator the change names. */
export function applyBind(ctx: CloudContext, change: Extract<CloudChange, { kind: 'bind' }>): CloudOrder {
  const order = orderOf(ctx, change);
  order.identityId = change.identityId;
  if (change.userName !== null) order.userName = change.userName;
  if (change.userId !== null) order.userId = change.userId;
  order.settings = { ...order.settings, ...change.settings };
  logChange(ctx, change);
  return order;
}
