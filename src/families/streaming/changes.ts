/**
 * Replaying changes (rules.ts reports them, change-record.ts defines them): what a state file does
 * at start with the changes it logged, and how the admin API applies its edits.
 */
import { REPLAY_IDS } from '../../core/ids.js';
import type { Directory } from '../../platform/directory.js';
import type { StreamingChange } from './change-record.js';
import { setFrozen } from './timeline.js';
import { createOrder, enableOwnOrder, payOrder, type StreamingContext } from './rules.js';
import { findOrderAnywhere, insertRow, ordersOf, writable, type StreamingStore } from './store.js';

/** Applies a change again (a state file's log at start) to a store over `directory`; throws when the store cannot take it. */
export function replayChange(store: StreamingStore, directory: Directory, change: StreamingChange): void {
  const ctx: StreamingContext = { directory, store, now: change.now, zone: store.zone, ids: REPLAY_IDS };
  switch (change.kind) {
    case 'create': {
      const { kind: _k, now: _n, orderId, outOrderNo, ...input } = change;
      const done = createOrder(ctx, { ...input, ids: { orderId, outOrderNo } });
      if (!done.ok) throw new Error(done.detail);
      return;
    }
    case 'pay': {
      const done = payOrder(ctx, change.iotId, change.orderId, change.settleMs);
      if (!done.ok) throw new Error(done.detail);
      return;
    }
    case 'enable': {
      const done = enableOwnOrder(ctx, change.iotId, change.orderId);
      if (!done.ok) throw new Error(done.detail);
      return;
    }
    case 'place':
      placeOrder(store, change);
      return;
    case 'edit':
      if (!editOrder(store, change)) throw new Error(`no order "${change.orderId}"`);
      return;
  }
}

/** Puts an order with resolved instants on its device (admin, state files); queued when it holds time at `now`. */
export function placeOrder(store: StreamingStore, change: Extract<StreamingChange, { kind: 'place' }>): void {
  const { now, iotId, kind: _k, ...fields } = change;
  const orders = ordersOf(store, iotId);
  orders.settle(now);
  const order = insertRow(store, iotId, { ...fields, settlesAt: null }, now);
  if (!fields.frozen && orders.lastEnd(order.row) > now) orders.enqueue(order.row);
}

/** Freezes, unfreezes or sets the payment status of an order (admin); false when there is no such order. */
export function editOrder(store: StreamingStore, change: Extract<StreamingChange, { kind: 'edit' }>): boolean {
  const found = findOrderAnywhere(store, change.orderId);
  if (!found) return false;
  const order = writable(store, found);
  if (change.frozen !== undefined) setFrozen(order.device, order.row, change.frozen, change.now);
  if (change.paymentStatus !== undefined) order.device.setPayment(order.row, change.paymentStatus, null);
  return true;
}

export type { StreamingChange } from './change-record.js';
