/** The cloud-storage lane of a device on the admin API and page: its orders with their segments. */
import type { AdminLane } from '../../platform/family-admin.js';
import { renderOrder } from './order.js';
import { contextAt } from './handlers.js';
import { spanOf } from './rules.js';
import { ordersOfDevice, queueOf } from './state.js';

const iso = (ms: number) => new Date(ms).toISOString();

/** A device's cloud-storage orders, oldest first, as the API renders them plus their periods and frozen flag; paged like 直播分享's. */
export const cloudStorageLane: AdminLane = {
  count: (world, iotId) => ordersOfDevice(contextAt(world, world.clock.now()).cloud, iotId).length,
  list(world, iotId, from, to) {
    const now = world.clock.now();
    const ctx = contextAt(world, now);
    const state = ctx.cloud;
    // The device's list is in arrival order; a transfer brings older orders in, so creation order is sorted for.
    const orders = [...ordersOfDevice(state, iotId)].sort((a, b) => a.createdAt - b.createdAt).slice(from, to);
    return orders.map((order) => {
      const span = spanOf(ctx, order);
      const periods = order.frozenSpan ? [order.frozenSpan] : queueOf(state, iotId).segmentsOf(order.orderId);
      return {
        ...renderOrder(order, span, now, world.zone),
        commodityName: order.pkg.commodityName,
        lifecycle: order.pkg.lifecycle,
        periods: periods.map((p) => ({ start: iso(p.start), end: iso(p.end) })),
        frozen: order.frozen,
      };
    });
  },
};
