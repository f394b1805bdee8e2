import type { ZoneTime } from '../core/zone-time.js';

/**
 * A fixture's orderId with the creation time it names made `createdAt` (yyyyMMddHHmmss in the
 * zone, then the id's own 7 digits). An orderId starts with its creation time (190252's example):
 * fixture times are relative ("now-10d"), so the id follows the instant the world starts at [model].
 */
export function orderIdCreatedAt(orderId: string, createdAt: number, zone: ZoneTime): string {
  // A masked id a page's example prints ("20221102165******0001") is kept as printed, so the example works as pasted.
  if (!/^\d{21}$/.test(orderId)) return orderId;
  return zone.compact(createdAt) + orderId.slice(14);
}
