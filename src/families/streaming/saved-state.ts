/**
 * How this family's state lives in a --state-file (platform/family-state.ts): a row per order, its
 * periods as plain instants, and the changes the rules report (change-record.ts), replayed through
 * the rules the calls ran (changes.ts).
 */
import type { Fixtures } from '../../fixtures/schema.js';
import type { FamilyRow, SavedFamilyState } from '../../platform/family-state.js';
import type { FamilyWorld } from '../../platform/family-world.js';
import { OrderRecord, StreamingChange } from './change-record.js';
import { replayChange } from './changes.js';
import { orderFields, type OrderFields } from './order.js';
import { allDeviceOrders, allOrders, createEmptyStore, insertRow, STREAMING_KEY, streamingStoreOf } from './store.js';

/** Every order of the world's store, device by device, as it goes: a store of a million orders is never copied whole. */
function* rowsOf(world: FamilyWorld): Generator<FamilyRow<OrderFields>> {
  for (const order of allOrders(streamingStoreOf(world))) yield { key: order.orderId, value: orderFields(order) };
}

/** A store holding the orders the rows describe, each queued by where its time ends. */
function restore(world: FamilyWorld, rows: readonly OrderFields[], now: number): void {
  const store = createEmptyStore(world.fixtures, world.zone);
  for (const f of rows) {
    const { orderId, outOrderNo, iotId, periods, frozen, paymentStatus, settlesAt, createdAt } = f;
    const { identityId, commodityCode, commodityName, copies, months, price, userName, userId } = f;
    const terms = { identityId, commodityCode, commodityName, copies, months, price, userName, userId };
    insertRow(store, iotId, { orderId, outOrderNo, terms, periods, frozen, paymentStatus, settlesAt, createdAt }, now);
  }
  // Every unfrozen order joins its queue in the order of its end; each replayed change settles at its own instant.
  for (const d of allDeviceOrders(store)) d.rebuildQueue(Number.NEGATIVE_INFINITY);
  world.families[STREAMING_KEY] = store;
}

/** The commodityCode an order row, a create or a placed order names, when the fixtures have no such package. */
function missingPackage(fixtures: Fixtures, entry: OrderFields | StreamingChange): string | undefined {
  const code = 'kind' in entry ? (entry.kind === 'create' ? entry.commodityCode : entry.kind === 'place' ? entry.terms.commodityCode : undefined) : entry.commodityCode;
  return code === undefined || fixtures.packages.some((p) => p.commodityCode === code) ? undefined : `"${code}"`;
}

/** The family's saved state, as families/table.ts declares it. */
export const streamingSavedState: SavedFamilyState<OrderFields, StreamingChange> = {
  key: STREAMING_KEY,
  row: OrderRecord,
  change: StreamingChange,
  untaggedBeforeFormat4: true,
  // Periods' start and end, settle and creation instants, and the instant of each change.
  instantFields: ['start', 'end', 'settlesAt', 'createdAt', 'now'],
  missingPackage,
  rows: rowsOf,
  restore,
  replay: (world, change) => replayChange(streamingStoreOf(world), world.directory, change),
};
