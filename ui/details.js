// The details pane: every field of a selected order as the API returns it, with the actions the
// API offers on it, or the request and answer of a selected journal entry. Fields are kept by
// name: a field that ticks (preConsume on a running clock) changes its own cell and nothing else.
import { h, keyed, patch, pretty, replace } from './dom.js';
import { formatInZone, orderState, paymentState, periodsOf } from './timeline.js';

function fieldText(value) {
  if (value === null) return 'null';
  if (typeof value === 'object') return pretty(value);
  return String(value);
}

function fieldRows(tbody, rows) {
  keyed(
    tbody,
    rows,
    ([key]) => key,
    ([key]) => h('tr', { dataset: { field: key } }, h('th', { scope: 'row' }, key), h('td.mono')),
    (tr, [, value, title]) => {
      const td = tr.lastChild;
      const text = fieldText(value);
      patch(td, { class: value === null ? 'mono null' : 'mono', title: title ?? null });
      if (typeof value === 'object' && value !== null) {
        if (td.firstChild?.nodeName !== 'PRE' || td.firstChild.textContent !== text) td.replaceChildren(h('pre', {}, text));
      } else patch(td, { text });
    },
  );
}

/** The periods in the emulator's zone, as the page shows every other time (the ISO instants in the title). */
function periodsText(order, timeZone) {
  return periodsOf(order)
    .map((p) => `${formatInZone(p.start, timeZone)} → ${formatInZone(p.end, timeZone)}`)
    .join('\n');
}

/**
 * Shows an order: its name, state and payment, its periods in the zone, the actions the API
 * offers on it (`actions`: [{label, title, run}]), then each field in the API's own order.
 */
export function showOrder(container, order, clock, actions = []) {
  const state = orderState(order, clock.nowMs);
  const key = `order:${order.orderId}`;
  if (container.dataset.showing !== key) {
    container.dataset.showing = key;
    replace(
      container,
      h('div.detail-head', {}, h('strong', { lang: 'zh-CN' }), h('span.badge.state'), h('span.badge.pay')),
      h('p.muted.periods'),
      h('div.order-actions', { role: 'group', 'aria-label': 'Actions on this order' }),
      h('table.fields', { 'data-testid': 'order-fields' }, h('tbody')),
    );
  }
  const [head, periods, actionBar, table] = container.children;
  patch(head.children[0], { text: order.commodityName ?? order.commodityCode });
  patch(head.children[1], { class: `badge state state-${state}`, text: state.replace('-', ' ') });
  patch(head.children[2], { class: `badge pay pay-${paymentState(order)}`, text: paymentState(order) });
  patch(periods, { text: `${periodsText(order, clock.timezone)} (${clock.timezone})` });
  keyed(
    actionBar,
    actions,
    (a) => a.label,
    (a) => h('button.small', { type: 'button', dataset: { action: a.label } }, a.label),
    (el, a) => {
      patch(el, { title: a.title ?? null });
      el.onclick = a.run;
    },
  );
  const rows = Object.entries(order).map(([field, value]) =>
    field === 'periods' ? [field, periodsText(order, clock.timezone), periodsOf(order).map((p) => `${new Date(p.start).toISOString()} → ${new Date(p.end).toISOString()}`).join('\n')] : [field, value],
  );
  fieldRows(table.tBodies[0], rows);
}

function headerLines(headers) {
  if (!headers || typeof headers !== 'object') return '';
  return Object.entries(headers)
    .map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(', ') : v}`)
    .join('\n');
}

/** What a request ended with, in words, when there was no envelope to show. */
function noAnswerText(entry) {
  if (entry.status === null || entry.status === undefined) return '(no answer: the connection was dropped or the client left)';
  if (entry.gatewayError) return `(no body: the gateway answered HTTP ${entry.status} ${entry.gatewayError}; its headers say why)`;
  return '(empty body)';
}

/** Shows a journal entry: what fired, then the request and the answer. */
export function showRequest(container, entry, timeZone, faultText) {
  const key = `request:${entry.id}:${entry.status}:${faultText}`;
  if (container.dataset.showing === key) return;
  container.dataset.showing = key;
  const code = entry.code ?? (entry.gatewayError ? `— (gateway error ${entry.gatewayError})` : entry.status === null ? '— (no answer)' : '—');
  const summary = [
    ['id', entry.id],
    ['time', `${formatInZone(Date.parse(entry.time), timeZone)} (${timeZone})`],
    ['method', entry.method],
    ['path', entry.path],
    ['iotId', entry.iotId ?? '—'],
    ['status', entry.status ?? '— (no answer)'],
    ['code', code],
    ['latencyMs', entry.latencyMs ?? '—'],
    ['fault', faultText || '—'],
    ['detail', entry.detail ?? '—'],
  ];
  replace(
    container,
    h('div.detail-head', {}, h('strong', {}, `${entry.method ?? ''} ${entry.path ?? ''}`), faultText ? h('span.badge.fault', {}, `fault ${faultText}`) : null),
    h('table.fields', { 'data-testid': 'request-fields' }, h('tbody', {}, summary.map(([k, v]) => h('tr', { dataset: { field: k } }, h('th', { scope: 'row' }, k), h('td.mono', {}, String(v)))))),
    entry.headers ? h('details', {}, h('summary', {}, 'request headers'), h('pre', {}, headerLines(entry.headers))) : null,
    h('h3', {}, 'request body'),
    h('pre.body', { 'data-testid': 'request-body', tabindex: '0' }, pretty(entry.requestBody) || '(empty)'),
    h('h3', {}, 'answer'),
    entry.responseHeaders ? h('details', {}, h('summary', {}, 'answer headers'), h('pre', {}, headerLines(entry.responseHeaders))) : null,
    h('pre.body', { 'data-testid': 'response-body', tabindex: '0' }, pretty(entry.responseBody) || noAnswerText(entry)),
  );
}

/** Back to the hint. */
export function clearDetails(container) {
  if (container.dataset.showing === '') return;
  container.dataset.showing = '';
  replace(container, h('p.hint', {}, 'Select an order bar or a journal row.'));
}
