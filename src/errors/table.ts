/**
 * The error tables of docs/gateway.md, generated from the catalogue so that the two cannot drift.
 * `npm run docs:errors` writes them between the markers; a test fails when they differ.
 */
import { BusinessErrors, GatewayErrors } from './catalogue.js';

/** The markers around the generated block in docs/gateway.md. */
export const ERRORS_START = '<!-- errors:start -->';
export const ERRORS_END = '<!-- errors:end -->';

/** Where a generated block sits in a Markdown file, and the heading it gets when the markers are missing. */
export interface BlockMarkers {
  start: string;
  end: string;
  heading: string;
}

const ERRORS_BLOCK: BlockMarkers = { start: ERRORS_START, end: ERRORS_END, heading: 'Errors' };

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** One Markdown table row; a pipe inside a cell is escaped so the table keeps its columns. */
export const row = (cells: readonly (string | number)[]): string => `| ${cells.map((c) => cell(String(c))).join(' | ')} |`;

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
export function generatedBlock(readme: string, markers: BlockMarkers = ERRORS_BLOCK): string | null {
  const start = readme.indexOf(markers.start);
  const end = readme.indexOf(markers.end);
  if (start < 0 || end < start) return null;
  return readme.slice(start + markers.start.length, end).trim();
}

/** README text with the block between the markers replaced by `block`; the markers are appended when missing. */
export function withGeneratedBlock(readme: string, block: string, markers: BlockMarkers = ERRORS_BLOCK): string {
  const start = readme.indexOf(markers.start);
  const end = readme.indexOf(markers.end);
  const wrapped = `${markers.start}\n${block}\n${markers.end}`;
  if (start < 0 || end < start) return `${readme.trimEnd()}\n\n## ${markers.heading}\n\n${wrapped}\n`;
  return readme.slice(0, start) + wrapped + readme.slice(end + markers.end.length);
}
