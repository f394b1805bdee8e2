import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc.js';
import timezone from 'dayjs/plugin/timezone.js';
import { createWallClock } from './wall-clock.js';

dayjs.extend(utc);
dayjs.extend(timezone);

/** Calendar arithmetic and wire formats for one IANA time zone. */
export interface ZoneTime {
  readonly zone: string;
  /** `YYYY-MM-DD HH:mm:ss` in the zone (the API's startTime / endTime). */
  formatLocal(ms: number): string;
  /** `YYYY-MM-DDTHH:mm:ssZ` (the API's startTimeUTC / endTimeUTC). */
  formatUtc(ms: number): string;
  /** `yyyyMMddHHmmss` in the zone, the head of an orderId. */
  compact(ms: number): string;
  /** Add calendar months in the zone; a day past the month's end clamps (Jan 31 + 1 month = Feb 28/29). */
  addMonths(ms: number, months: number): number;
  /** The earliest instant the emulator shows or accepts: 1970-01-01 00:00:00 in the zone, never before the epoch. */
  readonly minInstant: number;
  /**
   * The latest instant the emulator shows or accepts: 9999-12-31 23:59:59.999 in the zone or in UTC,
   * whichever comes first, so that both startTime/endTime and startTimeUTC/endTimeUTC keep four-digit years.
   */
  readonly maxInstant: number;
}

/** True when `ms` is a finite instant inside the showable range (years 1970..9999 in the zone and in UTC). */
export function isShowable(zone: ZoneTime, ms: number): boolean {
  return Number.isFinite(ms) && ms >= zone.minInstant && ms <= zone.maxInstant;
}

/** Why `ms` is not showable, for an error detail; null when it is. */
export function outOfRangeReason(zone: ZoneTime, ms: number): string | null {
  if (isShowable(zone, ms)) return null;
  return `instants must lie between 1970-01-01 00:00:00 and 9999-12-31 23:59:59 in ${zone.zone}, and between 1970-01-01T00:00:00Z and 9999-12-31T23:59:59Z in UTC`;
}

/** The last millisecond of the year 9999 in UTC: past it, startTimeUTC/endTimeUTC would need five digits. */
const LAST_UTC_INSTANT = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/**
 * The showable range of a zone. Both wire texts have four-digit years (the API's local
 * `YYYY-MM-DD HH:mm:ss` and its `YYYY-MM-DDTHH:mm:ssZ`), so the range is where both are: west of
 * UTC the UTC text leaves 9999 first, east of it the local text (and the local text reaches 1970
 * after the epoch, the UTC text's first instant here).
 */
function rangeOf(zone: string): { minInstant: number; maxInstant: number } {
  return {
    minInstant: Math.max(0, dayjs.tz('1970-01-01 00:00:00', zone).valueOf()),
    maxInstant: Math.min(LAST_UTC_INSTANT, dayjs.tz('9999-12-31 23:59:59', zone).valueOf() + 999),
  };
}

/** True when the runtime knows the IANA zone name. */
export function isValidZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Zone arithmetic over dayjs alone: the reference the fast path must equal, and its fallback. */
export function createDayjsZoneTime(zone: string): ZoneTime {
  if (!isValidZone(zone)) throw new Error(`unknown time zone "${zone}": use an IANA name such as Asia/Shanghai`);
  return {
    zone,
    ...rangeOf(zone),
    formatLocal: (ms) => dayjs(ms).tz(zone).format('YYYY-MM-DD HH:mm:ss'),
    formatUtc: (ms) => dayjs(ms).utc().format('YYYY-MM-DDTHH:mm:ss[Z]'),
    compact: (ms) => dayjs(ms).tz(zone).format('YYYYMMDDHHmmss'),
    addMonths: (ms, months) => dayjs(ms).tz(zone).add(months, 'month').valueOf(),
  };
}

/**
 * Zone arithmetic; every call takes the instant, none reads the clock. Answers as dayjs does,
 * through a cached Intl formatter (wall-clock.ts), with dayjs itself where the fast path is unsure.
 */
export function createZoneTime(zone: string): ZoneTime {
  const slow = createDayjsZoneTime(zone);
  const wall = createWallClock(zone);
  return {
    zone,
    minInstant: slow.minInstant,
    maxInstant: slow.maxInstant,
    formatLocal: (ms) => wall.at(ms)?.text ?? slow.formatLocal(ms),
    formatUtc: (ms) => wall.utc(ms) ?? slow.formatUtc(ms),
    compact: (ms) => wall.at(ms)?.compact ?? slow.compact(ms),
    addMonths: (ms, months) => wall.addMonths(ms, months) ?? slow.addMonths(ms, months),
  };
}

const RELATIVE = /^now(?:([+-])(\d+)(ms|s|m|h|d|w|M|y))?$/;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** A date (and time) at the start of a text: year, month, day, then hour, minute, second when given. */
const DATE_FIELDS = /^([+-]?\d{4,6})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?/;
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * False when a text starting with a date names a day or time the calendar does not have
 * ("2024-02-30", "2023-02-29", "2024-13-01", "T24:00"): Date.parse and dayjs roll those over to
 * the next month or day, which no caller meant. Texts that start otherwise are left to the parser.
 * @example
 * isCalendarTime('2024-02-29T00:00:00Z'); // true
 * isCalendarTime('2024-02-30T00:00:00Z'); // false
 */
export function isCalendarTime(text: string): boolean {
  const m = DATE_FIELDS.exec(text.trim());
  if (!m) return true;
  const [year, month, day, hour = 0, minute = 0, second = 0] = m.slice(1).map((v) => (v === undefined ? undefined : Number(v))) as number[];
  if (month! < 1 || month! > 12 || day! < 1) return false;
  const leap = (year! % 4 === 0 && year! % 100 !== 0) || year! % 400 === 0;
  const days = month === 2 && leap ? 29 : MONTH_DAYS[month! - 1]!;
  return day! <= days && hour <= 23 && minute <= 59 && second <= 59;
}

/**
 * An instant given as ISO 8601 text, epoch milliseconds, or relative to `nowMs`
 * ("now", "now-10d", "now+3M"; months and years are calendar units in the zone).
 * Returns null when the text is none of these, or names a day the calendar lacks ("2024-02-30").
 */
export function parseInstant(text: string | number, nowMs: number, zoneTime: ZoneTime): number | null {
  if (typeof text === 'number') return Number.isFinite(text) ? text : null;
  const rel = RELATIVE.exec(text.trim());
  if (rel) {
    if (!rel[1]) return nowMs;
    const n = Number(rel[2]) * (rel[1] === '-' ? -1 : 1);
    const unit = rel[3]!;
    if (unit === 'M') return zoneTime.addMonths(nowMs, n);
    if (unit === 'y') return zoneTime.addMonths(nowMs, n * 12);
    return nowMs + n * UNIT_MS[unit]!;
  }
  if (!isCalendarTime(text)) return null;
  // A bare local time ("2024-01-31 10:00:00") is read in the zone, as the API writes it.
  if (/^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2})?$/.test(text.trim())) {
    const parsed = dayjs.tz(text.trim().replace('T', ' '), zoneTime.zone);
    return parsed.isValid() ? parsed.valueOf() : null;
  }
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : ms;
}

/** Milliseconds of a duration such as "40d", "90m", "2M" (calendar months from `fromMs`). */
export function parseDuration(text: string, fromMs: number, zoneTime: ZoneTime): number | null {
  const m = /^(-?\d+)(ms|s|m|h|d|w|M|y)$/.exec(text.trim());
  if (!m) return null;
  const n = Number(m[1]);
  const unit = m[2]!;
  if (unit === 'M') return zoneTime.addMonths(fromMs, n) - fromMs;
  if (unit === 'y') return zoneTime.addMonths(fromMs, n * 12) - fromMs;
  return n * UNIT_MS[unit]!;
}
