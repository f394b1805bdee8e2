/**
 * The 直播分享 business operations over a store. No Fastify, no Node built-ins: the clock
 * reading, zone and id source come in through the context.
 */
import { BusinessErrors, type BusinessError } from '../../errors/catalogue.js';
import type { IdSource } from '../../core/ids.js';
import type { ZoneTime } from '../../core/zone-time.js';
import type { DeviceFixture } from '../../fixtures/schema.js';
import { Order } from './order.js';
import { termsFor } from './order-terms.js';
import { insertOrder, newOrderId, newOutOrderNo, timelineOf, type StreamingStore } from './store.js';
import { openGapAt, queueEnd } from './timeline.js';

/** What an operation sees of its world for one call. */
export interface StreamingContext {
  store: StreamingStore;
  /** The clock's reading for this call: one instant for the whole operation. */
  now: number;
  zone: ZoneTime;
  ids: IdSource;
  /** The calling app's project, when the caller is known (signed requests); devices of other projects are 403. */
  callerProjectId?: string;
}

/**
 * A result or a business error with the precise reason (which goes to the header, the log and the journal).
 * `changed` lists every order the operation created or moved, for the caller to persist.
 */
export type Outcome<T> = { ok: true; value: T; changed?: Order[] } | { ok: false; error: BusinessError; detail: string };

/** A failed outcome. */
export function fail(error: BusinessError, detail: string): { ok: false; error: BusinessError; detail: string } {
  return { ok: false, error, detail };
}

/** The device an API call names, or 2063 (unknown) / 403 (forbidden, or another project's). */
export function findDevice(ctx: StreamingContext, iotId: string): Outcome<DeviceFixture> {
  const device = ctx.store.devices.get(iotId);
  if (!device) return fail(BusinessErrors.IOTID_NOT_EXIST, `params.iotId: no device "${iotId}" in the fixtures`);
  if (device.forbidden) return fail(BusinessErrors.REQUEST_FORBIDDEN, `device "${iotId}" is marked forbidden in the fixtures`);
  if (ctx.callerProjectId !== undefined && device.projectId !== ctx.callerProjectId) {
    return fail(
      BusinessErrors.REQUEST_FORBIDDEN,
      `device "${iotId}" belongs to project "${device.projectId}", the calling app to "${ctx.callerProjectId}"`,
    );
  }
  return { ok: true, value: device };
}

/** The parameters of order/create, already type-checked. */
export interface CreateOrderInput {
  iotId: string;
  commodityCode: string;
  copies: number;
  userName: string | null;
  userId: string | null;
  immediateUse: boolean;
}

/**
 * Creates an unpaid order. Without immediateUse it queues after the device's unexpired,
 * unfrozen orders; with it, it starts now and pushes the order in effect and the queue later.
 */
export function createOrder(ctx: StreamingContext, input: CreateOrderInput): Outcome<Order> {
  const device = findDevice(ctx, input.iotId);
  if (!device.ok) return device;
  const pkg = ctx.store.packages.get(input.commodityCode);
  if (!pkg) {
    const known = [...ctx.store.packages.keys()].join(', ');
    return fail(BusinessErrors.REQUEST_PARAMETER_ERROR, `params.commodityCode: unknown package "${input.commodityCode}"; known: ${known}`);
  }
  const { now, zone } = ctx;
  const timeline = timelineOf(ctx.store, input.iotId);
  const start = input.immediateUse ? now : queueEnd(timeline, now);
  const end = zone.addMonths(start, pkg.months * input.copies);
  const moved = input.immediateUse ? openGapAt(timeline, now, end - start) : [];
  const order = new Order(
    newOrderId(ctx.store, ctx.ids, zone, now),
    newOutOrderNo(ctx.store, ctx.ids),
    // Load tests repeat a few packages and users per device: one terms record for each combination.
    termsFor(ctx.store, device.value, pkg, input.copies, input.userName, input.userId),
    start,
    end,
    now,
  );
  insertOrder(ctx.store, order);
  return { ok: true, value: order, changed: [...moved, order] };
}
