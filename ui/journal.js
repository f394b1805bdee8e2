// The request journal, newest first, one row per request the emulator answered. Rows are kept
// by entry id: new traffic adds rows and drops old ones, it never redraws the rows still shown.
import { h, keyed, patch } from './dom.js';
import { formatInZone, toMs } from './timeline.js';

/** The envelope's code; a gateway answer (no envelope) shows its HTTP status, no answer at all a dash. */
function codeOf(entry) {
  if (entry.code !== null && entry.code !== undefined) return String(entry.code);
  return entry.status !== undefined && entry.status !== null ? `HTTP ${entry.status}` : '—';
}

function codeTitle(entry) {
  if (entry.code !== null && entry.code !== undefined) return `business code ${entry.code} (HTTP ${entry.status})`;
  if (entry.status === null || entry.status === undefined) return 'no answer (dropped or timed out)';
  return `HTTP ${entry.status}${entry.gatewayError ? `, gateway error ${entry.gatewayError}` : ''}`;
}

function codeClass(entry) {
  const code = entry.code ?? entry.status;
  if (code === 200) return 'ok';
  if (code === null || code === undefined) return 'muted';
  return 'bad';
}

/** A short label of the fault that fired on a request, or '' when none did. */
export function faultLabel(entry) {
  const id = entry.faultRuleId ?? entry.fault?.ruleId ?? entry.fault?.id;
  if (id === null || id === undefined) return '';
  const type = entry.faultType ?? entry.fault?.type;
  return type ? `${type} ${id}` : String(id);
}

/** The part of an API path that tells it from the others: `cloudstorage/order/query`, `streaming/order/create`. */
export function apiTail(path) {
  return String(path ?? '').replace(/^\/vision\/customer\//, '').replace(/^\//, '');
}

/**
 * A path that may wrap after each slash (a <wbr> there) and nowhere else: a narrow journal shows
 * `cloudstorage/` over `commodity/buy` rather than cutting the part that tells calls apart.
 */
function breakable(text) {
  return text.split('/').flatMap((part, i) => (i === 0 ? [part] : [h('wbr'), `/${part}`]));
}

function createRow() {
  return h(
    'tr',
    { tabindex: '-1' },
    h('td.num.mono.seq', { title: 'arrival order: 1 is the oldest entry kept' }),
    h('td.mono.time'),
    h('td.api'),
    h('td.mono.iot'),
    h('td.code-cell', {}, h('span.code')),
    h('td.num.mono.ms'),
    h('td.fault', { 'data-testid': 'fault-cell' }),
  );
}

function drawRow(row, { entry, seq }, ctx) {
  const fault = ctx.faultText(entry);
  const time = formatInZone(toMs(entry.time), ctx.timeZone);
  const selected = ctx.selectedId === entry.id;
  patch(row, {
    class: `${selected ? 'selected' : ''} ${fault ? 'faulted' : ''}`.trim() || null,
    'aria-selected': selected ? 'true' : 'false',
    dataset: { requestId: String(entry.id), code: String(entry.code ?? ''), fault: fault ? 'yes' : 'no' },
  });
  const [num, when, api, iot, code, ms, faultCell] = row.children;
  patch(num, { text: String(seq) });
  patch(when, { text: time.slice(11), title: `${time} (${ctx.timeZone})` });
  patch(api, { title: `${entry.method ?? ''} ${entry.path ?? ''}` });
  const tail = apiTail(entry.api ?? entry.path);
  if (api.textContent !== tail) api.replaceChildren(...breakable(tail));
  patch(iot, { text: entry.iotId ?? '—', title: entry.iotId ?? '' });
  patch(code, { title: codeTitle(entry) });
  patch(code.firstChild, { text: codeOf(entry), class: `code ${codeClass(entry)}` });
  patch(ms, { text: entry.latencyMs === undefined || entry.latencyMs === null ? '—' : String(Math.round(entry.latencyMs)) });
  if ((faultCell.textContent ?? '') !== fault) faultCell.replaceChildren(...(fault ? [h('span.badge.fault', {}, fault)] : []));
}

/**
 * Fills the journal's table body; rows are buttons for the keyboard too (one Tab stop, arrows
 * move). `total` numbers the rows (newest = total), `faultText` names the rule that fired.
 */
export function renderJournal(tbody, requests, timeZone, selectedId, { total = requests.length, faultText = faultLabel, filtered = false } = {}) {
  const empty = tbody.querySelector('tr.empty');
  if (requests.length === 0) {
    if (!empty || empty.dataset.filtered !== String(filtered)) {
      tbody.replaceChildren(h('tr.empty', { dataset: { filtered: String(filtered) } }, h('td.hint', { colspan: '7' }, filtered ? 'No request matches the filter.' : 'No requests yet: call an API, or buy something in the form.')));
    }
    return;
  }
  empty?.remove();
  const focusedId = document.activeElement?.closest?.('tbody tr')?.dataset.requestId;
  const ctx = { timeZone, selectedId, faultText };
  keyed(tbody, requests.map((entry, index) => ({ entry, seq: total - index })), (r) => r.entry.id, createRow, (row, r) => drawRow(row, r, ctx));
  const tabStop = [focusedId, selectedId, requests[0].id].find((id) => requests.some((r) => r.id === id));
  for (const row of tbody.children) patch(row, { tabindex: row.dataset.requestId === tabStop ? '0' : '-1' });
}

/** Arrow keys move between rows, Enter shows one: the table is one Tab stop (roving tabindex). */
export function wireJournalKeys(tbody, onSelect) {
  tbody.addEventListener('click', (event) => {
    const row = event.target.closest('tr[data-request-id]');
    if (row) onSelect(row.dataset.requestId);
  });
  tbody.addEventListener('keydown', (event) => {
    const row = event.target.closest('tr[data-request-id]');
    if (!row) return;
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      onSelect(row.dataset.requestId);
      return;
    }
    const next = { ArrowDown: row.nextElementSibling, ArrowUp: row.previousElementSibling, Home: tbody.firstElementChild, End: tbody.lastElementChild }[event.key];
    if (!next?.dataset.requestId) return;
    event.preventDefault();
    row.tabIndex = -1;
    next.tabIndex = 0;
    next.focus();
  });
}
