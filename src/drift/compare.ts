/**
 * One answer of the target held against the shape the emulator's answers show: every place
 * where a field is missing, extra, renamed, of another type or of another format. Pure.
 */
import { describeShape, formatOf, jsonTypeOf, shapeOf, type Shape } from './shape.js';

/** The kinds of difference a check reports. */
export const DIFFERENCE_KINDS = ['missing', 'extra', 'renamed', 'type', 'format', 'message', 'code'] as const;
export type DifferenceKind = (typeof DIFFERENCE_KINDS)[number];

/** One difference between the target's answer and the emulator's. */
export interface Difference {
  /** Where, as `data.orderList[].startTime` (`[]` stands for every item). */
  path: string;
  kind: DifferenceKind;
  /** What the emulator answers there, in words. */
  emulator: string;
  /** What the target answered there, in words. */
  target: string;
  /** How many places (items of a list) showed this difference. */
  count: number;
}

const join = (path: string, key: string) => (path === '' ? key : `${path}.${key}`);

/** A value as a report shows it: short, JSON, secrets masked by the caller. */
export function showValue(value: unknown): string {
  const text = JSON.stringify(value) ?? 'undefined';
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function describeValue(value: unknown): string {
  const type = jsonTypeOf(value);
  const format = formatOf(value);
  const kind = type === 'object' || type === 'array' ? type : `${type}${format ? ` (${format})` : ''}`;
  return type === 'object' || type === 'array' || type === 'null' ? kind : `${kind} ${showValue(value)}`;
}

/** Does `value` fit `shape`, with no difference at all (used to pair a missing field with an extra one)? */
function fits(value: unknown, shape: Shape): boolean {
  return collect(value, shape, '').length === 0;
}

function collect(value: unknown, shape: Shape, path: string): Difference[] {
  const type = jsonTypeOf(value);
  if (!shape.types.includes(type)) {
    return [{ path, kind: 'type', emulator: describeShape(shape), target: describeValue(value), count: 1 }];
  }
  if (type === 'string' && !shape.formats.includes('text')) {
    const format = formatOf(value)!;
    if (!shape.formats.includes(format)) return [{ path, kind: 'format', emulator: describeShape(shape), target: describeValue(value), count: 1 }];
  }
  if (type === 'number' && formatOf(value) === 'fraction' && !shape.formats.includes('fraction')) {
    return [{ path, kind: 'format', emulator: describeShape(shape), target: describeValue(value), count: 1 }];
  }
  if (type === 'object' && shape.fields) return collectObject(value as Record<string, unknown>, shape.fields, path);
  if (type === 'array' && shape.items) return (value as unknown[]).flatMap((item) => collect(item, shape.items!, `${path}[]`));
  return [];
}

function collectObject(value: Record<string, unknown>, fields: NonNullable<Shape['fields']>, path: string): Difference[] {
  const out: Difference[] = [];
  const missing = Object.keys(fields).filter((key) => !Object.hasOwn(value, key) && !fields[key]!.optional);
  const extra = Object.keys(value).filter((key) => !Object.hasOwn(fields, key));
  // A field gone and another come with a value that fits the gone one's shape is one field renamed.
  for (const key of [...missing]) {
    const candidates = extra.filter((other) => fits(value[other], fields[key]!));
    if (candidates.length !== 1) continue;
    const other = candidates[0]!;
    out.push({ path: join(path, key), kind: 'renamed', emulator: key, target: other, count: 1 });
    missing.splice(missing.indexOf(key), 1);
    extra.splice(extra.indexOf(other), 1);
  }
  for (const key of missing) out.push({ path: join(path, key), kind: 'missing', emulator: describeShape(fields[key]!), target: 'absent', count: 1 });
  for (const key of extra) out.push({ path: join(path, key), kind: 'extra', emulator: 'absent', target: describeShape(shapeOf(value[key])), count: 1 });
  for (const [key, inner] of Object.entries(value)) {
    const field = fields[key];
    if (field) out.push(...collect(inner, field, join(path, key)));
  }
  return out;
}

/**
 * Every difference between `value` and `shape`, one entry per place and kind: the items of a
 * list that differ alike count once, with their number.
 */
export function compareToShape(value: unknown, shape: Shape, path = ''): Difference[] {
  const byPlace = new Map<string, Difference>();
  for (const d of collect(value, shape, path)) {
    const key = `${d.kind}\n${d.path}\n${d.emulator}\n${d.kind === 'renamed' ? d.target : ''}`;
    const seen = byPlace.get(key);
    if (seen) seen.count += 1;
    else byPlace.set(key, { ...d });
  }
  return [...byPlace.values()];
}
