/**
 * The README's table of fault types, generated so that what a rule of type `error` or `gateway`
 * takes is read from the error catalogue, as the schema and the x-mock-fault header read it.
 * `npm run docs:errors` writes it between the markers; a test fails when they differ.
 */
import { INJECTABLE_GATEWAY_ERRORS } from '../errors/catalogue.js';
import { row, type BlockMarkers } from '../errors/table.js';
import { BUSINESS_CODE_EXPECTED, FaultRule } from './schema.js';

/** The markers around the generated fault table in README.md. */
export const FAULTS_BLOCK: BlockMarkers = { start: '<!-- faults:start -->', end: '<!-- faults:end -->', heading: 'Faults' };

type FaultType = FaultRule['type'];

/** Each type's fields and what the caller sees; a type added to the schema must be described here. */
const DESCRIBED: Record<FaultType, { fields: string; sees: string }> = {
  latency: {
    fields: '`delay`: ms, `{kind:"fixed",ms}`, `{kind:"uniform",min,max}`, `{kind:"lognormal",median,sigma,cap}`; `timeoutMs` (optional)',
    sees: "the answer after the delay; a delay reaching the API's timeout (3000 ms, pay 10000 ms) is a gateway 504 `D504TO` **at the timeout**, and the operation does not run",
  },
  timeout: {
    fields: "`timeoutMs` (optional, default the API's)",
    sees: 'gateway 504 `D504TO` after the timeout; the operation does not run',
  },
  error: {
    fields: `\`code\`: ${BUSINESS_CODE_EXPECTED}`,
    sees: 'HTTP 200, that code in the envelope, `data` null; the operation does not run',
  },
  gateway: {
    fields: `\`status\`: ${INJECTABLE_GATEWAY_ERRORS.map((e) => `${e.httpStatus} (\`${e.errorCode}\`)`).join(', ')}`,
    sees: 'that status, an empty body, `X-Ca-Error-*` headers',
  },
  drop: { fields: '', sees: 'the connection is reset without an answer (clients see ECONNRESET / `fetch failed`)' },
  hang: { fields: '', sees: 'no answer until the client gives up or the server closes' },
};

/** The fault types as Markdown, in the schema's order. */
export function renderFaultTable(): string {
  const types = FaultRule.options.map((option) => option.shape.type.value);
  return [row(['type', 'fields', 'what the caller sees']), row(['---', '---', '---']), ...types.map((type) => row([`\`${type}\``, DESCRIBED[type].fields, DESCRIBED[type].sees]))].join('\n');
}
