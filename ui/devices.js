// Devices with their orders on timelines: a row per device (only the rows near the screen are
// drawn, the others keep their height), a sticky time axis over a window the user zooms and pans,
// and updates that touch only what changed, so that focus, hover and scroll stay where they are.
import { h, keyed, patch, replace } from './dom.js';
import { distinctName, formatInZone, monthTicks, orderState, packLanes, paymentState, periodsOf, shortLabel, STATE_ICON } from './timeline.js';

const STATE_TEXT = { 'in-effect': 'in effect', waiting: 'waiting', expired: 'expired', frozen: 'frozen' };
const LANE_PX = 26;
const HEAD_PX = 56;
const ROW_PAD_PX = 15;
const BAR_FONT = '11px system-ui, -apple-system, "Segoe UI", Roboto, Arial, "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "WenQuanYi Micro Hei", sans-serif';

/** The 直播分享 orders and every other family's lane of a device, each with its family's short name. */
export function lanesOf(device) {
  return [{ family: '直播分享', key: 'streaming', orders: device.orders ?? [] }, ...(device.lanes ?? []).map((l) => ({ family: l.family.split(' ')[0], key: l.family.split(' ')[0], orders: l.orders ?? [] }))];
}

/** The lanes a row draws: the families the filter shows that have orders on the device, or one empty lane when none has. */
function shownLanes(device, families) {
  const lanes = lanesOf(device).filter((l) => families(l.key));
  const filled = lanes.filter((l) => l.orders.length > 0);
  return filled.length > 0 ? filled : lanes.slice(0, 1);
}

/** Widths of label text, measured on a canvas: no layout, however many bars. */
function textMeter() {
  const cache = new Map();
  const context = document.createElement('canvas').getContext('2d');
  context.font = BAR_FONT;
  return (text) => {
    let width = cache.get(text);
    if (width === undefined) {
      width = context.measureText(text).width;
      cache.set(text, width);
    }
    return width;
  };
}

/** What a bar says, longest first: months and quota with the package's distinct name, the short label alone, nothing. */
function labelFor(order, ctx, widthPx) {
  const short = shortLabel(order, ctx.packages.get(order.specification ? `${order.commodityCode}|${order.specification}` : order.commodityCode));
  const name = distinctName(order.commodityName ?? order.commodityCode ?? '', ctx.prefixes.get(order.lifecycle === undefined ? 'streaming' : 'cloud') ?? '');
  const room = widthPx - 22;
  if (ctx.measure(`${short}  ${name}`) <= room) return { short, name };
  if (ctx.measure(short) <= room) return { short, name: '' };
  return { short: '', name: '' };
}

/** One sentence for a bar: read by screen readers, and shown on hover and focus. */
function describe(order, period, index, ctx, state) {
  const periods = periodsOf(order);
  const part = periods.length > 1 ? ` (part ${index + 1} of ${periods.length})` : '';
  const copies = order.copies > 1 ? ` ×${order.copies}` : '';
  return {
    name: `${order.commodityName ?? order.commodityCode}${copies}${part}`,
    line: `${STATE_TEXT[state]}, ${paymentState(order)} · ${formatInZone(period.start, ctx.timeZone)} → ${formatInZone(period.end, ctx.timeZone)}`,
    id: `order ${order.orderId}`,
  };
}

/** The bars a lane draws inside the window: one per period, clipped to the window. */
function barsOf(orders, ctx) {
  const lanes = packLanes(orders);
  const bars = [];
  const span = ctx.window.end - ctx.window.start;
  for (const order of orders) {
    periodsOf(order).forEach((period, index) => {
      if (period.end <= ctx.window.start || period.start >= ctx.window.end) return;
      const from = Math.max(period.start, ctx.window.start);
      const to = Math.min(period.end, ctx.window.end);
      bars.push({ order, period, index, lane: lanes.get(order) ?? 0, left: ((from - ctx.window.start) / span) * 100, width: ((to - from) / span) * 100, clipStart: from > period.start, clipEnd: to < period.end });
    });
  }
  return bars.sort((a, b) => a.period.start - b.period.start || a.lane - b.lane);
}

function laneCount(orders) {
  return Math.max(1, ...[...packLanes(orders).values()].map((l) => l + 1));
}

/** The height a device row takes, drawn or not: fixed from its data, so that drawing it moves nothing. */
export function rowHeight(device, collapsed, narrow, families) {
  if (collapsed) return HEAD_PX + ROW_PAD_PX;
  const tracks = shownLanes(device, families);
  const tracksPx = tracks.reduce((sum, l) => sum + laneCount(l.orders) * LANE_PX + 8, 0) + Math.max(0, tracks.length - 1) * 3;
  return (narrow ? HEAD_PX + 4 + tracksPx : Math.max(HEAD_PX, tracksPx)) + ROW_PAD_PX;
}

function createBar() {
  return h('button.bar', { type: 'button', tabindex: '-1' }, h('span.bar-icon', { 'aria-hidden': 'true' }), h('span.bar-short'), h('span.bar-name', { lang: 'zh-CN' }), h('span.sr'));
}

function drawBar(el, bar, ctx) {
  const { order, period, index } = bar;
  const state = orderState(order, ctx.nowMs);
  const pay = paymentState(order);
  const widthPx = (bar.width / 100) * ctx.trackPx;
  const label = labelFor(order, ctx, widthPx);
  const text = describe(order, period, index, ctx, state);
  const selected = ctx.selected === order.orderId;
  patch(el, {
    class: `bar ${state} ${pay}${selected ? ' selected' : ''}${bar.clipStart ? ' clip-start' : ''}${bar.clipEnd ? ' clip-end' : ''}`,
    'aria-pressed': selected ? 'true' : 'false',
    style: { left: `${bar.left}%`, width: `${bar.width}%`, top: `${bar.lane * LANE_PX + 4}px` },
    dataset: { orderId: order.orderId, state, payment: pay, startMs: String(period.start), endMs: String(period.end), part: String(index), tipName: text.name, tipLine: text.line, tipId: text.id },
  });
  const [icon, short, name, sr] = el.children;
  patch(icon, { text: STATE_ICON[state] });
  patch(short, { text: label.short });
  patch(name, { text: label.name });
  patch(sr, { text: `${label.short || label.name ? ': ' : ''}${text.name}, ${text.line}` });
}

function drawTrack(track, lane, device, ctx) {
  const bars = barsOf(lane.orders, ctx);
  patch(track, {
    style: { height: `${laneCount(lane.orders) * LANE_PX + 8}px` },
    'aria-label': `${lane.family} orders of ${device.nickName ?? device.iotId}`,
  });
  const [grid, layer] = track.children;
  keyed(grid, ctx.ticks, (t) => String(t.ms), () => h('div.grid-line', { 'aria-hidden': 'true' }), (el, t) => patch(el, { style: { left: `${t.left}%` } }));
  keyed(layer, bars, (b) => `${b.order.orderId}:${b.index}`, createBar, (el, b) => drawBar(el, b, ctx));
  // One Tab stop per lane: the selected bar, else the one the user last moved to, else the first.
  const items = [...layer.children];
  const current = items.find((b) => b.dataset.orderId === ctx.selected) ?? items.find((b) => b.dataset.key === track.dataset.current) ?? items[0];
  for (const b of items) patch(b, { tabindex: b === current ? '0' : '-1' });
  patch(track.querySelector('.lane-empty'), { hidden: bars.length > 0, text: lane.orders.length ? 'no order in this window' : 'no orders' });
}

function createTrack(lane) {
  return h(
    'div.track',
    { role: 'toolbar', 'aria-orientation': 'horizontal', 'data-testid': lane.key === 'streaming' ? 'track' : 'family-track', dataset: { family: lane.family } },
    h('div.grid', { 'aria-hidden': 'true' }),
    h('div.bars'),
    h('div.now-line', { 'aria-hidden': 'true' }),
    h('span.lane-label', { 'aria-hidden': 'true', lang: 'zh-CN' }, lane.family),
    h('span.lane-empty', { 'aria-hidden': 'true' }),
  );
}

function flagsText(device) {
  const every = lanesOf(device).flatMap((l) => l.orders);
  const frozen = every.filter((o) => o.frozen === true || o.status === 2).length;
  return { forbidden: device.forbidden, frozen, none: every.length === 0, count: every.length };
}

function drawHead(head, device, ctx) {
  const flags = flagsText(device);
  const key = JSON.stringify([device.nickName, device.deviceName, device.iotId, device.identity?.userName, device.projectId, flags, ctx.collapsed]);
  if (head.dataset.drawn === key) return;
  head.dataset.drawn = key;
  const name = device.nickName ?? device.deviceName ?? device.iotId;
  replace(
    head,
    h(
      'div.device-title',
      {},
      h('button.collapse', { type: 'button', 'aria-expanded': ctx.collapsed ? 'false' : 'true', title: ctx.collapsed ? 'Show the timelines' : 'Hide the timelines', dataset: { iotId: device.iotId } }, h('span.device-name', { 'data-testid': 'device-name', lang: 'zh-CN' }, name)),
      h('span.muted', {}, device.deviceName ?? ''),
      device.forbidden ? h('span.badge.forbidden', { title: 'every call for this device answers 403' }, 'forbidden') : null,
      flags.frozen ? h('span.badge.frozen-flag', { title: 'orders frozen by the platform' }, `${flags.frozen} frozen`) : null,
      // Folded, the row says what it hides; open, its lane says "no orders" itself.
      ctx.collapsed ? h('span.badge.muted', {}, flags.none ? 'no orders' : flags.count === 1 ? '1 order' : `${flags.count} orders`) : null,
    ),
    h('div.device-meta', {}, h('span.k', {}, 'admin '), h('span', { title: device.identityId ?? '', lang: 'zh-CN' }, device.identity?.userName ?? '—'), h('span.k', {}, ' · project '), h('span.mono', {}, device.projectId ?? '—')),
    h('div.device-meta.mono', { title: `productKey ${device.productKey ?? '—'}` }, h('span.k', {}, 'iotId '), device.iotId),
  );
}

/**
 * The timelines in `root` (a scroll container). `hooks.onSelect(order)` on a bar's click or
 * Enter, `hooks.onToggle(iotId)` on a device name's click.
 */
export function createTimelines(root, hooks) {
  const axis = h('div.axis', { 'aria-hidden': 'true' }, h('div.ticks'), h('span.now-label', { 'data-testid': 'now-label' }, 'now'));
  const axisRow = h('div.axis-row', {}, h('div.axis-spacer'), axis);
  const list = h('div.device-list', { role: 'list' });
  const empty = h('p.hint', { hidden: true });
  replace(root, axisRow, empty, list);
  const rows = new Map();
  let ctx = null;
  let data = null;

  const drawRow = (row) => {
    const device = data.devices.get(row.iotId);
    if (!device) return;
    const collapsed = data.collapsed.has(row.iotId);
    const rowCtx = { ...ctx, collapsed };
    if (!row.el.firstChild) row.el.append(h('header.device-head'), h('div.tracks'));
    drawHead(row.el.firstChild, device, rowCtx);
    const tracks = row.el.lastChild;
    patch(tracks, { hidden: collapsed });
    if (!collapsed) {
      keyed(tracks, shownLanes(device, data.families), (l) => l.key, createTrack, (el, lane) => drawTrack(el, lane, device, rowCtx));
    }
    row.drawn = true;
  };

  const observer = new IntersectionObserver(
    (entries) => {
      for (const entry of entries) {
        const row = rows.get(entry.target.dataset.iotId);
        if (!row) continue;
        row.near = entry.isIntersecting;
        if (row.near && !row.drawn && ctx) drawRow(row);
        // Far from the screen, a row keeps its height and nothing else: the page stays small.
        if (!row.near && row.drawn && !row.el.contains(document.activeElement)) {
          row.el.replaceChildren();
          row.drawn = false;
        }
      }
    },
    { root, rootMargin: '400px 0px' },
  );

  root.addEventListener('click', (event) => {
    const bar = event.target.closest('.bar');
    if (bar) {
      bar.closest('.track').dataset.current = bar.dataset.key;
      hooks.onSelect(bar.dataset.orderId);
      return;
    }
    const toggle = event.target.closest('button.collapse');
    if (toggle) hooks.onToggle(toggle.dataset.iotId);
  });
  // Arrow keys move between the bars of a lane: the lane is one Tab stop.
  root.addEventListener('keydown', (event) => {
    const bar = event.target.closest?.('.bar');
    if (!bar) return;
    const bars = [...bar.parentElement.children];
    const at = bars.indexOf(bar);
    const next = { ArrowRight: bars[at + 1], ArrowLeft: bars[at - 1], Home: bars[0], End: bars.at(-1) }[event.key];
    if (!next) return;
    event.preventDefault();
    bar.tabIndex = -1;
    next.tabIndex = 0;
    bar.closest('.track').dataset.current = next.dataset.key;
    next.focus();
  });

  // The name and the period of a bar on hover and on focus, at a readable size, whatever the bar's width.
  const tip = h('div.bar-tip', { role: 'tooltip', id: 'bar-tip', hidden: true }, h('strong', { lang: 'zh-CN' }), h('span'), h('span.muted'));
  document.body.append(tip);
  const showTip = (bar) => {
    const [name, line, id] = tip.children;
    patch(name, { text: bar.dataset.tipName });
    patch(line, { text: bar.dataset.tipLine });
    patch(id, { text: bar.dataset.tipId });
    tip.hidden = false;
    const box = bar.getBoundingClientRect();
    const left = Math.min(Math.max(4, box.left), window.innerWidth - tip.offsetWidth - 4);
    const below = box.bottom + 6 + tip.offsetHeight < window.innerHeight;
    tip.style.left = `${left}px`;
    tip.style.top = `${below ? box.bottom + 6 : box.top - tip.offsetHeight - 6}px`;
  };
  const hideTip = () => {
    tip.hidden = true;
  };
  root.addEventListener('pointerover', (event) => {
    const bar = event.target.closest?.('.bar');
    if (bar) showTip(bar);
  });
  root.addEventListener('pointerout', (event) => {
    if (event.target.closest?.('.bar') && !event.relatedTarget?.closest?.('.bar')) hideTip();
  });
  root.addEventListener('focusin', (event) => {
    const bar = event.target.closest?.('.bar');
    if (bar) showTip(bar);
  });
  root.addEventListener('focusout', hideTip);
  root.addEventListener('scroll', hideTip, { passive: true });

  return {
    /**
     * Draws what changed. `view`: {devices: Map, shown: [iotId], clock, window, selected,
     * collapsed: Set, packages: Map, prefixes: Map, families(key)}; `changed`: the iotIds whose
     * data changed, or 'all' (the window, the selection or the filter moved).
     */
    update(view, changed = 'all') {
      data = view;
      const narrow = window.matchMedia('(max-width: 600px)').matches;
      // One layout read, before any write.
      const trackPx = axis.clientWidth || 600;
      const widthChanged = ctx && ctx.trackPx !== trackPx;
      const ticks = monthTicks(view.window, view.clock.timezone, Math.max(2, Math.floor(trackPx / 70))).map((t) => ({ ...t, left: ((t.ms - view.window.start) / (view.window.end - view.window.start)) * 100 }));
      ctx = { window: view.window, nowMs: view.clock.nowMs, timeZone: view.clock.timezone, selected: view.selected, packages: view.packages, prefixes: view.prefixes, trackPx, ticks, measure: ctx?.measure ?? textMeter() };
      const all = changed === 'all' || widthChanged;
      keyed(axis.firstChild, ticks, (t) => String(t.ms), () => h('span.tick'), (el, t) => patch(el, { text: t.label, style: { left: `${t.left}%` }, class: t.left > 94 ? 'tick no-room' : 'tick' }));
      patch(empty, { hidden: view.shown.length > 0, text: view.devices.size ? 'No device matches the filter.' : 'No devices.' });
      keyed(
        list,
        view.shown,
        (iotId) => iotId,
        (iotId) => {
          const el = h('article.device', { 'data-testid': 'device', role: 'listitem', dataset: { iotId } });
          rows.set(iotId, { iotId, el, near: false, drawn: false });
          observer.observe(el);
          return el;
        },
        (el, iotId) => {
          const row = rows.get(iotId);
          patch(el, { style: { height: `${rowHeight(view.devices.get(iotId), view.collapsed.has(iotId), narrow, view.families)}px` } });
          if (row.near && (all || changed.has(iotId) || !row.drawn)) drawRow(row);
        },
      );
      for (const [iotId, row] of rows) {
        if (!row.el.isConnected) {
          observer.unobserve(row.el);
          rows.delete(iotId);
        }
      }
      this.moveNow(view.clock.nowMs);
    },
    /** Moves the now line and its label: one style property, however many lanes. */
    moveNow(nowMs) {
      if (!data) return;
      const at = ((nowMs - data.window.start) / (data.window.end - data.window.start)) * 100;
      patch(root, { style: { '--now-x': at < 0 || at > 100 ? '-100%' : `${at.toFixed(3)}%` } });
      patch(root, { dataset: { axisStart: String(data.window.start), axisEnd: String(data.window.end) } });
    },
    /** Scrolls a device's row into the middle of the timelines, if it is not on screen already. */
    reveal(iotId) {
      const row = rows.get(iotId);
      if (!row) return;
      const box = row.el.getBoundingClientRect();
      const frame = root.getBoundingClientRect();
      if (box.top < frame.top + axisRow.offsetHeight || box.bottom > frame.bottom) root.scrollTop += box.top - frame.top - (frame.height - box.height) / 2;
    },
    /** Whether a device's row is drawn now. */
    isDrawn: (iotId) => rows.get(iotId)?.drawn === true,
  };
}
