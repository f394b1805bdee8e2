/**
 * The request journal: the last N API calls of a world, newest first, with secrets masked.
 * Bounded twice: each journal keeps at most `capacity` entries, and all journals sharing a
 * JournalBudget (every session of a server) keep at most its bytes together, the oldest entry
 * of any of them going first. Pure: no Fastify.
 */
import { globMatcher } from '../core/glob.js';
import { BARE_SECRET_FIELD_IN_TEXT, isSecretHeader, maskKnownSecrets, NO_SECRETS, SECRET_FIELD_IN_TEXT, type KnownSecrets } from '../logging/secrets.js';
import type { JournalEntry, JournalPage } from './entry.js';

export type { JournalEntry, JournalPage } from './entry.js';

/** How GET /__admin/requests narrows the journal. */
export interface JournalFilter {
  /** Exact path, or with `*` wildcards (at most GLOB_MAX_LENGTH characters). */
  path?: string;
  iotId?: string;
  /** A business code (460), or for gateway answers their error code (D504TO) or HTTP status (504). */
  code?: string;
  sinceMs?: number;
  untilMs?: number;
  limit?: number;
}


/** Request headers as Node parses them. */
export type RawHeaders = Record<string, string | string[] | number | undefined>;

export interface Journal {
  readonly capacity: number;
  readonly size: number;
  /** Bytes this journal's entries count against its budget. */
  readonly bytes: number;
  record(entry: JournalEntry): void;
  list(filter?: JournalFilter): JournalPage;
  get(id: string): JournalEntry | undefined;
  clear(): void;
}

/** Longest body kept per entry. */
export const BODY_LIMIT = 4096;

/** Bytes all journals of a server keep together by default (--journal-bytes). */
export const DEFAULT_JOURNAL_BYTES = 64 * 1024 * 1024;

const MASK = '***';
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** A copy of `text` that shares no memory with the string it was cut from. */
function detachedCopy(text: string): string {
  return decoder.decode(encoder.encode(text));
}

/** Headers as strings, secret headers masked, and every known secret value masked in the rest. */
export function maskHeaders(headers: RawHeaders, known: KnownSecrets = NO_SECRETS): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const key = name.toLowerCase();
    // A secret sent as a header's name is masked like one sent as its value.
    out[maskKnownSecrets(key, known, MASK)] = isSecretHeader(key) ? MASK : maskKnownSecrets(Array.isArray(value) ? value.join(', ') : String(value), known, MASK);
  }
  return out;
}

/** A body as journal text: secret fields and known secret values masked, cut at `limit` characters. */
export function maskBody(text: string | null | undefined, limit = BODY_LIMIT, known: KnownSecrets = NO_SECRETS): string | null {
  if (text === null || text === undefined || text === '') return null;
  const masked = maskKnownSecrets(text, known, MASK).replace(SECRET_FIELD_IN_TEXT, `$1${MASK}"`).replace(BARE_SECRET_FIELD_IN_TEXT, `$1"${MASK}"`);
  if (masked.length <= limit) return masked;
  // A slice would keep the whole body alive (V8 slices point into their parent): copy the cut.
  const cut = detachedCopy(masked.slice(0, limit));
  return `${cut}…(${masked.length - limit} more characters)`;
}

/** A business code matches the envelope; a gateway answer (no envelope) matches its error code or HTTP status. */
function codeMatches(e: JournalEntry, code: string): boolean {
  if (e.code !== null) return String(e.code) === code;
  return e.gatewayError === code || String(e.status) === code;
}

function matcher(filter: JournalFilter): (e: JournalEntry) => boolean {
  const path = filter.path === undefined ? undefined : globMatcher(filter.path);
  return (e) => {
    if (path !== undefined && !path(e.path)) return false;
    if (filter.iotId !== undefined && e.iotId !== filter.iotId) return false;
    if (filter.code !== undefined && !codeMatches(e, filter.code)) return false;
    if (filter.sinceMs !== undefined && e.timeMs < filter.sinceMs) return false;
    if (filter.untilMs !== undefined && e.timeMs > filter.untilMs) return false;
    return true;
  };
}

/** What an entry costs beside its strings: the object, its fields and the headers object, about. */
const ENTRY_OVERHEAD_BYTES = 400;
const HEADER_OVERHEAD_BYTES = 48;

/** About how many bytes an entry holds: its characters at two bytes each (V8's wide strings), plus its objects. */
export function entryBytes(e: JournalEntry): number {
  let chars = e.id.length + e.time.length + e.method.length + e.path.length;
  for (const text of [e.api, e.iotId, e.requestBody, e.gatewayError, e.responseBody, e.faultRuleId, e.detail]) chars += text?.length ?? 0;
  let headers = 0;
  for (const name in e.headers) {
    chars += name.length + e.headers[name]!.length;
    headers++;
  }
  return ENTRY_OVERHEAD_BYTES + headers * HEADER_OVERHEAD_BYTES + 2 * chars;
}

/** An entry as a journal holds it: linked, across journals, in the order entries were recorded. */
interface Held {
  readonly entry: JournalEntry;
  readonly bytes: number;
  /** Drops this journal's oldest entry, which is this one whenever the budget asks. */
  readonly dropOldest: () => void;
  older: Held | undefined;
  newer: Held | undefined;
}

/**
 * The bytes that the journals sharing it (all sessions of a server) may keep together. Past
 * them, the oldest entry of any journal goes first: every journal records in time order, so
 * the oldest entry overall is always the oldest of its own journal.
 */
export class JournalBudget {
  #used = 0;
  #oldest: Held | undefined;
  #newest: Held | undefined;

  constructor(readonly maxBytes: number = DEFAULT_JOURNAL_BYTES) {
    if (!Number.isSafeInteger(maxBytes) || maxBytes < 1) throw new Error(`journal budget ${maxBytes} must be a positive number of bytes`);
  }

  /** Bytes the journals hold now. */
  get usedBytes(): number {
    return this.#used;
  }

  /** Counts a new entry, then drops the oldest entries while the journals hold more than maxBytes (never the new one). */
  add(held: Held): void {
    held.older = this.#newest;
    if (this.#newest) this.#newest.newer = held;
    else this.#oldest = held;
    this.#newest = held;
    this.#used += held.bytes;
    while (this.#used > this.maxBytes && this.#oldest !== held) this.#oldest!.dropOldest();
  }

  /** An entry left its journal. */
  remove(held: Held): void {
    if (held.older) held.older.newer = held.newer;
    else this.#oldest = held.newer;
    if (held.newer) held.newer.older = held.older;
    else this.#newest = held.older;
    held.older = held.newer = undefined;
    this.#used -= held.bytes;
  }
}

/** A journal keeping at most the latest `capacity` entries, inside `budget` together with the journals sharing it. */
export function createJournal(capacity = 10_000, budget: JournalBudget = new JournalBudget()): Journal {
  if (!Number.isSafeInteger(capacity) || capacity < 1) throw new Error(`journal size ${capacity} must be a positive integer`);
  // Oldest first from `first`; the slots before it are spent, and cut off once they are half the array.
  let held: (Held | undefined)[] = [];
  let first = 0;
  let bytes = 0;
  const dropOldest = (): void => {
    const gone = held[first]!;
    held[first++] = undefined;
    bytes -= gone.bytes;
    budget.remove(gone);
    if (first === held.length) {
      held = [];
      first = 0;
    } else if (first >= 1024 && first * 2 >= held.length) {
      held = held.slice(first);
      first = 0;
    }
  };
  /** Newest first, stopping when `visit` returns false. */
  const each = (visit: (e: JournalEntry) => boolean): void => {
    for (let i = held.length - 1; i >= first; i--) if (!visit(held[i]!.entry)) return;
  };
  return {
    capacity,
    get size() {
      return held.length - first;
    },
    get bytes() {
      return bytes;
    },
    record(entry) {
      if (held.length - first >= capacity) dropOldest();
      const item: Held = { entry, bytes: entryBytes(entry), dropOldest, older: undefined, newer: undefined };
      held.push(item);
      bytes += item.bytes;
      budget.add(item);
    },
    list(filter = {}) {
      const ok = matcher(filter);
      const limit = filter.limit ?? 100;
      const requests: JournalEntry[] = [];
      let total = 0;
      each((e) => {
        if (!ok(e)) return true;
        total += 1;
        if (requests.length < limit) requests.push(e);
        return true;
      });
      return { total, count: requests.length, requests };
    },
    // A scan, newest first, instead of an index by id: gets are rare admin reads, while an index
    // would cost every API call a map insert and delete.
    get(id) {
      let found: JournalEntry | undefined;
      each((e) => {
        if (e.id === id) found = e;
        return found === undefined;
      });
      return found;
    },
    clear() {
      while (held.length - first > 0) dropOldest();
    },
  };
}
