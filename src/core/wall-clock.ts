/**
 * The wall clock of an IANA zone at an instant, read through one cached Intl.DateTimeFormat.
 * dayjs's tz() builds a new formatter (toLocaleString) on every call, about 100 times slower;
 * this is the hot path of every order rendered.
 * Bench (core-cost, the create rules step): 20-37 µs per create with it, 795-1 042 µs with dayjs alone. Each function answers null where it is not
 * sure to match dayjs exactly (instants before 1970 or near the end of Date, offsets with seconds), and the caller
 * then asks dayjs.
 */

/** Wall-clock fields of an instant in a zone; `offsetMs` = wall time read as UTC minus the instant. */
export interface WallTime {
  /** `YYYY-MM-DD HH:mm:ss` */
  readonly text: string;
  /** `YYYYMMDDHHmmss` */
  readonly compact: string;
  readonly year: number;
  /** 1..12 */
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly offsetMs: number;
}

// sv-SE writes exactly `YYYY-MM-DD HH:mm:ss`; the shape is still checked, so an ICU that writes
// it otherwise only costs the fast path, never a wrong answer.
const WALL = /^(\d{4,6})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;
// From 1970 (dayjs's month arithmetic drifts on negative epoch values, and sv-SE does not pad
// years before 1000) to a year short of the largest Date, so adding months cannot overflow unnoticed.
const MIN_MS = 0;
const MAX_MS = 8.64e15 - 400 * 86_400_000;
const CACHE_SIZE = 4096;

/** A reader of one zone's wall clock. */
export interface WallClock {
  /** The wall time at `ms`, or null outside the fast path. */
  at(ms: number): WallTime | null;
  /** utcText(ms), cached by the second. */
  utc(ms: number): string | null;
  /** `ms` plus calendar months the way dayjs's tz().add(n, 'month') counts them, or null outside the fast path. */
  addMonths(ms: number, months: number): number | null;
}

/**
 * `read` remembered for the last few thousand seconds asked. A text only depends on the second,
 * and a burst of requests reads the same few (now, now + a package's months).
 */
function cachedBySecond<T>(read: (second: number) => T): (second: number) => T {
  const cache = new Map<number, T>();
  return (second) => {
    let value = cache.get(second);
    if (value === undefined) {
      if (cache.size >= CACHE_SIZE) cache.clear();
      value = read(second);
      cache.set(second, value);
    }
    return value;
  };
}

/** A wall-clock reader for `zone` (an IANA name the runtime knows). */
export function createWallClock(zone: string): WallClock {
  const format = new Intl.DateTimeFormat('sv-SE', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
  const at = (ms: number): WallTime | null => (ms >= MIN_MS && ms <= MAX_MS ? wallBySecond(Math.floor(ms / 1000)) : null);
  const readWall = (ms: number): WallTime | null => {
    const text = format.format(ms);
    const m = WALL.exec(text);
    if (!m) return null;
    const year = Number(m[1]);
    const month = Number(m[2]);
    const day = Number(m[3]);
    const hour = Number(m[4]);
    const minute = Number(m[5]);
    const second = Number(m[6]);
    const offsetMs = Date.UTC(year, month - 1, day, hour, minute, second) - ms;
    // Local mean times before 1900 or so have offsets with seconds, which dayjs rounds to minutes.
    if (offsetMs % 60_000 !== 0) return null;
    const compact = m[1]! + m[2]! + m[3]! + m[4]! + m[5]! + m[6]!;
    return { text, compact, year, month, day, hour, minute, second, offsetMs };
  };
  const wallBySecond = cachedBySecond((second) => readWall(second * 1000));
  const utcBySecond = cachedBySecond((second) => utcText(second * 1000));
  return {
    at,
    utc: (ms) => (ms >= MIN_MS && ms <= MAX_MS ? utcBySecond(Math.floor(ms / 1000)) : null),
    addMonths(ms, months) {
      if (!Number.isSafeInteger(months)) return null;
      const wall = at(ms);
      if (!wall) return null;
      // dayjs moves the wall clock by whole months, clamps the day to the new month's length and
      // keeps the offset of the start (it does not re-read the zone at the result).
      const index = wall.month - 1 + months;
      const year = wall.year + Math.floor(index / 12);
      const month = index - Math.floor(index / 12) * 12;
      if (year < 1000) return null;
      const daysInMonth = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
      const day = Math.min(wall.day, daysInMonth);
      const fraction = ms - Math.floor(ms / 1000) * 1000;
      const result = Date.UTC(year, month, day, wall.hour, wall.minute, wall.second) + fraction - wall.offsetMs;
      return result >= MIN_MS && result <= MAX_MS ? result : null;
    },
  };
}

/** `YYYY-MM-DDTHH:mm:ssZ` of `ms` (a year past 9999 written in full, as dayjs does), or null outside the fast path. */
export function utcText(ms: number): string | null {
  if (!(ms >= MIN_MS && ms <= MAX_MS)) return null;
  const iso = new Date(ms).toISOString();
  // Years past 9999 come as "+012000-07-01T…".
  return iso[0] === '+' ? `${Number(iso.slice(1, 7))}${iso.slice(7, 22)}Z` : `${iso.slice(0, 19)}Z`;
}
