// Fault rules as data: a small form that builds one rule, and the list with a remove button each.
import { h, replace } from './dom.js';

/** Business codes a rule of type `error` may answer (the error catalogue's codes). */
export const ERROR_CODES = [
  [429, 'too many requests'],
  [500, 'service error'],
  [503, 'service not available'],
  [460, 'request parameter error'],
  [403, 'request forbidden'],
  [401, 'request auth error'],
  [404, 'service not found'],
  [2063, 'iotId not exist'],
];

/** The rule the fault form describes, in the admin API's shape (a union tagged by `type`). */
export function ruleFromForm(form) {
  const data = new FormData(form);
  const type = String(data.get('type'));
  const rule = { type };
  if (type === 'latency') rule.delay = Math.max(0, Math.round(Number(data.get('ms')) || 0));
  if (type === 'error') rule.code = Number(data.get('code'));
  if (type === 'gateway') rule.status = Number(data.get('status'));
  const timeoutMs = Number(data.get('timeoutMs'));
  if (type === 'timeout' && Number.isInteger(timeoutMs) && timeoutMs > 0) rule.timeoutMs = timeoutMs;
  const match = {};
  const path = String(data.get('path') ?? '').trim();
  const iotId = String(data.get('iotId') ?? '').trim();
  if (path) match.path = path;
  if (iotId) match.iotId = iotId;
  if (Object.keys(match).length) rule.match = match;
  const times = Number(data.get('times'));
  if (Number.isInteger(times) && times > 0) rule.times = times;
  return rule;
}

/** Shows only the inputs the chosen type uses. */
export function syncFaultForm(form) {
  const type = form.elements.namedItem('type').value;
  for (const label of form.querySelectorAll('[data-for]')) label.hidden = label.dataset.for !== type;
}

function delayText(delay) {
  if (typeof delay === 'number') return `${delay} ms`;
  if (!delay || typeof delay !== 'object') return '';
  if (delay.kind === 'fixed') return `${delay.ms} ms`;
  if (delay.kind === 'uniform') return `${delay.min}–${delay.max} ms`;
  if (delay.kind === 'lognormal') return `~${delay.median} ms (lognormal)`;
  return '';
}

/** One line saying what a rule does and to which requests. */
export function describeRule(rule) {
  const what = {
    latency: () => `latency ${delayText(rule.delay)}`,
    error: () => `error code ${rule.code}`,
    gateway: () => `gateway HTTP ${rule.status}`,
    timeout: () => `timeout${rule.timeoutMs ? ` after ${rule.timeoutMs} ms` : ''}`,
    drop: () => 'drop the connection',
    hang: () => 'hang (no answer)',
  }[rule.type]?.() ?? rule.type;
  const m = rule.match ?? {};
  const where = [m.path ? `path ${m.path}` : 'every API', m.iotId ? `iotId ${m.iotId}` : null, m.appKey ? `appKey ${m.appKey}` : null]
    .filter(Boolean)
    .join(', ');
  const extra = [rule.probability !== undefined ? `p=${rule.probability}` : null, rule.times ? `${rule.times}×` : null].filter(Boolean).join(' ');
  return `${what} · ${where}${extra ? ` · ${extra}` : ''}`;
}

/** Lists the rules, first match first, each with how often it fired. */
export function renderFaults(list, rules, onRemove) {
  replace(
    list,
    rules.length === 0
      ? h('li.hint', {}, 'No rules: every request is answered normally.')
      : rules.map((rule) =>
          h(
            'li.fault-rule',
            { dataset: { ruleId: rule.id, type: rule.type } },
            h('span.badge.fault', {}, rule.id),
            h('span.fault-text', {}, describeRule(rule)),
            h('span.fired', { title: 'times fired' }, `fired ${rule.fired ?? 0}`),
            h('button.small', { type: 'button', 'aria-label': `remove rule ${rule.id}`, onclick: () => onRemove(rule) }, 'Remove'),
          ),
        ),
  );
}
