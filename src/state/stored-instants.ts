/**
 * Instants in stored rows and changes are checked on load with the range every other input gets
 * (core/zone-time.ts outOfRangeReason): a row edited by hand, or written by a build that let an
 * instant past year 9999 through, must not load and then show "Invalid Date" or a five-digit year.
 */
import { outOfRangeReason, type ZoneTime } from '../core/zone-time.js';

/**
 * The first field named in `instantFields` (at any depth of `value`) holding an instant the zone
 * cannot show, as `path: reason`; null when there is none.
 * @example
 * outOfRangeInstant({ periods: [{ start: 0, end: 9e15 }] }, new Set(['start', 'end']), createZoneTime('Asia/Shanghai'));
 * // 'periods.0.end: 9000000000000000 is out of range: instants must lie between ...'
 */
export function outOfRangeInstant(value: unknown, instantFields: ReadonlySet<string>, zone: ZoneTime, path = ''): string | null {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = outOfRangeInstant(value[i], instantFields, zone, `${path}${i}.`);
      if (found) return found;
    }
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  for (const [key, field] of Object.entries(value)) {
    if (typeof field === 'number' && instantFields.has(key)) {
      const outside = outOfRangeReason(zone, field);
      if (outside) return `${path}${key}: ${field} is out of range: ${outside}`;
    } else if (typeof field === 'object' && field !== null) {
      const found = outOfRangeInstant(field, instantFields, zone, `${path}${key}.`);
      if (found) return found;
    }
  }
  return null;
}
