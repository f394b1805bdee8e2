// The request journal, newest first, one row per request the emulator answered.
import { h, replace } from './dom.js';
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

/** Arrow keys move between rows: the table is one Tab stop, not one per row (roving tabindex). */
function moveFocus(event) {
  const row = event.currentTarget;
  const next = { ArrowDown: row.nextElementSibling, ArrowUp: row.previousElementSibling, Home: row.parentElement.firstElementChild, End: row.parentElement.lastElementChild }[event.key];
  if (!next || !next.dataset.requestId) return false;
  row.tabIndex = -1;
  next.tabIndex = 0;
  next.focus();
  return true;
}

/**
 * Fills the journal's table body; rows are buttons for the keyboard too. `total` numbers the rows
 * (newest = total), `faultText` names the rule that fired on an entry.
 */
export function renderJournal(tbody, requests, timeZone, selectedId, onSelect, { total = requests.length, faultText = faultLabel, filtered = false } = {}) {
  const focusedId = document.activeElement?.closest?.('tr')?.dataset.requestId;
  const tabStop = requests.some((r) => r.id === focusedId) ? focusedId : requests.some((r) => r.id === selectedId) ? selectedId : requests[0]?.id;
  replace(
    tbody,
    requests.length === 0
      ? h('tr', {}, h('td.hint', { colspan: '7' }, filtered ? 'No request matches the filter.' : 'No requests yet: call an API (or create an order on the left).'))
      : requests.map((entry, index) => {
          const fault = faultText(entry);
          const time = formatInZone(toMs(entry.time), timeZone);
          return h(
            'tr',
            {
              tabindex: entry.id === tabStop ? '0' : '-1',
              class: `${selectedId === entry.id ? 'selected' : ''} ${fault ? 'faulted' : ''}`,
              'aria-selected': selectedId === entry.id ? 'true' : 'false',
              dataset: { requestId: String(entry.id), code: String(entry.code ?? ''), fault: fault ? 'yes' : 'no' },
              onclick: () => onSelect(entry),
              onkeydown: (event) => {
                if (event.key === 'Enter' || event.key === ' ') {
                  event.preventDefault();
                  onSelect(entry);
                } else if (moveFocus(event)) event.preventDefault();
              },
            },
            h('td.num.mono.seq', { title: 'arrival order: 1 is the oldest entry kept' }, String(total - index)),
            h('td.mono.time', { title: `${time} (${timeZone})` }, time.slice(11)),
            h('td.api', { title: `${entry.method ?? ''} ${entry.path ?? ''}` }, shortApi(entry)),
            h('td.mono.iot', { title: entry.iotId ?? '' }, entry.iotId ?? '—'),
            h('td', { title: codeTitle(entry) }, h('span', { class: `code ${codeClass(entry)}` }, codeOf(entry))),
            h('td.num.mono', {}, entry.latencyMs === undefined || entry.latencyMs === null ? '—' : String(Math.round(entry.latencyMs))),
            h('td.fault', { 'data-testid': 'fault-cell' }, fault ? h('span.badge.fault', {}, fault) : ''),
          );
        }),
  );
  // A redraw replaces the rows: the focused one keeps the focus.
  if (focusedId) tbody.querySelector(`tr[tabindex="0"]`)?.focus();
}

function shortApi(entry) {
  const api = entry.api ?? entry.path ?? '';
  return api.replace('/vision/customer/streaming/', '');
}
