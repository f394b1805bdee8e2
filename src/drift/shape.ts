/**
 * The response schema of an API, derived from the emulator's own answers: each field's JSON types
 * and formats (time patterns, id shapes, price strings), whether it is always there, and the
 * schema of array items. There is no hand-written response schema per API: what the emulator
 * answers for a call is what it claims the real service answers, so that is what a check holds
 * the real service to. Pure: no I/O.
 */

/** A JSON value's type, as the check names it. */
export type JsonType = 'null' | 'boolean' | 'number' | 'string' | 'object' | 'array';

/** What the emulator's answers show at one place of a response. */
export interface Shape {
  /** The JSON types seen there. */
  types: JsonType[];
  /** The formats of the strings and numbers seen there (see formatOf). */
  formats: string[];
  /** For objects: each field's shape; `optional` when some answers lacked it. */
  fields?: Record<string, FieldShape>;
  /** For arrays: the shape of every item seen. */
  items?: Shape;
}

/** A field's shape inside an object. */
export interface FieldShape extends Shape {
  optional?: boolean;
}

/** The string formats a check tells apart, with what each looks like, for reports and docs. */
export const STRING_FORMATS: Readonly<Record<string, string>> = {
  empty: 'the empty string',
  'time-local': 'a local time, YYYY-MM-DD HH:mm:ss',
  'time-utc': 'a UTC time, YYYY-MM-DDTHH:mm:ssZ',
  uuid: 'a lower-case UUID',
  UUID: 'an upper-case UUID',
  'digits-N': 'an id of exactly N digits (N ≥ 10)',
  decimal: 'a decimal number in text, like "140" or "9.9" (a price)',
  'hex-N': 'N lower-case hexadecimal digits (N ≥ 16), like a token',
  text: 'free text: any string matches it',
};

const TIME_LOCAL = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;
const TIME_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const UUID_LOWER = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const UUID_UPPER = /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/;
const DIGITS = /^\d{10,}$/;
const DECIMAL = /^(0|[1-9]\d{0,8})(\.\d+)?$/;
const HEX = /^[0-9a-f]{16,}$/;

/** The JSON type of a parsed JSON value. */
export function jsonTypeOf(value: unknown): JsonType {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  const t = typeof value;
  return t === 'boolean' || t === 'number' || t === 'string' ? t : 'object';
}

/** The format of a string or number (STRING_FORMATS; numbers are `integer` or `fraction`); undefined for other types. */
export function formatOf(value: unknown): string | undefined {
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'fraction';
  if (typeof value !== 'string') return undefined;
  if (value === '') return 'empty';
  if (TIME_LOCAL.test(value)) return 'time-local';
  if (TIME_UTC.test(value)) return 'time-utc';
  if (UUID_LOWER.test(value)) return 'uuid';
  if (UUID_UPPER.test(value)) return 'UUID';
  if (DIGITS.test(value)) return `digits-${value.length}`;
  if (DECIMAL.test(value)) return 'decimal';
  if (HEX.test(value)) return `hex-${value.length}`;
  return 'text';
}

const union = <T>(a: readonly T[], b: readonly T[]): T[] => [...new Set([...a, ...b])].sort();

/** The shape of one JSON value. */
export function shapeOf(value: unknown): Shape {
  const type = jsonTypeOf(value);
  const format = formatOf(value);
  const shape: Shape = { types: [type], formats: format ? [format] : [] };
  if (type === 'object') {
    shape.fields = {};
    for (const [key, inner] of Object.entries(value as Record<string, unknown>)) shape.fields[key] = shapeOf(inner);
  } else if (type === 'array') {
    const items = (value as unknown[]).map(shapeOf);
    if (items.length > 0) shape.items = items.reduce(mergeShapes);
  }
  return shape;
}

/** The shape that admits what either admits: types and formats united, a field one side lacks optional. */
export function mergeShapes(a: Shape, b: Shape): Shape {
  const merged: Shape = { types: union(a.types, b.types), formats: union(a.formats, b.formats) };
  if (a.fields || b.fields) {
    const fields: Record<string, FieldShape> = {};
    const keys = union(Object.keys(a.fields ?? {}), Object.keys(b.fields ?? {}));
    for (const key of keys) {
      const x = a.fields?.[key];
      const y = b.fields?.[key];
      // A field absent from an object of the other side may be absent; a side that was no object says nothing.
      const absent = (x === undefined && a.fields !== undefined) || (y === undefined && b.fields !== undefined);
      const both = x && y ? mergeShapes(x, y) : { ...(x ?? y)! };
      fields[key] = absent || x?.optional || y?.optional ? { ...both, optional: true } : withoutOptional(both);
    }
    merged.fields = fields;
  }
  if (a.items || b.items) merged.items = a.items && b.items ? mergeShapes(a.items, b.items) : (a.items ?? b.items);
  return merged;
}

function withoutOptional(shape: FieldShape): Shape {
  const { optional: _o, ...rest } = shape;
  return rest;
}

/** The shape of several answers to one call: what any of them shows. */
export function shapeOfAll(values: readonly unknown[]): Shape | undefined {
  return values.length === 0 ? undefined : values.map(shapeOf).reduce(mergeShapes);
}

/** A shape in words: its types, with each type's formats, e.g. `string (time-local) | null`. */
export function describeShape(shape: Pick<Shape, 'types' | 'formats'>): string {
  return shape.types
    .map((type) => {
      const formats = shape.formats.filter((f) => (type === 'number' ? f === 'integer' || f === 'fraction' : type === 'string' && f !== 'integer' && f !== 'fraction'));
      return formats.length ? `${type} (${formats.join(', ')})` : type;
    })
    .join(' | ');
}
