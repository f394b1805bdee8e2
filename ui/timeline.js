// The timeline drawn to scale: pure functions from orders and the emulator's clock to
// positions, states and month ticks. No DOM here.

/** An instant from the admin API (epoch ms, or an ISO string) as epoch ms. */
export function toMs(value) {
  if (typeof value === 'number') return value;
  if (typeof value === 'string') {
    const ms = Date.parse(value);
    if (!Number.isNaN(ms)) return ms;
  }
  return Number.NaN;
}

/** The order's periods as [{start, end}] in epoch ms, falling back to its UTC start/end fields. */
export function periodsOf(order) {
  const raw = Array.isArray(order.periods) && order.periods.length > 0
    ? order.periods
    : [{ start: order.startTimeUTC, end: order.endTimeUTC }];
  return raw
    .map((p) => ({ start: toMs(p.start), end: toMs(p.end) }))
    .filter((p) => Number.isFinite(p.start) && Number.isFinite(p.end) && p.end > p.start);
}

/**
 * What a bar shows: frozen, expired, in-effect or waiting. Frozen and expired come from the
 * API's own status (read at the emulator's now); in effect means a period contains now.
 */
export function orderState(order, nowMs) {
  if (order.frozen === true || order.status === 2) return 'frozen';
  if (order.status === 1) return 'expired';
  const periods = periodsOf(order);
  if (periods.length > 0 && periods[periods.length - 1].end <= nowMs) return 'expired';
  return periods.some((p) => p.start <= nowMs && nowMs < p.end) ? 'in-effect' : 'waiting';
}

/** The mark each state shows beside its fill, so that states differ by more than colour. */
export const STATE_ICON = { 'in-effect': '▶', waiting: '◷', expired: '■', frozen: '❄' };

/**
 * What tells bars apart, short enough for a narrow bar: months bought (times copies) and quota,
 * e.g. "3M·20" or "1M·10 ×2" (two copies of a month); a cloud-storage order its months and the
 * days its video is kept ("12M·7d"). The quota comes from the package list; without it, the code.
 */
export function shortLabel(order, pkg) {
  // An order's months are the package's times its copies: the package's months, then the copies.
  const months = Number(pkg?.months ?? order.months / (order.copies || 1));
  const quota = pkg?.quota;
  const copies = order.copies > 1 ? ` ×${order.copies}` : '';
  if (Number.isFinite(months) && quota !== undefined) return `${months}M·${quota}${copies}`;
  const lifecycle = order.lifecycle ?? pkg?.lifecycle;
  if (lifecycle !== undefined) {
    const bought = Number(order.months ?? pkg?.months);
    return `${Number.isFinite(bought) ? `${bought}M·` : ''}${lifecycle}d${copies}`;
  }
  return `${String(order.commodityCode ?? '').replace(/^streamingResource_/, '')}${copies}`;
}

/**
 * A package name without the words every name of its family starts with, and without brackets:
 * "视频设备分享增值服务(20人分享10人同时可看)月套餐" reads "20人分享10人同时可看 月套餐".
 */
export function distinctName(name, sharedPrefix = '') {
  const rest = sharedPrefix && name.startsWith(sharedPrefix) && name.length > sharedPrefix.length ? name.slice(sharedPrefix.length) : name;
  return rest.replace(/[()（）]/g, ' ').replace(/\s+/g, ' ').trim();
}

/** The words every name starts with ("视频设备分享增值服务"); '' when they differ from the first character. */
export function sharedPrefix(names) {
  if (names.length < 2) return '';
  let prefix = names[0];
  for (const name of names) while (!name.startsWith(prefix)) prefix = prefix.slice(0, -1);
  return prefix;
}

const DAY = 86_400_000;

/** The window a page opens on: a month and a half before now to four and a half after, where orders are bought and queue. */
export function defaultWindow(nowMs) {
  return { start: nowMs - 45 * DAY, end: nowMs + 135 * DAY };
}

/** The window `factor` times as wide (below 1: zoomed in), around `centerMs`; never under a day or past 9999. */
export function zoomWindow(window, factor, centerMs = (window.start + window.end) / 2) {
  const span = Math.min(Math.max((window.end - window.start) * factor, DAY), 8000 * 365 * DAY);
  const ratio = (centerMs - window.start) / (window.end - window.start);
  const start = centerMs - span * ratio;
  return { start, end: start + span };
}

/** The window moved by `fraction` of its width (negative: back in time). */
export function panWindow(window, fraction) {
  const by = (window.end - window.start) * fraction;
  return { start: window.start + by, end: window.end + by };
}

/** The window of the same width with `nowMs` where the default window has it. */
export function windowAround(window, nowMs) {
  const span = window.end - window.start;
  return { start: nowMs - span / 4, end: nowMs + (span * 3) / 4 };
}

/** paid, unpaid or paying, from the documented paymentStatus values. */
export function paymentState(order) {
  if (order.paymentStatus === 1) return 'paid';
  if (order.paymentStatus === 2) return 'paying';
  return 'unpaid';
}

/**
 * The common axis of every timeline: all periods and now, with a margin on each side so that
 * bars touching the edges stay visible. Returns {start, end} in epoch ms.
 */
export function axisRange(orders, nowMs) {
  let start = nowMs;
  let end = nowMs;
  for (const order of orders) {
    for (const p of periodsOf(order)) {
      start = Math.min(start, p.start);
      end = Math.max(end, p.end);
    }
  }
  const day = 86_400_000;
  // Always show at least a month after now: that is where new orders land.
  end = Math.max(end, nowMs + 31 * day);
  const margin = Math.max((end - start) * 0.03, day);
  return { start: start - margin, end: end + margin };
}

/** Where an instant sits on the axis, as a percentage of its width. */
export function percentOf(ms, axis) {
  return ((ms - axis.start) / (axis.end - axis.start)) * 100;
}

/**
 * Lanes so that bars never overlap: each order takes the first lane where none of its periods
 * meets a period already there (a frozen order can overlap the orders that replaced it).
 * Returns a Map order -> lane index.
 */
export function packLanes(orders) {
  const lanes = [];
  const result = new Map();
  const sorted = [...orders].sort((a, b) => (periodsOf(a)[0]?.start ?? 0) - (periodsOf(b)[0]?.start ?? 0));
  for (const order of sorted) {
    const periods = periodsOf(order);
    let lane = lanes.findIndex((taken) => periods.every((p) => taken.every((q) => p.end <= q.start || q.end <= p.start)));
    if (lane === -1) {
      lanes.push([]);
      lane = lanes.length - 1;
    }
    lanes[lane].push(...periods);
    result.set(order, lane);
  }
  return result;
}

/** One formatter per zone: building an Intl.DateTimeFormat costs far more than using one. */
const formatters = new Map();

function formatterOf(timeZone) {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, format);
  }
  return format;
}

/** The parts of an instant's wall time in a zone. */
function zoneParts(ms, timeZone) {
  const parts = formatterOf(timeZone).formatToParts(new Date(ms));
  const get = (type) => Number(parts.find((p) => p.type === type)?.value);
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute'), second: get('second') };
}

/** The zone's offset from UTC at an instant, in ms. */
function zoneOffset(ms, timeZone) {
  const p = zoneParts(ms, timeZone);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(ms / 1000) * 1000;
}

/** The instant of local midnight on the first of a month (month 1..12, may overflow) in a zone. */
function monthStart(year, month, timeZone) {
  const guess = Date.UTC(year, month - 1, 1);
  return guess - zoneOffset(guess - zoneOffset(guess, timeZone), timeZone);
}

/**
 * Month boundaries in the emulator's zone inside the axis, at most `maxTicks` of them
 * (every 1, 2, 3, 6 or 12 months). Returns [{ms, label}].
 */
export function monthTicks(axis, timeZone, maxTicks = 12) {
  const first = zoneParts(axis.start, timeZone);
  const all = [];
  for (let i = 1; ; i += 1) {
    const ms = monthStart(first.year, first.month + i, timeZone);
    if (ms > axis.end) break;
    const p = zoneParts(ms, timeZone);
    all.push({ ms, year: p.year, month: p.month });
    if (all.length > 1200) break;
  }
  const step = [1, 2, 3, 6, 12, 24, 60].find((s) => Math.ceil(all.length / s) <= Math.max(1, maxTicks)) ?? 120;
  return all
    .filter((t) => (t.year * 12 + t.month - 1) % step === 0)
    .map((t) => ({ ms: t.ms, label: t.month === 1 || step >= 12 ? `${t.year}` : `${t.year}-${String(t.month).padStart(2, '0')}` }));
}

/** An instant as ISO 8601 wall time in a zone with its offset (2024-11-15T10:00:00+08:00): the zone's own reading. */
export function isoInZone(ms, timeZone) {
  if (!Number.isFinite(ms)) return '';
  const offset = Math.round(zoneOffset(ms, timeZone) / 60_000);
  const pad = (n) => String(Math.floor(Math.abs(n))).padStart(2, '0');
  const sign = offset < 0 ? '-' : '+';
  const millis = ms % 1000 === 0 ? '' : `.${String(((ms % 1000) + 1000) % 1000).padStart(3, '0')}`;
  return `${formatInZone(ms, timeZone).replace(' ', 'T')}${millis}${sign}${pad(offset / 60)}:${pad(offset % 60)}`;
}

/** An instant as wall time in a zone: YYYY-MM-DD HH:mm:ss (the API's own format). */
export function formatInZone(ms, timeZone) {
  if (!Number.isFinite(ms)) return '—';
  const p = zoneParts(ms, timeZone);
  const pad = (n) => String(n).padStart(2, '0');
  return `${p.year}-${pad(p.month)}-${pad(p.day)} ${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}`;
}
