// The admin page: polls the admin API, draws what it answers, and turns the controls into
// admin API calls. State lives here; the other modules only draw or build requests.
import { admin, storedToken, storeToken, TokenRequired } from './api.js';
import { fillCreateForm, loadPackages, prefillUser, submitCreate } from './create.js';
import { clearDetails, showOrder, showRequest } from './details.js';
import { renderDevices } from './devices.js';
import { h, replace } from './dom.js';
import { ERROR_CODES, renderFaults, ruleFromForm, syncFaultForm } from './faults.js';
import { faultLabel, renderJournal } from './journal.js';
import { formatInZone, isoInZone } from './timeline.js';

const POLL_MS = 1000;
const JOURNAL_LIMIT = 100;
const API_PATHS = [
  '/cloud/token',
  '/vision/customer/streaming/commodity/query',
  '/vision/customer/streaming/order/create',
  '/vision/customer/streaming/order/pay',
  '/vision/customer/streaming/order/get',
  '/vision/customer/streaming/order/query',
  '/vision/customer/streaming/order/enable',
  '/vision/customer/streaming/order/*',
];

const $ = (id) => document.getElementById(id);

const state = {
  clock: null,
  devices: [],
  requests: [],
  total: 0,
  faults: [],
  packages: [],
  /** {kind: 'order', orderId} or {kind: 'request', id, entry}: the entry as last read, kept when newer traffic pushes it off the list. */
  selection: null,
  /** The journal filter: {path, code, iotId}, empty ones left out. */
  filter: {},
  /** The type of every rule seen, by id: a journal entry names its rule after the rule is removed. */
  ruleTypes: new Map(),
  /** What was last drawn, so that a poll that brings nothing new redraws nothing. */
  drawn: { devices: '', form: '', journal: '', faults: '', details: '' },
  waitingForToken: false,
  pollTimer: null,
  /** The clock mode last copied into the "frozen" box. */
  shownFrozen: null,
};

let statusTimer = null;

/** The status of the last action, in full; a success fades after a few seconds, an error stays until the next action. */
function setStatus(text, kind = '') {
  const el = $('status');
  el.textContent = text;
  el.className = `status ${kind}`;
  clearTimeout(statusTimer);
  if (kind === 'ok') statusTimer = setTimeout(() => setStatus(''), 5000);
}

function findOrder(orderId) {
  for (const d of state.devices) {
    for (const o of d.orders ?? []) if (o.orderId === orderId) return o;
    for (const lane of d.lanes ?? []) for (const o of lane.orders ?? []) if (o.orderId === orderId) return o;
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

// ---- drawing -------------------------------------------------------------------------------

function drawClock() {
  const c = state.clock;
  if (!c) return;
  $('clock-now').textContent = formatInZone(c.nowMs, c.timezone);
  $('clock-now').dataset.nowMs = String(c.nowMs);
  $('clock-now').title = c.now;
  const mode = $('clock-mode');
  mode.textContent = c.frozen ? 'frozen' : 'running';
  mode.className = `badge ${c.frozen ? 'frozen-clock' : 'running-clock'}`;
  $('clock-zone').textContent = c.timezone;
  // The zone's wall time with its offset: the same reading as "now" beside it, and an ISO instant the API takes.
  const input = document.querySelector('#clock-set [name=now]');
  if (document.activeElement !== input) input.value = isoInZone(c.nowMs, c.timezone);
  // Follows the clock's mode when it changes, not on every poll, so a box just ticked stays ticked.
  if (state.shownFrozen !== c.frozen) {
    state.shownFrozen = c.frozen;
    document.querySelector('#clock-set [name=frozen]').checked = c.frozen;
  }
}

/**
 * A running clock moves every poll; redrawing the timelines (and losing hover and focus) is
 * worth it only once now has moved by about a pixel. Order states still redraw at once: the
 * API's status is part of the devices.
 */
function nowStep() {
  const c = state.clock;
  if (c.frozen) return c.nowMs;
  const span = Number($('timelines').dataset.axisEnd) - Number($('timelines').dataset.axisStart);
  const resolution = Number.isFinite(span) && span > 0 ? Math.max(1000, span / 2000) : 1000;
  return Math.floor(c.nowMs / resolution);
}

function drawDevices(force = false) {
  if (!state.clock) return;
  const selected = state.selection?.kind === 'order' ? state.selection.orderId : null;
  const key = JSON.stringify([state.devices, nowStep(), state.clock.frozen, state.clock.timezone, selected, $('timelines').clientWidth, state.packages.length]);
  if (!force && key === state.drawn.devices) return;
  state.drawn.devices = key;
  renderDevices($('timelines'), state.devices, state.clock, selected, (order) => select({ kind: 'order', orderId: order.orderId }), state.packages);
  // The form's choices change only with the devices and packages: an open dropdown stays open.
  const formKey = JSON.stringify([state.devices.map((d) => [d.iotId, d.nickName, d.deviceName]), state.packages]);
  if (force || formKey !== state.drawn.form) {
    state.drawn.form = formKey;
    fillCreateForm($('create-form'), state.devices, state.packages);
    replace($('device-ids'), state.devices.map((d) => h('option', { value: d.iotId }, d.nickName ?? '')));
  }
}

function drawJournal() {
  const selected = state.selection?.kind === 'request' ? state.selection.id : null;
  const key = JSON.stringify([state.requests.map((r) => r.id), state.total, state.faults.map((f) => f.id), selected, state.clock?.timezone]);
  if (key === state.drawn.journal) return;
  state.drawn.journal = key;
  const zone = state.clock?.timezone ?? 'UTC';
  const filtered = Object.keys(state.filter).length > 0;
  renderJournal($('journal').tBodies[0], state.requests, zone, selected, (entry) => select({ kind: 'request', id: entry.id, entry }), {
    total: state.total,
    faultText,
    filtered,
  });
  const shown = state.total > state.requests.length ? `${state.requests.length} of ${state.total}` : `${state.total}`;
  $('journal-count').textContent = filtered ? `${shown} matching` : shown;
}

function drawFaults() {
  const key = JSON.stringify(state.faults);
  if (key === state.drawn.faults) return;
  state.drawn.faults = key;
  // "added rule f1" says nothing once f1 is gone.
  const result = $('fault-result');
  if (result.dataset.ruleId && !state.faults.some((r) => r.id === result.dataset.ruleId)) {
    result.textContent = '';
    result.className = 'result';
    delete result.dataset.ruleId;
  }
  renderFaults($('fault-list'), state.faults, (rule) =>
    act(`removing rule ${rule.id}`, () => admin('DELETE', `/faults/${encodeURIComponent(rule.id)}`)),
  );
}

function drawDetails() {
  const sel = state.selection;
  const container = $('details');
  let key = '';
  let draw = () => clearDetails(container);
  if (sel?.kind === 'order') {
    const order = findOrder(sel.orderId);
    if (order) {
      key = JSON.stringify([order, state.clock ? nowStep() : 0]);
      draw = () => showOrder(container, order, state.clock);
    }
  } else if (sel?.kind === 'request') {
    const entry = state.requests.find((r) => r.id === sel.id) ?? sel.entry;
    if (entry) {
      key = JSON.stringify([entry, faultText(entry)]);
      draw = () => showRequest(container, entry, state.clock?.timezone ?? 'UTC', faultText(entry));
    }
  }
  if (key === state.drawn.details && key !== '') return;
  state.drawn.details = key;
  draw();
}

function drawAll() {
  drawClock();
  drawDevices();
  drawJournal();
  drawFaults();
  drawDetails();
}

function select(selection) {
  state.selection = selection;
  drawDevices();
  drawJournal();
  drawDetails();
}

// ---- talking to the emulator --------------------------------------------------------------

let refreshCount = 0;
let appliedRefresh = 0;

/** Reads everything the page shows; an answer older than one already drawn is dropped. */
async function refresh() {
  refreshCount += 1;
  const ticket = refreshCount;
  const query = new URLSearchParams({ ...state.filter, limit: String(JOURNAL_LIMIT) });
  const [clock, devices, journal, faults] = await Promise.all([
    admin('GET', '/clock'),
    admin('GET', '/devices'),
    admin('GET', `/requests?${query}`),
    admin('GET', '/faults'),
  ]);
  // A poll that started before an action must not draw the state from before it.
  if (ticket < appliedRefresh) return;
  appliedRefresh = ticket;
  state.clock = clock;
  state.devices = devices.devices ?? [];
  state.requests = journal.requests ?? [];
  state.total = journal.total ?? state.requests.length;
  state.faults = Array.isArray(faults) ? faults : faults.rules ?? [];
  for (const rule of state.faults) state.ruleTypes.set(rule.id, rule.type);
  await keepSelectedEntry();
  drawAll();
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
 * Runs an action, then redraws from fresh data; errors show in the status line, and success too
 * unless the form has a result line of its own (`quiet`).
 */
async function act(label, fn, { quiet = false } = {}) {
  setStatus(`${label}…`);
  try {
    const out = await fn();
    await refresh();
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
      await refresh();
      if (/unreachable/.test($('status').textContent)) setStatus('');
    } catch (err) {
      if (err instanceof TokenRequired) handleError(err);
      else setStatus(`emulator unreachable: ${err.message}`, 'error');
    }
  }
  state.pollTimer = setTimeout(poll, POLL_MS);
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

function wireReset() {
  $('reset').addEventListener('click', () => {
    void act('reset to the fixtures', async () => {
      await admin('POST', '/reset');
      state.selection = null;
      state.ruleTypes.clear();
      $('create-result').textContent = '';
      $('fault-result').textContent = '';
    });
  });
  $('journal-clear').addEventListener('click', () => {
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
      void refresh().catch(handleError);
    }, 250);
  });
  filter.addEventListener('submit', (event) => event.preventDefault());
}

function wireCreate() {
  const form = $('create-form');
  form.elements.namedItem('iotId').addEventListener('change', (event) => {
    prefillUser(form, state.devices.find((d) => d.iotId === event.target.value));
  });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const out = $('create-result');
    // Where the result line is on the screen now: after the redraw it is put back there, so the
    // user sees the answer to their own action (and the button they pressed) without scrolling.
    const shownAt = out.getBoundingClientRect().top;
    const keepInPlace = () => {
      const moved = out.getBoundingClientRect().top - shownAt;
      if (Math.abs(moved) >= 1) window.scrollBy(0, moved);
    };
    out.className = 'result';
    out.textContent = 'calling order/create…';
    try {
      const res = await submitCreate(form);
      const body = res.body;
      if (body && body.code === 200 && body.data) {
        out.className = 'result ok';
        out.textContent = `code 200 · orderId ${body.data.orderId} · ${body.data.startTime} → ${body.data.endTime}`;
        state.selection = { kind: 'order', orderId: body.data.orderId };
      } else if (body && typeof body === 'object' && 'code' in body) {
        const detail = res.headers.get('x-mock-error-detail');
        out.className = 'result bad';
        out.textContent = `code ${body.code} · ${body.message ?? ''}${detail ? ` · ${detail}` : ''}`;
      } else {
        out.className = 'result bad';
        out.textContent = `HTTP ${res.status} ${res.headers.get('x-ca-error-code') ?? ''} ${res.headers.get('x-ca-error-message') ?? ''}`.trim();
      }
      await refresh();
    } catch (err) {
      // A dropped connection (a drop fault) lands here.
      out.className = 'result bad';
      out.textContent = `no answer: ${err.message}`;
      await refresh().catch(handleError);
    }
    keepInPlace();
  });
}

function wireFaults() {
  const form = $('fault-form');
  replace(form.elements.namedItem('code'), ERROR_CODES.map(([code, text]) => h('option', { value: String(code) }, `${code} ${text}`)));
  replace($('api-paths'), API_PATHS.map((p) => h('option', { value: p })));
  syncFaultForm(form);
  form.elements.namedItem('type').addEventListener('change', () => syncFaultForm(form));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const out = $('fault-result');
    const rule = ruleFromForm(form);
    const added = await act(`adding a ${rule.type} rule`, () => admin('POST', '/faults', rule), { quiet: true });
    if (added) {
      out.className = 'result ok';
      out.textContent = `added ${describeRuleId(added)}`;
      out.dataset.ruleId = added.id ?? '';
    } else {
      out.className = 'result bad';
      out.textContent = $('status').textContent;
    }
  });
}

function describeRuleId(rule) {
  return `${rule.type} rule ${rule.id ?? ''}`.trim();
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

let resizeTimer = null;
window.addEventListener('resize', () => {
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(() => drawDevices(), 150);
});

/** The first full load: data, the package list, then the page says it is ready. */
async function load() {
  await refresh();
  state.packages = await loadPackages(state.devices);
  // Again, so that the journal shows the package query at once.
  await refresh();
  drawDevices(true);
  const form = $('create-form');
  prefillUser(form, state.devices.find((d) => d.iotId === form.elements.namedItem('iotId').value));
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
  $('status').addEventListener('click', () => setStatus(''));
  wireSkipLinks();
  wireClock();
  wireReset();
  wireCreate();
  wireFaults();
  wireToken();
  try {
    await load();
  } catch (err) {
    handleError(err);
  }
  state.pollTimer = setTimeout(poll, POLL_MS);
}

void start();
