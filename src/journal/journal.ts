/**
 * The request journal: the last N API calls of a world, newest first, with secrets masked.
 * A ring buffer, so memory stays flat however long the emulator runs. Pure: no Fastify.
 */

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
 * An entry as the hot path records it: its ISO time and masked headers are built when it is
 * first read (most entries never are). The raw headers never leave the journal unmasked.
 */
export interface DeferredEntry extends Omit<JournalEntry, 'time' | 'headers'> {
  rawHeaders: RawHeaders;
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
/** Keeps a leading BOM: a body reads back exactly as it was recorded. */
const bodyDecoder = new TextDecoder('utf-8', { ignoreBOM: true });

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

/** A body as journal text: token values masked, cut at `limit` characters. */
export function maskBody(text: string | null | undefined, limit = BODY_LIMIT): string | null {
  if (text === null || text === undefined || text === '') return null;
  // The scans are skipped when no secret field name appears (most bodies): the regexes are the cost.
  const masked =
    text.includes('Token"') || text.includes('appSecret"') ? text.replace(TOKEN_FIELD, `$1${MASK}"`).replace(UNQUOTED_TOKEN_FIELD, `$1"${MASK}"`) : text;
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

/**
 * An entry as the ring keeps it. Both bodies sit as UTF-8 bytes in one view of a shared slab:
 * a body with a Chinese package name is a two-byte string in V8, twice its UTF-8 size, and
 * the journal holds 10 000 of them. Readers get strings back (`settled`).
 */
interface StoredEntry extends FilteredFields {
  /** The request body's bytes then the response body's; null when both are null. */
  bodies: Uint8Array | null;
  /** Byte lengths of the two bodies in `bodies`; -1 for a null body. */
  requestBytes: number;
  responseBytes: number;
  /** Set on an entry recorded settled; a deferred one keeps the raw headers instead. */
  time: string | undefined;
  headers: Record<string, string> | undefined;
  rawHeaders: RawHeaders | undefined;
  /** The entry as first read, kept so that readers see one object (most entries are never read). */
  seen: JournalEntry | undefined;
}

/** Bytes per slab: large enough that the tail a slab leaves unused is a few per cent. */
const SLAB_BYTES = 256 * 1024;

/** Both bodies of an entry as bytes, and where the first ends. */
interface PackedBodies {
  bodies: Uint8Array | null;
  requestBytes: number;
  responseBytes: number;
}

/**
 * Packs body pairs into shared slabs; a slab is freed once the ring has dropped every entry in it.
 * Bodies reach the journal well-formed (decoded bytes, JSON.stringify output, or maskBody's cut),
 * so the UTF-8 round trip gives back the very same text.
 */
function createBodyArena(): (request: string | null, response: string | null) => PackedBodies {
  let slab = new Uint8Array(SLAB_BYTES);
  let used = 0;
  return (request, response) => {
    if (request === null && response === null) return { bodies: null, requestBytes: -1, responseBytes: -1 };
    // UTF-8 takes at most 3 bytes per UTF-16 unit.
    const most = 3 * ((request?.length ?? 0) + (response?.length ?? 0));
    let target = slab;
    let from = used;
    if (most > SLAB_BYTES / 4) {
      target = new Uint8Array(most);
      from = 0;
    } else if (used + most > SLAB_BYTES) {
      slab = new Uint8Array(SLAB_BYTES);
      target = slab;
      used = from = 0;
    }
    const requestBytes = request === null ? -1 : encoder.encodeInto(request, target.subarray(from)).written;
    const afterRequest = from + Math.max(requestBytes, 0);
    const responseBytes = response === null ? -1 : encoder.encodeInto(response, target.subarray(afterRequest)).written;
    const end = afterRequest + Math.max(responseBytes, 0);
    if (target === slab) used = end;
    // A body pair too large for a slab gets an array of its exact size.
    const bodies = target === slab ? slab.subarray(from, end) : target.slice(0, end);
    return { bodies, requestBytes, responseBytes };
  };
}

function store(e: JournalEntry | DeferredEntry, pack: ReturnType<typeof createBodyArena>): StoredEntry {
  const deferred = 'rawHeaders' in e;
  const { bodies, requestBytes, responseBytes } = pack(e.requestBody, e.responseBody);
  return {
    id: e.id,
    timeMs: e.timeMs,
    method: e.method,
    path: e.path,
    api: e.api,
    iotId: e.iotId,
    status: e.status,
    code: e.code,
    gatewayError: e.gatewayError,
    latencyMs: e.latencyMs,
    faultRuleId: e.faultRuleId,
    detail: e.detail,
    bodies,
    requestBytes,
    responseBytes,
    time: deferred ? undefined : e.time,
    headers: deferred ? undefined : e.headers,
    rawHeaders: deferred ? e.rawHeaders : undefined,
    seen: undefined,
  };
}

/** The entry as readers see it: time written out, headers masked (same keys, same order), bodies as text. */
function settled(e: StoredEntry): JournalEntry {
  const { bodies, requestBytes, responseBytes } = e;
  const requestEnd = Math.max(requestBytes, 0);
  return {
    id: e.id,
    time: e.time ?? new Date(e.timeMs).toISOString(),
    timeMs: e.timeMs,
    method: e.method,
    path: e.path,
    api: e.api,
    iotId: e.iotId,
    headers: e.headers ?? maskHeaders(e.rawHeaders!),
    requestBody: requestBytes < 0 ? null : bodyDecoder.decode(bodies!.subarray(0, requestEnd)),
    status: e.status,
    code: e.code,
    gatewayError: e.gatewayError,
    responseBody: responseBytes < 0 ? null : bodyDecoder.decode(bodies!.subarray(requestEnd, requestEnd + responseBytes)),
    latencyMs: e.latencyMs,
    faultRuleId: e.faultRuleId,
    detail: e.detail,
  };
}

/** A journal keeping the latest `capacity` entries. */
export function createJournal(capacity = 10_000): Journal {
  if (!Number.isSafeInteger(capacity) || capacity < 1) throw new Error(`journal size ${capacity} must be a positive integer`);
  // Grows as entries arrive (writes go to index `next`, so it stays dense): an idle session's journal costs nothing.
  let ring: (StoredEntry | undefined)[] = [];
  let next = 0;
  let size = 0;
  const pack = createBodyArena();
  /** The entry at a ring slot, settled once and kept settled. */
  const read = (slot: number): JournalEntry => {
    const stored = ring[slot]!;
    stored.seen ??= settled(stored);
    return stored.seen;
  };
  return {
    capacity,
    get size() {
      return size;
    },
    record(entry) {
      ring[next] = store(entry, pack);
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
      next = 0;
      size = 0;
    },
  };
}
