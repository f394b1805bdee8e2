/**
 * The request journal: the last N API calls of a world, newest first, with secrets masked.
 * A ring buffer, so memory stays flat however long the emulator runs. Pure: no Fastify.
 */
import { createBodyArena, type BodyArena, type PackedBodies, type SlabCompression } from './body-arena.js';

/** One recorded API call. */
export interface JournalEntry {
  /** The X-Ca-Request-Id the caller received. */
  id: string;
  /** The world's clock when the request arrived, ISO. */
  time: string;
  timeMs: number;
  method: string;
  path: string;
  /** The API path when the request reached an API, else null (unknown path). */
  api: string | null;
  iotId: string | null;
  /** Request headers, secrets masked. */
  headers: Record<string, string>;
  /** The body as text, cloud tokens masked, cut at BODY_LIMIT characters. */
  requestBody: string | null;
  /** HTTP status; null when the connection was dropped or the request hung. */
  status: number | null;
  /** The envelope's business code, or null for gateway errors and dropped calls. */
  code: number | null;
  /** The X-Ca-Error-Code of a gateway error. */
  gatewayError: string | null;
  responseBody: string | null;
  /** Real milliseconds from arrival to answer (or to the drop). */
  latencyMs: number | null;
  faultRuleId: string | null;
  /** The precise reason of an error answer or a fault. */
  detail: string | null;
}

/** How GET /__admin/requests narrows the journal. */
export interface JournalFilter {
  /** Exact path, or with `*` wildcards. */
  path?: string;
  iotId?: string;
  /** A business code (460), or for gateway answers their error code (D504TO) or HTTP status (504). */
  code?: string;
  sinceMs?: number;
  untilMs?: number;
  limit?: number;
}

export interface JournalPage {
  /** Entries matching the filter (before the limit). */
  total: number;
  count: number;
  requests: JournalEntry[];
}

/** Request headers as Node parses them. */
export type RawHeaders = Record<string, string | string[] | number | undefined>;

/**
 * An entry as the hot path records it: its ISO time is written when it is first read (most
 * entries never are); its headers are masked as they are stored, and kept as text.
 */
export interface DeferredEntry extends Omit<JournalEntry, 'time' | 'headers' | 'requestBody' | 'responseBody'> {
  rawHeaders: RawHeaders;
  /** Text, or UTF-8 bytes that need no masking and no cut (stored as they are, decoded when read). */
  requestBody: string | Uint8Array | null;
  responseBody: string | Uint8Array | null;
}

export interface Journal {
  readonly capacity: number;
  readonly size: number;
  record(entry: JournalEntry | DeferredEntry): void;
  list(filter?: JournalFilter): JournalPage;
  get(id: string): JournalEntry | undefined;
  clear(): void;
}

/** Longest body kept per entry, so 10 000 entries stay a few tens of MB at worst. */
export const BODY_LIMIT = 4096;

/** Headers whose values are secrets: never journaled in clear. */
export const SECRET_HEADERS = new Set(['x-ca-signature', 'authorization', 'x-admin-token', 'x-ca-secret', 'cookie', 'proxy-authorization']);

const MASK = '***';
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** A copy of `text` that shares no memory with the string it was cut from. */
function detachedCopy(text: string): string {
  return decoder.decode(encoder.encode(text));
}

/** Headers as strings, secrets masked. */
export function maskHeaders(headers: RawHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const key = name.toLowerCase();
    out[key] = SECRET_HEADERS.has(key) ? MASK : Array.isArray(value) ? value.join(', ') : String(value);
  }
  return out;
}

const TOKEN_FIELD = /("(?:cloudToken|iotToken|refreshToken|appSecret)"\s*:\s*")((?:[^"\\]|\\.)*)"/g;
/** A malformed body may carry a token without quotes; mask that too. */
const UNQUOTED_TOKEN_FIELD = /("(?:cloudToken|iotToken|refreshToken|appSecret)"\s*:\s*)(?!["\s])([^,}\]\s]+)/g;

/** Every field name TOKEN_FIELD masks ends with one of these, quote included. */
const SECRET_FIELD_ENDINGS = ['Token"', 'appSecret"'] as const;
// As bytes too: a Buffer searched for a string converts the string to bytes on every call.
const SECRET_FIELD_ENDING_BYTES = SECRET_FIELD_ENDINGS.map((ending) => new TextEncoder().encode(ending));

/** Node's Buffer when there is one (its search is native); browsers have none. */
const NodeBuffer = (globalThis as { Buffer?: { isBuffer(value: unknown): boolean } }).Buffer;

/** Whether `bytes` holds `needle`: Buffer's own search on a Buffer, a plain scan on other bytes (a browser's). */
function includesBytes(bytes: Uint8Array, needle: Uint8Array): boolean {
  if (NodeBuffer?.isBuffer(bytes)) return (bytes as Uint8Array & { indexOf(value: Uint8Array): number }).indexOf(needle) !== -1;
  const last = bytes.length - needle.length;
  outer: for (let at = bytes.indexOf(needle[0]!); at !== -1 && at <= last; at = bytes.indexOf(needle[0]!, at + 1)) {
    for (let k = 1; k < needle.length; k++) if (bytes[at + k] !== needle[k]) continue outer;
    return true;
  }
  return false;
}

/**
 * False when a body (text, or its UTF-8 bytes) names no field TOKEN_FIELD masks: the cheap test
 * that lets most bodies skip the masking scans, and the journal store their bytes as they are.
 */
export function mayNameSecretField(body: string | Uint8Array): boolean {
  if (typeof body === 'string') {
    for (const ending of SECRET_FIELD_ENDINGS) if (body.includes(ending)) return true;
    return false;
  }
  for (const ending of SECRET_FIELD_ENDING_BYTES) if (includesBytes(body, ending)) return true;
  return false;
}

/** A body as journal text: token values masked, cut at `limit` characters. */
export function maskBody(text: string | null | undefined, limit = BODY_LIMIT): string | null {
  if (text === null || text === undefined || text === '') return null;
  // The scans are skipped when no secret field name appears (most bodies): the regexes are the cost.
  const masked =
    mayNameSecretField(text) ? text.replace(TOKEN_FIELD, `$1${MASK}"`).replace(UNQUOTED_TOKEN_FIELD, `$1"${MASK}"`) : text;
  if (masked.length <= limit) return masked;
  // A slice would keep the whole body alive (V8 slices point into their parent): copy the cut.
  const cut = detachedCopy(masked.slice(0, limit));
  return `${cut}…(${masked.length - limit} more characters)`;
}

function globToRegExp(glob: string): RegExp {
  return new RegExp(`^${glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
}

/** A business code matches the envelope; a gateway answer (no envelope) matches its error code or HTTP status. */
function codeMatches(e: FilteredFields, code: string): boolean {
  if (e.code !== null) return String(e.code) === code;
  return e.gatewayError === code || String(e.status) === code;
}

/** The fields filters read: a deferred entry has them all. */
type FilteredFields = Omit<JournalEntry, 'time' | 'headers' | 'requestBody' | 'responseBody'>;

function matcher(filter: JournalFilter): (e: FilteredFields) => boolean {
  const path = filter.path === undefined ? undefined : filter.path.includes('*') ? globToRegExp(filter.path) : filter.path;
  return (e) => {
    if (path !== undefined && (typeof path === 'string' ? e.path !== path : !path.test(e.path))) return false;
    if (filter.iotId !== undefined && e.iotId !== filter.iotId) return false;
    if (filter.code !== undefined && !codeMatches(e, filter.code)) return false;
    if (filter.sinceMs !== undefined && e.timeMs < filter.sinceMs) return false;
    if (filter.untilMs !== undefined && e.timeMs > filter.untilMs) return false;
    return true;
  };
}

/** An entry as the ring keeps it: its texts as bytes in the arena, readers get strings back (`settled`). */
interface StoredEntry extends FilteredFields, PackedBodies {
  /** Set on an entry recorded settled; a deferred one's time is written when it is read. */
  time: string | undefined;
  /** The headers of an entry recorded settled; a deferred one's are in the arena. */
  headers: Record<string, string> | undefined;
  /** The entry as first read, kept so that readers see one object (most entries are never read). */
  seen: JournalEntry | undefined;
}

/**
 * Header names and values, masked as maskHeaders writes them, between NULs (which HTTP forbids
 * in both). Written straight from the raw headers: no intermediate object per request.
 */
function headersText(headers: RawHeaders): string {
  const parts: string[] = [];
  for (const name in headers) {
    const value = headers[name];
    if (value === undefined) continue;
    const key = name.toLowerCase();
    // Node's headers are lower-case already; other callers' names may differ only in case, which maskHeaders merges.
    if (key !== name) return headersTextSlow(headers);
    parts.push(key, SECRET_HEADERS.has(key) ? MASK : Array.isArray(value) ? value.join(', ') : String(value));
  }
  parts.push('');
  return parts.join('\0');
}

function headersTextSlow(headers: RawHeaders): string {
  let text = '';
  for (const [name, value] of Object.entries(maskHeaders(headers))) text += `${name}\0${value}\0`;
  return text;
}

function headersFrom(text: string): Record<string, string> {
  const parts = text.split('\0');
  const out: Record<string, string> = {};
  for (let i = 0; i + 1 < parts.length; i += 2) out[parts[i]!] = parts[i + 1]!;
  return out;
}

/** A ring slot's entry before its first write: every field present, so all entries share one shape. */
function blankEntry(): StoredEntry {
  return {
    id: '', timeMs: 0, method: '', path: '', api: null, iotId: null, status: null, code: null, gatewayError: null, latencyMs: null, faultRuleId: null, detail: null,
    slab: null, at: 0, headBytes: -1, requestBytes: -1, responseBytes: -1, time: undefined, headers: undefined, seen: undefined,
  };
}

/**
 * Writes an entry into `into`: the object of the entry it replaces in the ring, reused so that a
 * busy journal does not turn one promoted object per request into old-generation garbage.
 */
function store(e: JournalEntry | DeferredEntry, arena: BodyArena, into: StoredEntry): StoredEntry {
  const deferred = 'rawHeaders' in e;
  arena.pack(deferred ? headersText(e.rawHeaders) : null, e.requestBody, e.responseBody, into);
  into.id = e.id;
  into.timeMs = e.timeMs;
  into.method = e.method;
  into.path = e.path;
  into.api = e.api;
  into.iotId = e.iotId;
  into.status = e.status;
  into.code = e.code;
  into.gatewayError = e.gatewayError;
  into.latencyMs = e.latencyMs;
  into.faultRuleId = e.faultRuleId;
  into.detail = e.detail;
  into.time = deferred ? undefined : e.time;
  into.headers = deferred ? undefined : e.headers;
  into.seen = undefined;
  return into;
}

/** The entry as readers see it: time written out, headers masked (same keys, same order), bodies as text. */
function settled(e: StoredEntry, arena: BodyArena): JournalEntry {
  const texts = arena.read(e);
  return {
    id: e.id,
    time: e.time ?? new Date(e.timeMs).toISOString(),
    timeMs: e.timeMs,
    method: e.method,
    path: e.path,
    api: e.api,
    iotId: e.iotId,
    headers: e.headers ?? headersFrom(texts.head ?? ''),
    requestBody: texts.request,
    status: e.status,
    code: e.code,
    gatewayError: e.gatewayError,
    responseBody: texts.response,
    latencyMs: e.latencyMs,
    faultRuleId: e.faultRuleId,
    detail: e.detail,
  };
}

/** A journal keeping the latest `capacity` entries. */
export function createJournal(capacity = 10_000, compression?: SlabCompression): Journal {
  if (!Number.isSafeInteger(capacity) || capacity < 1) throw new Error(`journal size ${capacity} must be a positive integer`);
  // Grows as entries arrive (writes go to index `next`, so it stays dense): an idle session's journal costs nothing.
  let ring: (StoredEntry | undefined)[] = [];
  let next = 0;
  let size = 0;
  const arena = createBodyArena(compression);
  /** The entry at a ring slot, settled once and kept settled. */
  const read = (slot: number): JournalEntry => {
    const stored = ring[slot]!;
    stored.seen ??= settled(stored, arena);
    return stored.seen;
  };
  return {
    capacity,
    get size() {
      return size;
    },
    record(entry) {
      const dropped = ring[next];
      if (dropped) arena.release(dropped);
      ring[next] = store(entry, arena, dropped ?? blankEntry());
      next = (next + 1) % capacity;
      size = Math.min(size + 1, capacity);
    },
    list(filter = {}) {
      const ok = matcher(filter);
      const limit = filter.limit ?? 100;
      const requests: JournalEntry[] = [];
      let total = 0;
      // Newest first; the filter reads only fields a deferred entry already has.
      for (let i = 1; i <= size; i++) {
        const slot = (next - i + capacity) % capacity;
        if (!ok(ring[slot]!)) continue;
        total += 1;
        if (requests.length < limit) requests.push(read(slot));
      }
      return { total, count: requests.length, requests };
    },
    // A scan, newest first, instead of an index by id: gets are rare admin reads, while an index
    // would cost every API call a map insert and delete.
    get(id) {
      for (let i = 1; i <= size; i++) {
        const slot = (next - i + capacity) % capacity;
        if (ring[slot]!.id === id) return read(slot);
      }
      return undefined;
    },
    clear() {
      ring = [];
      arena.clear();
      next = 0;
      size = 0;
    },
  };
}
