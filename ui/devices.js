// Devices with their administrator, project and flags, each with its orders drawn to scale on
// a common axis, and a marker at the emulator's now.
import { h, replace } from './dom.js';
import { axisRange, formatInZone, monthTicks, orderState, packLanes, paymentState, percentOf, periodsOf, shortLabel, STATE_ICON } from './timeline.js';

const STATE_TEXT = { 'in-effect': 'in effect', waiting: 'waiting', expired: 'expired', frozen: 'frozen' };

function nowMarker(axis, nowMs) {
  return h('div.now-line', { style: { left: `${percentOf(nowMs, axis)}%` }, 'aria-hidden': 'true' });
}

function axisRow(axis, nowMs, timeZone, width) {
  const ticks = monthTicks(axis, timeZone, Math.max(2, Math.floor(width / 64)));
  return h(
    'div.axis',
    { 'aria-hidden': 'true' },
    ticks.map((t) => h('span.tick', { style: { left: `${percentOf(t.ms, axis)}%` } }, t.label)),
    h('span.now-label', { style: { left: `${percentOf(nowMs, axis)}%` }, 'data-testid': 'now-label' }, 'now'),
  );
}

function bar(order, period, index, lane, ctx) {
  const state = orderState(order, ctx.nowMs);
  const pay = paymentState(order);
  const left = percentOf(period.start, ctx.axis);
  const width = percentOf(period.end, ctx.axis) - left;
  const periods = periodsOf(order);
  const part = periods.length > 1 ? ` (part ${index + 1} of ${periods.length})` : '';
  const name = order.commodityName ?? order.commodityCode;
  const short = shortLabel(order, ctx.packages.get(order.commodityCode));
  const label = `${name}${order.copies > 1 ? ` ×${order.copies}` : ''}`;
  const title = `${label}${part}\n${STATE_TEXT[state]}, ${pay}\n${formatInZone(period.start, ctx.timeZone)} → ${formatInZone(period.end, ctx.timeZone)}\norderId ${order.orderId}`;
  return h(
    'button.bar',
    {
      type: 'button',
      class: `${state} ${pay}${ctx.selected === order.orderId ? ' selected' : ''}`,
      style: { left: `${left}%`, width: `${Math.max(width, 0)}%`, top: `${lane * 26 + 4}px` },
      title,
      'aria-label': `${label}: ${STATE_TEXT[state]}, ${pay}, ${formatInZone(period.start, ctx.timeZone)} to ${formatInZone(period.end, ctx.timeZone)}`,
      'aria-pressed': ctx.selected === order.orderId ? 'true' : 'false',
      dataset: { orderId: order.orderId, state, payment: pay, startMs: String(period.start), endMs: String(period.end), part: String(index) },
      onclick: () => ctx.onSelect(order),
    },
    h(
      'span.bar-text',
      {},
      h('span.bar-icon', { 'aria-hidden': 'true' }, STATE_ICON[state]),
      h('span.bar-short', {}, short),
      h('span.bar-name', { dataset: { full: name, tail: name.slice(ctx.sharedPrefix.length) || name } }, name),
    ),
  );
}

function flags(device) {
  const out = [];
  if (device.forbidden) out.push(h('span.badge.forbidden', { title: 'every call for this device answers 403' }, 'forbidden'));
  const every = [...(device.orders ?? []), ...familyLanes(device).flatMap((l) => l.orders ?? [])];
  const frozen = every.filter((o) => o.frozen === true || o.status === 2).length;
  if (frozen) out.push(h('span.badge.frozen-flag', { title: 'orders frozen by the platform' }, `${frozen} frozen`));
  if (every.length === 0) out.push(h('span.badge.muted', {}, 'no orders'));
  return out;
}

/** One family's orders of a device on the common axis, labelled with the family. */
function track(device, orders, family, testId, ctx) {
  const lanes = packLanes(orders);
  const laneCount = Math.max(1, ...[...lanes.values()].map((l) => l + 1));
  return h(
    'div.track',
    { style: { height: `${laneCount * 26 + 8}px` }, 'data-testid': testId, dataset: { family }, 'aria-label': `${family} timeline of ${device.nickName ?? device.iotId}` },
    ctx.ticks.map((t) => h('div.grid-line', { style: { left: `${percentOf(t.ms, ctx.axis)}%` }, 'aria-hidden': 'true' })),
    orders.flatMap((order) => periodsOf(order).map((p, i) => bar(order, p, i, lanes.get(order) ?? 0, ctx))),
    nowMarker(ctx.axis, ctx.nowMs),
    h('span.lane-label', { 'aria-hidden': 'true' }, family),
  );
}

/** A device's orders of the families with a lane of their own (cloud storage...). */
function familyLanes(device) {
  return device.lanes ?? [];
}

function deviceRow(device, ctx) {
  const orders = device.orders ?? [];
  const admin = device.identity?.userName ?? device.userName ?? '—';
  const projectName = device.project?.name ?? device.projectName;
  const projectText = device.projectId ?? '—';
  const projectTitle = projectName ? `${projectName}` : '';
  return h(
    'article.device',
    { dataset: { iotId: device.iotId }, 'data-testid': 'device' },
    h(
      'header.device-head',
      {},
      h(
        'div.device-title',
        {},
        h('strong.device-name', { 'data-testid': 'device-name' }, device.nickName ?? device.deviceName ?? device.iotId),
        h('span.muted', {}, device.deviceName ?? ''),
        flags(device),
      ),
      h('div.device-meta', {}, h('span.k', {}, 'admin '), h('span', { title: device.identityId ?? '' }, admin), h('span.k', {}, ' · project '), h('span.mono', { title: projectTitle }, projectText)),
      h('div.device-meta.mono', { title: `productKey ${device.productKey ?? '—'}` }, h('span.k', {}, 'iotId '), device.iotId),
    ),
    h(
      'div.tracks',
      {},
      track(device, orders, '直播分享', 'track', ctx),
      familyLanes(device).map((lane) => track(device, lane.orders ?? [], lane.family.split(' ')[0], 'family-track', ctx)),
    ),
  );
}

/** The words every name starts with ("直播分享"), which tell no bar from another; '' when they differ from the first character. */
function sharedPrefix(names) {
  if (names.length < 2) return '';
  let prefix = names[0];
  for (const name of names) while (!name.startsWith(prefix)) prefix = prefix.slice(0, -1);
  return prefix;
}

/**
 * After layout: the package name only where the bar has room for it (the short label tells bars
 * apart), and no month label that would run past the axis.
 */
function fitLabels(container) {
  for (const bar of container.querySelectorAll('.bar')) {
    const name = bar.querySelector('.bar-name');
    if (!name || bar.scrollWidth <= bar.clientWidth) continue;
    // The part after the words every package name starts with, else nothing.
    name.textContent = name.dataset.tail;
    if (bar.scrollWidth > bar.clientWidth) name.hidden = true;
  }
  for (const axis of container.querySelectorAll('.axis')) {
    const right = axis.getBoundingClientRect().right;
    for (const tick of axis.querySelectorAll('.tick')) if (tick.getBoundingClientRect().right > right) tick.classList.add('no-room');
  }
}

/**
 * Draws every device; `clock` is the admin API's clock ({nowMs, timezone}). The axis is shared
 * so that bars of different devices line up, and exposed as data-axis-start/-end for tests.
 */
export function renderDevices(container, devices, clock, selected, onSelect, packages = []) {
  const allOrders = devices.flatMap((d) => [...(d.orders ?? []), ...familyLanes(d).flatMap((l) => l.orders ?? [])]);
  const axis = axisRange(allOrders, clock.nowMs);
  const width = container.clientWidth || 800;
  const ticks = monthTicks(axis, clock.timezone, Math.max(2, Math.floor(width / 64)));
  const names = [...new Set([...packages, ...allOrders].map((p) => p.commodityName).filter(Boolean))];
  const ctx = {
    axis,
    nowMs: clock.nowMs,
    timeZone: clock.timezone,
    selected,
    onSelect,
    ticks,
    packages: new Map(packages.map((p) => [p.commodityCode, p])),
    sharedPrefix: sharedPrefix(names),
  };
  container.dataset.axisStart = String(axis.start);
  container.dataset.axisEnd = String(axis.end);
  container.dataset.nowMs = String(clock.nowMs);
  replace(
    container,
    h('div.axis-row', {}, h('div.axis-spacer'), axisRow(axis, clock.nowMs, clock.timezone, width)),
    devices.length === 0 ? h('p.hint', {}, 'No devices in the fixtures.') : devices.map((d) => deviceRow(d, ctx)),
  );
  fitLabels(container);
}
