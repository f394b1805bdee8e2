/**
 * The error tables of docs/gateway.md, generated from the catalogue so that the two cannot drift.
 * `npm run docs:errors` writes them between the markers; a test fails when they differ.
 */
import { BusinessErrors, GatewayErrors } from './catalogue.js';

/** The markers around the generated block in docs/gateway.md. */
export const ERRORS_START = '<!-- errors:start -->';
export const ERRORS_END = '<!-- errors:end -->';

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const row = (cells: readonly (string | number)[]): string => `| ${cells.map((c) => cell(String(c))).join(' | ')} |`;

/** The catalogue as Markdown: business codes, then gateway errors. */
export function renderErrorTables(): string {
  const lines = [
    '**Business errors**: HTTP 200, the code in the envelope, `data: null`.',
    '',
    row(['code', 'message', 'localizedMsg (zh)', 'localizedMsg (en)', 'source', 'when']),
    row(['---', '---', '---', '---', '---', '---']),
    ...Object.values(BusinessErrors).map((e) => row([e.code, `\`${e.message}\``, e.localizedMsg.zh, e.localizedMsg.en, e.source, e.when])),
    '',
    '**Gateway errors**: the status, an empty body, `X-Ca-Error-Code` and `X-Ca-Error-Message` headers.',
    '',
    row(['status', 'X-Ca-Error-Code', 'X-Ca-Error-Message', 'source (message / code)', 'when']),
    row(['---', '---', '---', '---', '---']),
    ...Object.values(GatewayErrors).map((e) => row([e.httpStatus, `\`${e.errorCode}\``, `\`${e.message}\``, `${e.source} / ${e.codeSource}`, e.when])),
  ];
  return lines.join('\n');
}

/** The text between the markers, or null when they are missing or out of order. */
export function generatedBlock(readme: string): string | null {
  const start = readme.indexOf(ERRORS_START);
  const end = readme.indexOf(ERRORS_END);
  if (start < 0 || end < start) return null;
  return readme.slice(start + ERRORS_START.length, end).trim();
}

/** A page's text with the block between the markers replaced by `block`; the markers are appended when missing. */
export function withGeneratedBlock(readme: string, block: string): string {
  const start = readme.indexOf(ERRORS_START);
  const end = readme.indexOf(ERRORS_END);
  const wrapped = `${ERRORS_START}\n${block}\n${ERRORS_END}`;
  if (start < 0 || end < start) return `${readme.trimEnd()}\n\n## Errors\n\n${wrapped}\n`;
  return readme.slice(0, start) + wrapped + readme.slice(end + ERRORS_END.length);
}
