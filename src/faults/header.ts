import { businessErrorByCode, injectableGatewayError } from '../errors/catalogue.js';
import { BUSINESS_CODE_EXPECTED, GATEWAY_FAULT_STATUSES, GATEWAY_STATUS_CHOICES, MAX_DELAY_MS, type FaultRule } from './schema.js';

/** The id a per-request header fault carries in the journal and x-mock-fault-rule. */
export const HEADER_RULE_ID = 'x-mock-fault';

/** The header's vocabulary, said after every refusal of a value. */
export const FAULT_HEADER_USAGE = `use latency=<ms>, code=<business code>, gateway=${GATEWAY_FAULT_STATUSES.join('|')}, timeout, timeout=<ms>, drop or hang`;

/**
 * The fault a single request asks for with `x-mock-fault` (Prism's `Prefer` idea):
 * `latency=5000`, `code=403`, `gateway=503`, `timeout`, `drop`, `hang`.
 */
export function parseFaultHeader(value: string): { ok: true; rule: FaultRule } | { ok: false; error: string } {
  const text = value.trim();
  const [name, arg] = text.split('=', 2).map((s) => s.trim()) as [string, string | undefined];
  const int = arg !== undefined && /^\d+$/.test(arg) ? Number(arg) : undefined;
  const base = { id: HEADER_RULE_ID, match: {} };
  const bad = (why: string) => ({ ok: false as const, error: `x-mock-fault "${text}": ${why}; ${FAULT_HEADER_USAGE}` });
  const tooLong = int !== undefined && int > MAX_DELAY_MS;
  switch (name.toLowerCase()) {
    case 'latency':
    case 'delay':
      if (int === undefined) return bad('latency needs milliseconds');
      if (tooLong) return bad(`latency is at most ${MAX_DELAY_MS} ms (the longest timer Node keeps)`);
      return { ok: true, rule: { ...base, type: 'latency', delay: int } };
    case 'code':
      if (int === undefined || !businessErrorByCode(int)) return bad(`code needs ${BUSINESS_CODE_EXPECTED}`);
      return { ok: true, rule: { ...base, type: 'error', code: int } };
    case 'gateway':
    case 'status':
      if (int === undefined || !injectableGatewayError(int)) return bad(`gateway needs ${GATEWAY_STATUS_CHOICES}`);
      return { ok: true, rule: { ...base, type: 'gateway', status: int } };
    case 'timeout':
      if (arg !== undefined && (int === undefined || int === 0)) return bad('timeout takes positive milliseconds or nothing');
      if (tooLong) return bad(`timeout is at most ${MAX_DELAY_MS} ms (the longest timer Node keeps)`);
      return { ok: true, rule: { ...base, type: 'timeout', ...(int === undefined ? {} : { timeoutMs: int }) } };
    case 'drop':
      return { ok: true, rule: { ...base, type: 'drop' } };
    case 'hang':
      return { ok: true, rule: { ...base, type: 'hang' } };
    default:
      return bad('unknown fault');
  }
}
