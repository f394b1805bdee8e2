/**
 * docs/conformance.md, generated from the operations tables so that it cannot drift: per API the
 * apiVers served and its page, and per param and answer field where the fact comes from.
 * `npm run docs:conformance` writes it; a test fails when the file and this differ.
 */
import { z } from 'zod';
import type { Fixtures } from '../fixtures/schema.js';
import type { Operation } from '../platform/operation.js';
import { exampleResponse, exampleWorlds } from './examples.js';

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const row = (cells: readonly string[]): string => `| ${cells.map(cell).join(' | ')} |`;

/** The keys an answer's data shows: an object's, an array's first element's, and orderList's entries'. */
function answerFields(data: unknown): string[] {
  const item = Array.isArray(data) ? data[0] : data;
  if (item === null || typeof item !== 'object') return [];
  return Object.entries(item as Record<string, unknown>).flatMap(([key, value]) =>
    key === 'orderList' && Array.isArray(value) ? [key, ...answerFields(value).map((k) => `orderList[].${k}`)] : [key],
  );
}

/** Where one field's fact comes from: the operation's own note, else its page, else [model]. */
function sourceOf(operation: Operation, field: string): string {
  const note = operation.fieldSources?.[field] ?? operation.fieldSources?.['*'];
  if (note) return note;
  return operation.docPage ? `documented (${operation.docPage})` : '[model] no page documents this API';
}

/** The conformance document for every API of `operations`, answers run on `fixtures`. */
export function renderConformance(operations: readonly Operation[], fixtures: Fixtures): string {
  const byPath = new Map<string, Operation[]>();
  for (const op of operations) byPath.set(op.path, [...(byPath.get(op.path) ?? []), op]);
  const worlds = exampleWorlds();
  const lines = [
    '# Conformance: where each field comes from',
    '',
    'Generated from the operations tables by `npm run docs:conformance`; a test fails when this file and',
    'the tables differ. Per API: the apiVers served (the first is its page\'s; the others older pages\' or a',
    'public client\'s, served alike), its help.aliyun.com page (document_detail/<id>.html), and per param and',
    'answer field: **documented** (the page\'s table), **example** (only the page\'s example shows it),',
    '**[model]** (the emulator\'s choice where the page is silent, with why) or **client** (what a public',
    'client sends or expects).',
    '',
  ];
  for (const [path, ops] of byPath) {
    const op = ops[0]!;
    lines.push(`## \`${path}\``, '', `apiVer served: ${ops.map((o) => o.apiVer).join(', ')}; page: ${op.docPage ?? 'none [model]'}; gateway timeout ${op.timeoutMs} ms`, '');
    lines.push(row(['field', 'in', 'source']), row(['---', '---', '---']));
    const params = op.params instanceof z.ZodObject ? Object.keys(op.params.shape) : [];
    for (const field of params) lines.push(row([`\`${field}\``, 'params', sourceOf(op, field)]));
    const answer = exampleResponse(op, fixtures, worlds);
    for (const field of answerFields(answer.data)) lines.push(row([`\`${field}\``, 'data', sourceOf(op, field)]));
    lines.push('');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}
