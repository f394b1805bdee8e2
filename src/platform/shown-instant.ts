/**
 * Whether an order's times can be shown on the wire, for every family's purchase rules: the API
 * writes each time twice, `endTime` in the zone and `endTimeUTC` in UTC, both with four-digit
 * years ([model]: the pages' formats, yyyy-MM-dd HH:mm:ss and yyyy-MM-ddTHH:mm:ssZ, have no room
 * for a fifth digit, so the emulator refuses rather than answer a text no client parses).
 */
import type { ZoneTime } from '../core/zone-time.js';
import { BusinessErrors } from '../errors/catalogue.js';
import { fail, type Failure } from './outcome.js';

/** True when every instant given is finite and can be shown in the zone and in UTC (zone.maxInstant is the earlier of the two ends). */
export function showable(zone: ZoneTime, ...instants: number[]): boolean {
  return instants.every((ms) => ms >= zone.minInstant && ms <= zone.maxInstant);
}

/** The 460 of a purchase whose times would leave the showable range, saying how to get out. */
export function pastTheRange(zone: ZoneTime, iotId: string): Failure {
  return fail(
    BusinessErrors.REQUEST_PARAMETER_ERROR,
    `device "${iotId}": this order would place a period after 9999-12-31 23:59:59 in ${zone.zone} or after 9999-12-31T23:59:59Z in UTC, ` +
      'the last time the API can show. Reset the device (POST /__admin/reset, or a new session), or spread the load over more devices (--synthetic-devices N).',
  );
}
