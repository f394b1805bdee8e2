// The details pane: every field of a selected order as the API returns it, or the request and
// answer of a selected journal entry.
import { h, pretty, replace } from './dom.js';
import { formatInZone, orderState, paymentState, periodsOf } from './timeline.js';

function fieldValue(value) {
  if (value === null) return h('span.null', {}, 'null');
  if (typeof value === 'object') return h('pre', {}, pretty(value));
  return String(value);
}

/** Shows an order: a summary, then each field in the API's own order. */
export function showOrder(container, order, clock) {
  const state = orderState(order, clock.nowMs);
  const periods = periodsOf(order);
  replace(
    container,
    h(
      'div.detail-head',
      {},
      h('strong', {}, order.commodityName ?? order.commodityCode),
      h('span', { class: `badge state-${state}` }, state.replace('-', ' ')),
      h('span', { class: `badge pay-${paymentState(order)}` }, paymentState(order)),
    ),
    h(
      'p.muted',
      {},
      periods.map((p, i) => h('span.period', {}, `${i ? ' + ' : ''}${formatInZone(p.start, clock.timezone)} → ${formatInZone(p.end, clock.timezone)}`)),
      ` (${clock.timezone})`,
    ),
    h(
      'table.fields',
      { 'data-testid': 'order-fields' },
      h('tbody', {}, Object.entries(order).map(([key, value]) => h('tr', { dataset: { field: key } }, h('th', {}, key), h('td.mono', {}, fieldValue(value))))),
    ),
  );
}

function headerLines(headers) {
  if (!headers || typeof headers !== 'object') return '';
  return Object.entries(headers)
    .map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(', ') : v}`)
    .join('\n');
}

/** Shows a journal entry: what fired, then the request and the answer. */
export function showRequest(container, entry, timeZone, faultText) {
  const summary = [
    ['id', entry.id],
    ['time', entry.time],
    ['method', entry.method],
    ['path', entry.path],
    ['api', entry.api],
    ['iotId', entry.iotId],
    ['status', entry.status],
    ['code', entry.code],
    ['latencyMs', entry.latencyMs],
    ['fault', faultText || null],
    ['detail', entry.detail],
  ].filter(([, v]) => v !== undefined);
  replace(
    container,
    h('div.detail-head', {}, h('strong', {}, `${entry.method ?? ''} ${entry.path ?? ''}`), faultText ? h('span.badge.fault', {}, `fault ${faultText}`) : null),
    h('table.fields', { 'data-testid': 'request-fields' }, h('tbody', {}, summary.map(([k, v]) => h('tr', { dataset: { field: k } }, h('th', {}, k), h('td.mono', {}, fieldValue(v)))))),
    entry.headers ? h('details', {}, h('summary', {}, 'request headers'), h('pre', {}, headerLines(entry.headers))) : null,
    h('h3', {}, 'request body'),
    h('pre.body', { 'data-testid': 'request-body' }, pretty(entry.requestBody) || '(empty)'),
    h('h3', {}, 'answer'),
    entry.responseHeaders ? h('details', {}, h('summary', {}, 'answer headers'), h('pre', {}, headerLines(entry.responseHeaders))) : null,
    h('pre.body', { 'data-testid': 'response-body' }, pretty(entry.responseBody) || '(empty body)'),
  );
}

/** Back to the hint. */
export function clearDetails(container) {
  replace(container, h('p.hint', {}, 'Select an order bar or a journal row.'));
}
