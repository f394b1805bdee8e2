// The admin page: follows the emulator through GET /__admin/changes (one small answer a second;
// only what changed comes with it), draws only what changed, and turns the controls into admin
// and API calls. State lives here; the other modules draw or build requests.
import { admin, callApi, storedToken, storeToken, TokenRequired, useSession } from './api.js';
import { callFromForm, fillBuyForm, KINDS, prefillUser, QUOTA_CHECK, syncBuyForm } from './buy.js';
import { clearDetails, showOrder, showRequest } from './details.js';
import { createTimelines, lanesOf } from './devices.js';
import { h, patch, replace } from './dom.js';
import { ERROR_CODES, renderFaults, ruleFromForm, syncFaultForm } from './faults.js';
import { faultLabel, renderJournal, wireJournalKeys } from './journal.js';
import { axisRange, defaultWindow, formatInZone, isoInZone, orderState, panWindow, paymentState, periodsOf, sharedPrefix, windowAround, zoomWindow } from './timeline.js';

const POLL_MS = 1000;
const JOURNAL_LIMIT = 100;
/**
 * Devices per snapshot answer (the feed's most): a world of 100 000 devices loads in 100 answers, none
 * of which stalls the emulator's event loop for long. `?feed-page=N` lowers it (tests use it).
 */
const FEED_PAGE = Math.min(1000, Math.max(1, Number(new URLSearchParams(location.search).get('feed-page')) || 1000));

const $ = (id) => document.getElementById(id);

const state = {
  /** The stamp of the last change feed answer read ("epoch.version"). */
  since: undefined,
  clock: null,
  /** iotId -> the device as the admin API shows it. */
  devices: new Map(),
  /** Every iotId, in the emulator's order. */
  order: [],
  /** While the snapshot loads page by page, how many devices the emulator has; else null. */
  loadingTotal: null,
  journalVersion: -1,
  requests: [],
  total: 0,
  faults: [],
  /** Each family's packages, by the family's short name (直播分享, 云存储). */
  packages: new Map(),
  /** API path -> the apiVers it takes, the doc page's first. */
  apiVers: new Map(),
  /** {kind: 'order', orderId} or {kind: 'request', id, entry}: the entry as last read, kept when newer traffic pushes it off the list. */
  selection: null,
  /** The journal filter: {path, code, iotId}, empty ones left out. */
  filter: {},
  /** The type of every rule seen, by id: a journal entry names its rule after the rule is removed. */
  ruleTypes: new Map(),
  /** The time window the timelines show. */
  window: null,
  /** Devices whose lanes are folded away. */
  collapsed: new Set(),
  /** The device filter: text (name, iotId), family, state. */
  find: { text: '', family: '', state: '' },
  waitingForToken: false,
  pollTimer: null,
  /** The clock mode last copied into the "frozen" box. */
  shownFrozen: null,
};

let timelines = null;
let statusTimer = null;

/** The status of the last action, in full; a success fades after a few seconds, an error stays until the next action. */
function setStatus(text, kind = '') {
  const el = $('status');
  el.textContent = text;
  el.className = `status ${kind}`;
  clearTimeout(statusTimer);
  if (kind === 'ok') statusTimer = setTimeout(() => setStatus(''), 3000);
}

/** The order with this id and the device and family lane that hold it. */
function findOrder(orderId) {
  for (const device of state.devices.values()) {
    for (const lane of lanesOf(device)) {
      const order = lane.orders.find((o) => o.orderId === orderId);
      if (order) return { order, device, family: lane.key };
    }
  }
  return null;
}

function faultText(entry) {
  const label = faultLabel(entry);
  if (!label) return '';
  const id = entry.faultRuleId ?? null;
  const type = state.faults.find((r) => r.id === id)?.type ?? state.ruleTypes.get(id);
  return type ? `${type} ${id}` : label;
}

// ---- the address: what is selected, the session, presenter mode -------------------------------

function readAddress() {
  const params = new URLSearchParams(location.hash.slice(1));
  return { session: params.get('session') ?? '', entry: params.get('entry'), order: params.get('order'), present: params.has('present') };
}

/** Keeps what the page shows in the address, so that a reload or a shared link shows the same. */
function writeAddress() {
  const params = new URLSearchParams();
  const session = $('session').value.trim();
  if (session && session !== 'default') params.set('session', session);
  if (state.selection?.kind === 'request') params.set('entry', state.selection.id);
  if (state.selection?.kind === 'order') params.set('order', state.selection.orderId);
  if (document.body.classList.contains('presenter')) params.set('present', '');
  const hash = params.toString().replace(/=(&|$)/g, '$1');
  const url = `${location.pathname}${location.search}${hash ? `#${hash}` : ''}`;
  if (url !== `${location.pathname}${location.search}${location.hash}`) history.replaceState(null, '', url);
}

// ---- drawing -------------------------------------------------------------------------------

function drawClock() {
  const c = state.clock;
  if (!c) return;
  const now = $('clock-now');
  const text = formatInZone(c.nowMs, c.timezone);
  if (now.firstChild?.nodeType === Node.TEXT_NODE) {
    if (now.firstChild.data !== text) now.firstChild.data = text;
  } else now.textContent = text;
  patch($('clock-mode'), { text: c.frozen ? 'frozen' : 'running', class: `badge ${c.frozen ? 'frozen-clock' : 'running-clock'}` });
  patch($('clock-zone'), { text: c.timezone });
  // The zone's wall time with its offset: the same reading as "now" beside it, and an ISO instant the API takes.
  const input = document.querySelector('#clock-set [name=now]');
  if (document.activeElement !== input) input.value = isoInZone(c.nowMs, c.timezone);
  // Follows the clock's mode when it changes, not on every poll, so a box just ticked stays ticked.
  if (state.shownFrozen !== c.frozen) {
    state.shownFrozen = c.frozen;
    document.querySelector('#clock-set [name=frozen]').checked = c.frozen;
  }
}

/** The family filter's lanes: all, or the one chosen. */
function familyShown(key) {
  return !state.find.family || state.find.family === key;
}

function matchesFind(device) {
  const { text, family, state: wanted } = state.find;
  if (text) {
    const needle = text.toLowerCase();
    const hay = `${device.nickName ?? ''} ${device.deviceName ?? ''} ${device.iotId}`.toLowerCase();
    if (!hay.includes(needle)) return false;
  }
  if (!family && !wanted) return true;
  const orders = lanesOf(device)
    .filter((l) => familyShown(l.key))
    .flatMap((l) => l.orders);
  if (family && orders.length === 0) return false;
  if (!wanted) return true;
  const nowMs = state.clock?.nowMs ?? 0;
  return orders.some((o) => (wanted === 'unpaid' ? paymentState(o) !== 'paid' : orderState(o, nowMs) === wanted));
}

function timelinesView() {
  const prefixes = new Map([...state.packages].map(([family, list]) => [family === '直播分享' ? 'streaming' : 'cloud', sharedPrefix(list.map((p) => p.commodityName).filter(Boolean))]));
  // A package by its code, and where the family has one, its specification too.
  const packages = new Map([...state.packages.values()].flat().map((p) => [p.specification ? `${p.commodityCode}|${p.specification}` : p.commodityCode, p]));
  const shown = state.order.filter((iotId) => matchesFind(state.devices.get(iotId)));
  const total = state.order.length;
  const count = shown.length === total ? `${total}` : `${shown.length} of ${total}`;
  // While the snapshot loads, the count says how far it has come.
  patch($('device-count'), { text: state.loadingTotal === null ? count : `loading ${total} of ${state.loadingTotal}` });
  return {
    devices: state.devices,
    shown,
    clock: state.clock,
    window: state.window,
    selected: state.selection?.kind === 'order' ? state.selection.orderId : null,
    collapsed: state.collapsed,
    packages,
    prefixes,
    families: familyShown,
  };
}

function drawDevices(changed = 'all') {
  if (!state.clock || !state.window) return;
  timelines.update(timelinesView(), changed);
  patch($('window-range'), { text: `${formatInZone(state.window.start, state.clock.timezone).slice(0, 10)} → ${formatInZone(state.window.end, state.clock.timezone).slice(0, 10)}` });
}

/** The forms' device lists change only with the set of devices: an open dropdown stays open. */
function drawDeviceChoices() {
  const key = state.order.join(',');
  if ($('buy-form').dataset.devices === key) return;
  $('buy-form').dataset.devices = key;
  const devices = state.order.map((id) => state.devices.get(id));
  fillBuyForm($('buy-form'), devices, state.packages);
  replace($('device-ids'), devices.map((d) => h('option', { value: d.iotId }, d.nickName ?? '')));
  replace($('transfer-form').elements.namedItem('dstIotId'), devices.map((d) => h('option', { value: d.iotId }, `${d.nickName ?? d.deviceName} · ${d.iotId}`)));
}

function drawJournal() {
  const selected = state.selection?.kind === 'request' ? state.selection.id : null;
  const zone = state.clock?.timezone ?? 'UTC';
  const filtered = Object.keys(state.filter).length > 0;
  renderJournal($('journal').tBodies[0], state.requests, zone, selected, { total: state.total, faultText, filtered });
  const shown = state.total > state.requests.length ? `${state.requests.length} of ${state.total}` : `${state.total}`;
  patch($('journal-count'), { text: filtered ? `${shown} matching` : shown });
}

function drawFaults() {
  // "added rule f1" says nothing once f1 is gone.
  const result = $('fault-result');
  if (result.dataset.ruleId && !state.faults.some((r) => r.id === result.dataset.ruleId)) {
    result.textContent = '';
    result.className = 'result';
    delete result.dataset.ruleId;
  }
  renderFaults($('fault-list'), state.faults, (rule) => act(`removing rule ${rule.id}`, () => admin('DELETE', `/faults/${encodeURIComponent(rule.id)}`)));
}

/** The API's apiVer for a path: the doc page's (the first the catalogue lists). */
function apiVerOf(path) {
  return state.apiVers.get(path)?.[0] ?? '1.0.0';
}

/** Calls an API from an order action and says how it went. */
async function orderCall(label, path, params) {
  setStatus(`${label}…`);
  try {
    const res = await callApi(path, params, apiVerOf(path));
    await sync();
    if (res.body?.code === 200) setStatus(`done: ${label}`, 'ok');
    else setStatus(`${label}: ${answerText(res)}`, 'error');
  } catch (err) {
    handleError(err);
  }
}

/** What the API offers on an order, by family and state: pay, enable, freeze, unfreeze, transfer. */
function actionsFor(found) {
  const { order, device, family } = found;
  const st = orderState(order, state.clock.nowMs);
  const iotId = device.iotId;
  const actions = [];
  if (family === 'streaming') {
    if (order.paymentStatus !== 1) actions.push({ label: 'Pay', title: 'POST /vision/customer/streaming/order/pay', run: () => orderCall('paying the order', '/vision/customer/streaming/order/pay', { iotId, orderId: order.orderId }) });
    if (st === 'waiting') actions.push({ label: 'Enable now', title: 'POST /vision/customer/streaming/order/enable', run: () => orderCall('enabling the order', '/vision/customer/streaming/order/enable', { iotId, orderId: order.orderId }) });
    actions.push(
      order.frozen
        ? { label: 'Unfreeze', title: 'PUT /__admin/orders/:orderId {"frozen": false}', run: () => act('unfreezing the order', () => admin('PUT', `/orders/${encodeURIComponent(order.orderId)}`, { frozen: false })) }
        : { label: 'Freeze', title: 'PUT /__admin/orders/:orderId {"frozen": true}', run: () => act('freezing the order', () => admin('PUT', `/orders/${encodeURIComponent(order.orderId)}`, { frozen: true })) },
    );
    return actions;
  }
  const free = order.orderType === 1;
  if (st === 'waiting' && !order.frozen) {
    actions.push(
      free
        ? { label: 'Enable now', title: 'POST /vision/customer/freecloudstorage/enable', run: () => orderCall('enabling the free plan', '/vision/customer/freecloudstorage/enable', { iotId }) }
        : { label: 'Enable now', title: 'POST /vision/customer/cloudstorage/commodity/enable', run: () => orderCall('enabling the order', '/vision/customer/cloudstorage/commodity/enable', { iotId, orderId: order.orderId }) },
    );
  }
  if (!order.frozen && st !== 'expired') {
    actions.push(
      free
        ? { label: 'Freeze', title: 'POST /vision/customer/freecloudstorage/status/set {"status": 2} (201345: no API unfreezes a free plan)', run: () => orderCall('freezing the free plan', '/vision/customer/freecloudstorage/status/set', { iotId, status: 2 }) }
        : { label: 'Freeze', title: 'POST /vision/customer/cloudstorage/status/set {"status": 2}', run: () => orderCall('freezing the order', '/vision/customer/cloudstorage/status/set', { iotId, orderId: order.orderId, status: 2 }) },
    );
    if (!free && order.paymentStatus === 1) actions.push({ label: 'Transfer…', title: 'POST /vision/customer/cloudstorage/transfer', run: () => openTransfer(iotId, order.orderId) });
  }
  // status/set 0 puts a paid order back in use (177894's request example); the free plan's
  // status/set takes only 2 (201345), so a frozen free plan stays frozen.
  if (order.frozen && !free) {
    actions.push({ label: 'Unfreeze', title: 'POST /vision/customer/cloudstorage/status/set {"status": 0}', run: () => orderCall('unfreezing the order', '/vision/customer/cloudstorage/status/set', { iotId, orderId: order.orderId, status: 0 }) });
  }
  return actions;
}

function drawDetails() {
  const sel = state.selection;
  const container = $('details');
  if (sel?.kind === 'order' && state.clock) {
    const found = findOrder(sel.orderId);
    if (found) return showOrder(container, found.order, state.clock, actionsFor(found));
  } else if (sel?.kind === 'request') {
    const entry = state.requests.find((r) => r.id === sel.id) ?? sel.entry;
    if (entry) return showRequest(container, entry, state.clock?.timezone ?? 'UTC', faultText(entry));
  }
  clearDetails(container);
}

/** The buy result follows the order it made: its dates as they are now, after any move. */
function drawBuyResult() {
  const out = $('buy-result');
  const orderId = out.dataset.orderId;
  if (!orderId) return;
  const found = findOrder(orderId);
  if (!found) return;
  const { order } = found;
  patch(out.querySelector('.dates') ?? out, { text: `${order.startTime} → ${order.endTime}` });
}

function select(selection) {
  state.selection = selection;
  writeAddress();
  drawDevices();
  drawJournal();
  drawDetails();
}

// ---- following the emulator --------------------------------------------------------------

let syncing = null;

/** Reads what changed since the last read and draws it; one call at a time, the latest wins. */
function sync() {
  if (!syncing) {
    syncing = readChanges().finally(() => {
      syncing = null;
    });
    return syncing;
  }
  // A call already under way may have started before the action: read again once it is done.
  return syncing.then(() => sync());
}

async function readChanges() {
  const query = new URLSearchParams({ limit: String(FEED_PAGE) });
  if (state.since) query.set('since', state.since);
  const feed = await admin('GET', `/changes?${query}`);
  // A snapshot's first page's stamp: the polls after the load hear of what changed while it ran.
  state.since = feed.since;
  const clockMoved = !state.clock || state.clock.nowMs !== feed.clock.nowMs || state.clock.frozen !== feed.clock.frozen;
  state.clock = feed.clock;
  if (!state.window) state.window = defaultWindow(feed.clock.nowMs);
  const changed = new Set();
  if (feed.full) await readSnapshot(feed);
  else {
    for (const device of feed.devices) {
      state.devices.set(device.iotId, device);
      changed.add(device.iotId);
    }
  }
  if (feed.order) {
    state.order = feed.order;
    for (const iotId of [...state.devices.keys()]) if (!feed.order.includes(iotId)) state.devices.delete(iotId);
  }
  if (feed.faults) {
    state.faults = feed.faults;
    for (const rule of state.faults) state.ruleTypes.set(rule.id, rule.type);
    drawFaults();
  }
  if (clockMoved) drawClock();
  if (feed.full || feed.order) {
    drawDeviceChoices();
    drawDevices('all');
  } else if (changed.size > 0) drawDevices(changed);
  else if (clockMoved) timelines.moveNow(feed.clock.nowMs);
  if (feed.journal.version !== state.journalVersion || feed.faults) {
    state.journalVersion = feed.journal.version;
    await readJournal();
  }
  await tickSelected();
  const selectedDevice = state.selection?.kind === 'order' ? findOrder(state.selection.orderId)?.device.iotId : undefined;
  if (changed.size > 0 || feed.full || (selectedDevice && clockMoved)) drawDetails();
  drawBuyResult();
}

/**
 * Every device, from the snapshot's first page on, one page after another (each drawn as it comes):
 * one answer of every device would hold the emulator's event loop for seconds at 100 000 devices.
 */
async function readSnapshot(first) {
  state.devices = new Map();
  state.order = [];
  let page = first;
  try {
    for (;;) {
      for (const device of page.devices) {
        // The set may shift between pages (a device added or removed); the next poll's order settles it.
        if (!state.devices.has(device.iotId)) state.order.push(device.iotId);
        state.devices.set(device.iotId, device);
      }
      const next = page.offset + page.limit;
      if (page.devices.length === 0 || next >= page.total) break;
      state.loadingTotal = page.total;
      drawDevices('all');
      page = await admin('GET', `/changes?${new URLSearchParams({ offset: String(next), limit: String(FEED_PAGE) })}`);
    }
  } finally {
    state.loadingTotal = null;
  }
}

/** With a running clock, the selected order's device is read each second, so that its ticking fields (preConsume) tick. */
async function tickSelected() {
  if (state.clock.frozen || state.selection?.kind !== 'order') return;
  const found = findOrder(state.selection.orderId);
  if (!found || found.family === 'streaming') return;
  const device = await admin('GET', `/devices/${encodeURIComponent(found.device.iotId)}`);
  state.devices.set(device.iotId, device);
}

async function readJournal() {
  const query = new URLSearchParams({ ...state.filter, limit: String(JOURNAL_LIMIT) });
  const journal = await admin('GET', `/requests?${query}`);
  state.requests = journal.requests ?? [];
  state.total = journal.total ?? state.requests.length;
  await keepSelectedEntry();
  drawJournal();
  if (state.selection?.kind === 'request') drawDetails();
}

/**
 * A selected journal entry that newer traffic (or the filter) pushed off the list is read on its
 * own, by id, so Details keeps showing it; gone from the journal (cleared), the selection ends.
 */
async function keepSelectedEntry() {
  const sel = state.selection;
  if (sel?.kind !== 'request') return;
  const listed = state.requests.find((r) => r.id === sel.id);
  if (listed) {
    sel.entry = listed;
    return;
  }
  if (sel.entry) return;
  try {
    sel.entry = await admin('GET', `/requests/${encodeURIComponent(sel.id)}`);
  } catch (err) {
    if (err instanceof TokenRequired) throw err;
    state.selection = null;
    writeAddress();
  }
}

/** Opens the token dialog; `message` only after the user has tried a token (never the server's first refusal). */
function askForToken(message = '') {
  state.waitingForToken = true;
  $('token-error').textContent = message;
  const dialog = $('token-dialog');
  if (!dialog.open) dialog.showModal();
  setStatus('admin token needed', 'warn');
}

function handleError(err) {
  if (err instanceof TokenRequired) {
    askForToken();
    return;
  }
  setStatus(err.message, 'error');
}

/**
 * Runs an action, then draws what it changed; errors show in the status line, and success too
 * unless the form has a result line of its own (`quiet`).
 */
async function act(label, fn, { quiet = false } = {}) {
  setStatus(`${label}…`);
  try {
    const out = await fn();
    await sync();
    setStatus(quiet ? '' : `done: ${label}`, 'ok');
    return out;
  } catch (err) {
    handleError(err);
    return undefined;
  }
}

async function poll() {
  clearTimeout(state.pollTimer);
  if (!state.waitingForToken && $('journal-live').checked && !document.hidden) {
    try {
      await sync();
      if (/unreachable/.test($('status').textContent)) setStatus('');
    } catch (err) {
      if (err instanceof TokenRequired) handleError(err);
      else setStatus(`emulator unreachable: ${err.message}`, 'error');
    }
  }
  state.pollTimer = setTimeout(poll, POLL_MS);
}

/** The answer of an API call in one line: its code and message, or the gateway's error, or its detail. */
function answerText(res) {
  const body = res.body;
  if (body && typeof body === 'object' && 'code' in body) {
    const detail = res.headers.get('x-mock-error-detail');
    return `code ${body.code} · ${body.message ?? ''}${detail ? ` · ${detail}` : ''}`;
  }
  return `HTTP ${res.status} ${res.headers.get('x-ca-error-code') ?? ''} ${res.headers.get('x-ca-error-message') ?? ''}`.trim();
}

// ---- controls -----------------------------------------------------------------------------

function wireClock() {
  const advance = $('clock-advance');
  advance.addEventListener('submit', (event) => {
    event.preventDefault();
    const by = advance.elements.namedItem('by').value.trim();
    void act(`advancing the clock by ${by}`, () => admin('POST', '/clock/advance', { by }));
  });
  for (const button of advance.querySelectorAll('button[data-by]')) {
    button.addEventListener('click', () => {
      void act(`advancing the clock by ${button.dataset.by}`, () => admin('POST', '/clock/advance', { by: button.dataset.by }));
    });
  }
  const set = $('clock-set');
  set.addEventListener('submit', (event) => {
    event.preventDefault();
    const now = set.elements.namedItem('now').value.trim();
    const frozen = set.elements.namedItem('frozen').checked;
    void act(`setting the clock to ${now}`, () => admin('PUT', '/clock', { now, frozen }));
  });
}

/** Asks before an action that cannot be undone; resolves true when the user confirms. */
function confirmAction(title, text, confirmLabel) {
  const dialog = $('confirm-dialog');
  $('confirm-title').textContent = title;
  $('confirm-text').textContent = text;
  $('confirm-ok').textContent = confirmLabel;
  dialog.returnValue = '';
  dialog.showModal();
  return new Promise((resolve) => dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok'), { once: true }));
}

function wireReset() {
  $('reset').addEventListener('click', async () => {
    if (!(await confirmAction('Reset the emulator?', 'Back to the fixtures, the start instant and the seed: every order bought, every fault rule added and the journal of this session are gone. This cannot be undone.', 'Reset'))) return;
    void act('reset to the fixtures', async () => {
      await admin('POST', '/reset');
      state.selection = null;
      state.ruleTypes.clear();
      state.window = null;
      writeAddress();
      for (const id of ['buy-result', 'fault-result']) {
        $(id).textContent = '';
        delete $(id).dataset.orderId;
      }
    });
  });
  $('journal-clear').addEventListener('click', async () => {
    if (!(await confirmAction('Clear the journal?', `The ${state.total} recorded calls of this session are removed. Orders, the clock and fault rules stay.`, 'Clear'))) return;
    void act('clearing the journal', () => admin('DELETE', '/requests'));
  });
  $('journal-live').addEventListener('change', () => void poll());
  const filter = $('journal-filter');
  let filterTimer = null;
  filter.addEventListener('input', () => {
    clearTimeout(filterTimer);
    filterTimer = setTimeout(() => {
      const data = new FormData(filter);
      state.filter = Object.fromEntries(['path', 'code', 'iotId'].map((k) => [k, String(data.get(k) ?? '').trim()]).filter(([, v]) => v));
      void readJournal().catch(handleError);
    }, 250);
  });
  filter.addEventListener('submit', (event) => event.preventDefault());
  wireJournalKeys($('journal').tBodies[0], (id) => select({ kind: 'request', id, entry: state.requests.find((r) => r.id === id) }));
}

function wireBuy() {
  const form = $('buy-form');
  form.elements.namedItem('iotId').addEventListener('change', (event) => prefillUser(form, state.devices.get(event.target.value)));
  form.elements.namedItem('kind').addEventListener('change', () => syncBuyForm(form, state.packages));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const out = $('buy-result');
    const { path, params } = callFromForm(form);
    delete out.dataset.orderId;
    out.className = 'result';
    out.textContent = `calling ${path.replace('/vision/customer/', '')}…`;
    try {
      const res = await callApi(path, params, apiVerOf(path));
      const body = res.body;
      if (body && body.code === 200 && body.data) {
        const orderId = body.data.orderId;
        out.className = 'result ok';
        out.dataset.orderId = orderId;
        replace(out, `code 200 · orderId ${orderId} · `, h('span.dates', {}, body.data.startTime && body.data.endTime ? `${body.data.startTime} → ${body.data.endTime}` : ''));
        state.selection = { kind: 'order', orderId };
        writeAddress();
        await sync();
        // Queued far ahead, the new order may start past the window: move the window to its start.
        const start = periodsOf(findOrder(orderId)?.order ?? {})[0]?.start;
        if (start !== undefined && (start < state.window.start || start >= state.window.end)) state.window = windowAround(state.window, start);
        timelines.reveal(params.iotId);
        drawDevices();
        drawDetails();
      } else {
        out.className = 'result bad';
        out.textContent = answerText(res);
        await sync();
      }
    } catch (err) {
      // A dropped connection (a drop fault) lands here.
      out.className = 'result bad';
      out.textContent = `no answer: the connection closed without one (${err.message})`;
      await sync().catch(handleError);
    }
  });
  $('quota-check').addEventListener('click', async () => {
    const iotId = form.elements.namedItem('iotId').value;
    const out = $('buy-result');
    delete out.dataset.orderId;
    try {
      const res = await callApi(QUOTA_CHECK, { iotId }, apiVerOf(QUOTA_CHECK));
      out.className = res.body?.code === 200 ? 'result ok' : 'result bad';
      out.textContent = res.body?.code === 200 ? 'code 200 · data null: the administrator may claim the free trial' : answerText(res);
      await sync();
    } catch (err) {
      out.className = 'result bad';
      out.textContent = `no answer: ${err.message}`;
    }
  });
}

function openTransfer(srcIotId, srcOrderId) {
  const dialog = $('transfer-dialog');
  const form = $('transfer-form');
  form.dataset.srcIotId = srcIotId;
  form.dataset.srcOrderId = srcOrderId;
  $('transfer-what').textContent = `Order ${srcOrderId} of ${srcIotId}: its remaining time moves to`;
  dialog.showModal();
}

function wireTransfer() {
  const dialog = $('transfer-dialog');
  const form = $('transfer-form');
  dialog.addEventListener('close', () => {
    if (dialog.returnValue !== 'ok') return;
    const data = new FormData(form);
    void orderCall('transferring the order', '/vision/customer/cloudstorage/transfer', {
      srcIotId: form.dataset.srcIotId,
      srcOrderId: form.dataset.srcOrderId,
      dstIotId: String(data.get('dstIotId')),
      immediateUse: data.get('immediateUse') === 'on',
      supportCrossIdentityTransfer: data.get('cross') === 'on',
    });
  });
}

function wireFaults() {
  const form = $('fault-form');
  replace(form.elements.namedItem('code'), ERROR_CODES.map(([code, text]) => h('option', { value: String(code) }, `${code} ${text}`)));
  syncFaultForm(form);
  form.elements.namedItem('type').addEventListener('change', () => syncFaultForm(form));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const out = $('fault-result');
    const rule = ruleFromForm(form);
    const added = await act(`adding a ${rule.type} rule`, () => admin('POST', '/faults', rule), { quiet: true });
    if (added) {
      out.className = 'result ok';
      out.textContent = `added ${`${added.type} rule ${added.id ?? ''}`.trim()}`;
      out.dataset.ruleId = added.id ?? '';
    } else {
      out.className = 'result bad';
      out.textContent = $('status').textContent;
    }
  });
}

function wireTimelines() {
  timelines = createTimelines($('timelines'), {
    onSelect: (orderId) => select({ kind: 'order', orderId }),
    onToggle: (iotId) => {
      if (state.collapsed.has(iotId)) state.collapsed.delete(iotId);
      else state.collapsed.add(iotId);
      drawDevices(new Set([iotId]));
      document.querySelector(`[data-testid=device][data-iot-id="${CSS.escape(iotId)}"] button.collapse`)?.focus();
    },
  });
  const moveWindow = (next) => {
    state.window = next;
    drawDevices();
  };
  const controls = {
    'zoom-in': () => zoomWindow(state.window, 0.5),
    'zoom-out': () => zoomWindow(state.window, 2),
    'pan-back': () => panWindow(state.window, -1 / 3),
    'pan-on': () => panWindow(state.window, 1 / 3),
    'window-now': () => windowAround(state.window, state.clock.nowMs),
    'window-fit': () => axisRange([...state.devices.values()].flatMap((d) => lanesOf(d).flatMap((l) => l.orders)), state.clock.nowMs),
  };
  for (const [id, next] of Object.entries(controls)) $(id).addEventListener('click', () => state.clock && moveWindow(next()));
  const find = $('device-find');
  find.addEventListener('input', () => {
    const data = new FormData(find);
    state.find = { text: String(data.get('text') ?? '').trim(), family: String(data.get('family') ?? ''), state: String(data.get('state') ?? '') };
    drawDevices();
  });
  find.addEventListener('submit', (event) => event.preventDefault());
  $('collapse-all').addEventListener('click', () => {
    const shown = timelinesView().shown;
    const fold = shown.some((id) => !state.collapsed.has(id));
    for (const id of shown) (fold ? state.collapsed.add(id) : state.collapsed.delete(id));
    $('collapse-all').textContent = fold ? 'Expand all' : 'Collapse all';
    drawDevices();
  });
}

function wireToken() {
  const dialog = $('token-dialog');
  const forget = $('token-forget');
  forget.hidden = !storedToken();
  forget.addEventListener('click', () => {
    storeToken(null);
    forget.hidden = true;
    $('token-form').reset();
    askForToken();
  });
  $('token-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    storeToken(new FormData(event.target).get('token'));
    try {
      await load();
      state.waitingForToken = false;
      dialog.close();
      forget.hidden = false;
      setStatus('token accepted', 'ok');
    } catch (err) {
      $('token-error').textContent = err instanceof TokenRequired ? 'The emulator refused this token.' : err.message;
    }
  });
  // Without a token the page can do nothing; keep the dialog up.
  dialog.addEventListener('cancel', (event) => event.preventDefault());
}

/** The session picker: the live sessions, or a new name; the page then looks at and acts on that session only. */
function wireSessions() {
  const input = $('session');
  const refresh = async () => {
    try {
      const { sessions } = await admin('GET', '/sessions');
      replace($('session-names'), sessions.map((s) => h('option', { value: s.name })));
    } catch {
      // The list is a help: typing a name works without it.
    }
  };
  input.addEventListener('focus', () => void refresh());
  $('session-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const name = input.value.trim() || 'default';
    input.value = name;
    useSession(name === 'default' ? null : name);
    state.since = undefined;
    state.selection = null;
    state.journalVersion = -1;
    state.window = null;
    writeAddress();
    void act(`looking at session ${name}`, () => Promise.resolve());
  });
}

function wirePresenter() {
  $('presenter').addEventListener('click', () => {
    const on = document.body.classList.toggle('presenter');
    $('presenter').setAttribute('aria-pressed', String(on));
    writeAddress();
    drawDevices();
  });
}

let resizeTimer = null;
window.addEventListener('resize', () => {
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(() => drawDevices(), 150);
});

/** The first full load: the catalogue, every device, the journal; then the page says it is ready. */
async function load() {
  const { families } = await admin('GET', '/families');
  const paths = [];
  for (const family of families) {
    const short = family.name.split(' ')[0];
    state.packages.set(short, family.packages);
    for (const op of family.operations) {
      state.apiVers.set(op.path, op.apiVers);
      paths.push(op.path);
    }
  }
  // A wildcard per group of paths (/vision/customer/cloudstorage/*) filters a whole family at once.
  const groups = [...new Set(paths.map((p) => p.replace(/\/[^/]+(\/[^/]+)?$/, '/*')).filter((p) => p.split('/').length > 3))];
  replace($('api-paths'), [...paths, ...groups].map((p) => h('option', { value: p })));
  await sync();
  const form = $('buy-form');
  syncBuyForm(form, state.packages);
  prefillUser(form, state.devices.get(form.elements.namedItem('iotId').value));
  document.body.dataset.ready = 'true';
}

/** Skip links move the focus into the section, not only the scroll position. */
function wireSkipLinks() {
  for (const link of document.querySelectorAll('.skip-links a')) {
    link.addEventListener('click', (event) => {
      const target = document.querySelector(link.dataset.focus);
      if (!target) return;
      event.preventDefault();
      target.focus();
      target.scrollIntoView({ block: 'center' });
    });
  }
}

async function start() {
  const address = readAddress();
  if (address.session) {
    $('session').value = address.session;
    useSession(address.session === 'default' ? null : address.session);
  }
  if (address.present) {
    document.body.classList.add('presenter');
    $('presenter').setAttribute('aria-pressed', 'true');
  }
  if (address.entry) state.selection = { kind: 'request', id: address.entry };
  else if (address.order) state.selection = { kind: 'order', orderId: address.order };
  $('status').addEventListener('click', () => setStatus(''));
  wireSkipLinks();
  wireTimelines();
  wireClock();
  wireReset();
  wireBuy();
  wireTransfer();
  wireFaults();
  wireToken();
  wireSessions();
  wirePresenter();
  try {
    await load();
  } catch (err) {
    handleError(err);
  }
  state.pollTimer = setTimeout(poll, POLL_MS);
}

void start();
