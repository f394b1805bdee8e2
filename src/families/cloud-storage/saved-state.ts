/**
 * How this family's state lives in a --state-file (platform/family-state.ts): a row per order
 * (with its segments on the device's queue) and per device's free plan, and the changes the rules
 * log (change-record.ts), replayed through the same apply* functions the calls ran.
 */
import { REPLAY_IDS } from '../../core/ids.js';
import type { Fixtures } from '../../fixtures/schema.js';
import type { FamilyRow, SavedFamilyState } from '../../platform/family-state.js';
import type { FamilyWorld } from '../../platform/family-world.js';
import { CloudChange, CloudRow } from './change-record.js';
import { cloudStorageData, FAMILY_KEY } from './fixture-file.js';
import type { CloudOrder } from './order.js';
import type { Outcome } from '../../platform/outcome.js';
import { applyBind, applyBuy, applyConsume, applyEnable, applyFreeze, applyTransfer, applyUnfreeze, type CloudContext } from './rules.js';
import { addOrder, cloudStorageOf, emptyCloudStorageState, queueOf } from './state.js';

/** The rows of a world's cloud-storage state: orders in the order they were made (order/query breaks ties by it), then claimed free plans. */
function rowsOf(world: FamilyWorld, now: number): FamilyRow<CloudRow>[] {
  const state = cloudStorageOf(world, now);
  const rows: FamilyRow<CloudRow>[] = [];
  for (const o of state.orders.values()) {
    const segments = o.frozen ? [] : queueOf(state, o.iotId).segmentsOf(o.orderId).map((p) => ({ start: p.start, end: p.end }));
    const { pkg, frozenSpan } = o;
    rows.push({
      key: `order/${o.orderId}`,
      value: {
        kind: 'order', orderId: o.orderId, outOrderNo: o.outOrderNo, iotId: o.iotId, identityId: o.identityId, pkg: { ...pkg }, copies: o.copies,
        price: o.price, userName: o.userName, userId: o.userId, orderType: o.orderType, paymentStatus: o.paymentStatus, settlesAt: o.settlesAt,
        frozen: o.frozen, frozenSpan: frozenSpan && { start: frozenSpan.start, end: frozenSpan.end }, createdAt: o.createdAt, settings: { ...o.settings }, segments,
      },
    });
  }
  // A plan nobody claimed is what freeTrialOf makes again on first use (reads make them): not saved.
  for (const [iotId, trial] of state.freeTrials) {
    if (trial.claims.length === 0) continue;
    rows.push({ key: `trial/${iotId}`, value: { kind: 'trial', iotId, plan: { ...trial.plan }, claims: trial.claims.map((c) => ({ ...c })) } });
  }
  return rows;
}

/** The state the rows describe, with the fixtures' packages and free plan, put on the world. */
function restore(world: FamilyWorld, rows: readonly CloudRow[]): void {
  const state = emptyCloudStorageState(cloudStorageData(world.fixtures));
  for (const row of rows) {
    if (row.kind === 'trial') {
      state.freeTrials.set(row.iotId, { plan: row.plan, claims: row.claims.map((c) => ({ ...c })) });
      continue;
    }
    const { kind: _k, segments, ...fields } = row;
    const order: CloudOrder = fields;
    addOrder(state, order);
    if (!order.frozen) queueOf(state, order.iotId).restore(order.orderId, segments);
  }
  world.families[FAMILY_KEY] = state;
}

/** A logged change applied again at its own instant, with the ids it names. */
function replay(world: FamilyWorld, change: CloudChange): void {
  const ctx: CloudContext = { directory: world.directory, now: change.now, zone: world.zone, ids: REPLAY_IDS, cloud: cloudStorageOf(world, change.now), settleMs: 0 };
  const refused = (outcome: Outcome<unknown>) => {
    if (!outcome.ok) throw new Error(outcome.detail);
  };
  switch (change.kind) {
    case 'buy':
      return refused(applyBuy(ctx, change));
    case 'consume':
      return refused(applyConsume(ctx, change));
    case 'transfer':
      return refused(applyTransfer(ctx, change));
    case 'enable':
      applyEnable(ctx, change);
      return;
    case 'freeze':
      applyFreeze(ctx, change);
      break;
    case 'unfreeze':
      applyUnfreeze(ctx, change);
      return;
    case 'bind':
      applyBind(ctx, change);
      return;
  }
}

/** The package (code / specification) a bought order's row or a buy names, when the fixtures have no such package. */
function missingPackage(fixtures: Fixtures, entry: CloudRow | CloudChange): string | undefined {
  // A free order (orderType 1) comes from the free plan, not from a package on sale.
  const named = entry.kind === 'order' ? (entry.orderType === 1 ? undefined : entry.pkg) : entry.kind === 'buy' ? entry : undefined;
  if (named === undefined) return undefined;
  const sold = cloudStorageData(fixtures).packages.some((p) => p.commodityCode === named.commodityCode && p.specification === named.specification);
  return sold ? undefined : `"${named.commodityCode}" / "${named.specification}"`;
}

/** The family's saved state, as families.ts declares it. */
export const cloudStorageSavedState: SavedFamilyState<CloudRow, CloudChange> = {
  key: FAMILY_KEY,
  row: CloudRow,
  change: CloudChange,
  // Segments' and frozen spans' start and end, settle and creation instants, and the instant of each change.
  instantFields: ['start', 'end', 'settlesAt', 'createdAt', 'now'],
  missingPackage,
  rows: rowsOf,
  restore,
  replay,
};
