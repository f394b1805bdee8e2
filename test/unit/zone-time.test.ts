import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRandom } from '../../src/core/random.js';
import { createWallClock, utcText } from '../../src/core/wall-clock.js';
import { createDayjsZoneTime, createZoneTime, isCalendarTime, parseInstant } from '../../src/core/zone-time.js';

// dayjs's tz() reads the zone's wall time back through the host's own zone, so inside a DST gap
// of the host zone it is an hour off; compared on a UTC host, it is the reference.
let hostZone: string | undefined;
beforeAll(() => {
  hostZone = process.env.TZ;
  process.env.TZ = 'UTC';
});
afterAll(() => {
  if (hostZone === undefined) delete process.env.TZ;
  else process.env.TZ = hostZone;
});

const ZONES = [
  'Asia/Shanghai', // the default; had DST 1986-1991
  'UTC',
  'America/New_York',
  'Europe/London',
  'Europe/Dublin', // negative DST in tzdata
  'Australia/Lord_Howe', // 30-minute DST
  'Asia/Kathmandu', // +05:45
  'Pacific/Chatham', // +12:45 / +13:45
  'America/St_Johns', // -03:30 with DST
  'Africa/Casablanca', // DST suspended each Ramadan
  'Pacific/Apia', // skipped 2011-12-30
  'America/Sao_Paulo',
];

const YEAR = 365.25 * 86_400_000;
const at = (iso: string) => Date.parse(iso);

/** Instants spread over 1900..2200 with sub-second parts, plus DST edges and far-future queue ends. */
function instants(seed: number, count: number): number[] {
  const random = createRandom(seed);
  const out: number[] = [];
  for (let i = 0; i < count; i++) out.push(Math.floor(at('1900-01-01T00:00:00Z') + random.next() * 300 * YEAR));
  for (const edge of ['2024-03-10T06:30:00Z', '2024-03-31T00:30:00Z', '2024-10-27T00:30:00Z', '2024-11-03T05:30:00Z', '2024-04-06T14:30:00Z', '2024-09-28T13:30:00Z', '1991-04-13T17:30:00Z']) {
    for (let m = 0; m <= 120; m += 15) out.push(at(edge) + m * 60_000, at(edge) + m * 60_000 + 999);
  }
  // An order queue that runs far ahead: years past 9999 are written in full.
  out.push(at('+012000-01-31T16:00:00.250Z'), at('+099999-12-31T23:59:59Z'), at('2024-01-31T02:00:00Z'), at('2024-02-29T15:59:59Z'));
  return out;
}

describe('zone time: the cached-formatter fast path answers exactly as dayjs', () => {
  for (const [index, zone] of ZONES.entries()) {
    it(`formatLocal, formatUtc, compact and addMonths in ${zone}`, () => {
      const fast = createZoneTime(zone);
      const reference = createDayjsZoneTime(zone);
      const random = createRandom(1000 + index);
      for (const ms of instants(index + 1, 100)) {
        expect(fast.formatLocal(ms), `formatLocal ${ms}`).toBe(reference.formatLocal(ms));
        expect(fast.formatUtc(ms), `formatUtc ${ms}`).toBe(reference.formatUtc(ms));
        expect(fast.compact(ms), `compact ${ms}`).toBe(reference.compact(ms));
        const months = Math.floor(random.next() * 145) - 24;
        expect(fast.addMonths(ms, months), `addMonths ${ms} ${months}`).toBe(reference.addMonths(ms, months));
      }
    });
  }

  it('keeps the calendar rules: month ends clamp, leap years, and the zone of the start', () => {
    const zone = createZoneTime('Asia/Shanghai');
    // 2024-01-31 10:00 in Shanghai + 1 month = 2024-02-29 10:00 (leap year), + 13 months = 2025-02-28.
    expect(zone.formatLocal(zone.addMonths(at('2024-01-31T02:00:00Z'), 1))).toBe('2024-02-29 10:00:00');
    expect(zone.formatLocal(zone.addMonths(at('2024-01-31T02:00:00Z'), 13))).toBe('2025-02-28 10:00:00');
    expect(zone.compact(at('2024-11-15T02:00:00Z'))).toBe('20241115100000');
    expect(zone.formatUtc(at('2024-11-15T02:00:00.999Z'))).toBe('2024-11-15T02:00:00Z');
  });

  it('leaves to dayjs what the fast path cannot be sure of', () => {
    const shanghai = createWallClock('Asia/Shanghai');
    // Local mean time before 1901 is +08:05:43: an offset with seconds.
    expect(shanghai.at(at('1900-06-01T00:00:00Z'))).toBeNull();
    expect(shanghai.at(at('0500-06-01T00:00:00Z'))).toBeNull();
    expect(shanghai.addMonths(at('2024-01-31T02:00:00Z'), 1.5)).toBeNull();
    expect(utcText(Number.NaN)).toBeNull();
    expect(shanghai.at(at('2024-11-15T02:00:00Z'))).toMatchObject({ text: '2024-11-15 10:00:00', offsetMs: 8 * 3_600_000 });
  });
});

describe('parseInstant keeps to the calendar', () => {
  const zone = createZoneTime('Asia/Shanghai');
  it('reads real days, leap days included, and refuses days and times the calendar lacks', () => {
    expect(parseInstant('2024-02-29T00:00:00Z', 0, zone)).toBe(Date.parse('2024-02-29T00:00:00Z'));
    expect(parseInstant('2000-02-29 08:00:00', 0, zone)).toBe(Date.parse('2000-02-29T00:00:00Z'));
    for (const text of ['2024-02-30T00:00:00Z', '2023-02-29T00:00:00Z', '1900-02-29T00:00:00Z', '2024-13-01T00:00:00Z', '2024-00-10T00:00:00Z', '2024-06-31 10:00:00', '2024-01-01T24:00:00Z', '2024-01-01T10:60:00Z']) {
      expect(isCalendarTime(text), text).toBe(false);
      expect(parseInstant(text, 0, zone), text).toBeNull();
    }
  });
});
