/**
 * Where the journal keeps an entry's texts (its masked headers, request and response bodies): as
 * UTF-8 bytes in a few large slabs that are reused, not as strings and objects. A body naming a Chinese package is a two-byte string in V8, twice
 * its UTF-8 size, and the journal holds 10 000 of them; slabs that are reused once the ring has
 * dropped every entry in them cost no garbage, so memory follows the journal's content, not the
 * garbage collector's schedule. With a compression (zlib in the server), a full slab is deflated
 * (JSON bodies shrink about tenfold, in under a millisecond per slab, once per hundreds of
 * requests) and inflated again only when an entry in it is read. Without one (a browser), full
 * slabs stay as they are: this module imports no Node built-in.
 */

/** How full slabs are packed: off the event loop, and unpacked synchronously when read. */
export interface SlabCompression {
  deflate(bytes: Uint8Array, done: (err: Error | null, packed: Uint8Array) => void): void;
  inflate(packed: Uint8Array): Uint8Array;
}

/** Bytes per slab once the journal is busy: large enough that the tail a slab leaves unused is a few per cent. */
export const SLAB_BYTES = 256 * 1024;
/** The first slab's size; each next one doubles up to SLAB_BYTES, so a session that journals a few calls costs a few KB. */
export const FIRST_SLAB_BYTES = 4 * 1024;

/** A block of body bytes and how many stored entries still point into it. */
export interface Slab {
  /** The bytes while the slab is being written; null once deflated. */
  bytes: Uint8Array | null;
  /** The deflated bytes of a full slab. */
  packed: Uint8Array | null;
  used: number;
  live: number;
}

/** Where an entry's texts are: its headers' bytes, the request body's, then the response body's, from `at`. */
export interface PackedBodies {
  slab: Slab | null;
  at: number;
  /** Byte length of the headers text; -1 for null. */
  headBytes: number;
  /** Byte length of the request body; -1 for null. */
  requestBytes: number;
  /** Byte length of the response body; -1 for null. */
  responseBytes: number;
}

export interface BodyArena {
  /** Stores an entry's headers text and bodies (null: none); a body given as bytes must be well-formed UTF-8 or read back as a decoder repairs it. */
  pack(head: string | null, request: string | Uint8Array | null, response: string | Uint8Array | null, into?: PackedBodies): PackedBodies;
  /** Gives back the texts exactly as packed. */
  read(packed: PackedBodies): { head: string | null; request: string | null; response: string | null };
  /** The entry holding `packed` left the journal: its slab may be reused. */
  release(packed: PackedBodies): void;
  /** Every entry left the journal. */
  clear(): void;
  /** Resolves once every full slab handed to the compression is deflated (for tests and measurements). */
  deflated(): Promise<void>;
}

const encoder = new TextEncoder();
/** Keeps a leading BOM: a body reads back exactly as it was recorded. */
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
/** At most how many bytes a text takes: UTF-8 writes at most 3 bytes per UTF-16 unit. */
function mostBytes(body: string | Uint8Array | null): number {
  return body === null ? 0 : typeof body === 'string' ? 3 * body.length : body.length;
}

/** Writes a body's UTF-8 bytes at `at`; its byte length, or -1 for none. */
function put(bytes: Uint8Array, at: number, body: string | Uint8Array | null): number {
  if (body === null) return -1;
  if (typeof body !== 'string') {
    bytes.set(body, at);
    return body.length;
  }
  return encoder.encodeInto(body, bytes.subarray(at)).written;
}

const NO_BODIES: PackedBodies = { slab: null, at: 0, headBytes: -1, requestBytes: -1, responseBytes: -1 };

/**
 * An arena of reusable slabs. Bodies reach the journal well-formed (decoded bytes, JSON.stringify
 * output, or maskBody's cut), so the UTF-8 round trip gives back the very same text. Without
 * `compression`, full slabs are kept as bytes.
 */
export function createBodyArena(compression?: SlabCompression): BodyArena {
  /** A slab's worth of bytes, back from a slab that was deflated: the next slab writes into it. */
  let spare: Uint8Array | null = null;
  let current: Slab | undefined;
  /** The last slab inflated for a reader, and its bytes: a listing reads many entries of one slab. */
  let inflated: { slab: Slab; bytes: Uint8Array } | undefined;

  /** Slabs being deflated, and who waits for them all. */
  let deflating = 0;
  const waiting: (() => void)[] = [];

  /**
   * Deflates a full slab off the event loop (zlib: libuv's thread pool), then keeps its buffer for
   * a next slab. Until the result is back, readers read the bytes as they are.
   */
  function seal(slab: Slab): void {
    const bytes = slab.bytes!;
    if (slab.live === 0) {
      slab.bytes = null;
      spare = bytes;
      return;
    }
    if (!compression) return;
    deflating++;
    compression.deflate(bytes.subarray(0, slab.used), (err, packed) => {
      deflating--;
      // A failed deflate leaves the slab as it was: readable, just not smaller.
      if (!err) {
        // zlib may hand back a view of its larger output chunk: keep an exact copy, not the chunk.
        if (slab.live > 0) slab.packed = packed.byteLength < packed.buffer.byteLength ? new Uint8Array(packed) : packed;
        slab.bytes = null;
        spare ??= bytes;
      }
      if (deflating === 0) for (const wake of waiting.splice(0)) wake();
    });
  }

  let nextSize = FIRST_SLAB_BYTES;

  function slabFor(most: number): Slab {
    // A pair too large to share a slab gets its own, sized to it, kept as is.
    if (most > SLAB_BYTES / 4) return { bytes: new Uint8Array(most), packed: null, used: 0, live: 0 };
    if (current && current.used + most <= current.bytes!.length) return current;
    if (current && current.live === 0 && most <= current.bytes!.length) {
      current.used = 0;
      return current;
    }
    if (current) seal(current);
    let size = nextSize;
    while (size < most) size *= 2;
    nextSize = Math.min(SLAB_BYTES, size * 2);
    current = { bytes: spare && spare.length >= size ? spare : new Uint8Array(size), packed: null, used: 0, live: 0 };
    spare = null;
    return current;
  }

  function bytesOf(slab: Slab): Uint8Array {
    if (slab.bytes) return slab.bytes;
    if (inflated?.slab !== slab) inflated = { slab, bytes: compression!.inflate(slab.packed!) };
    return inflated.bytes;
  }

  return {
    pack(head, request, response, into = { ...NO_BODIES }) {
      if (head === null && request === null && response === null) return Object.assign(into, NO_BODIES);
      const slab = slabFor(mostBytes(head) + mostBytes(request) + mostBytes(response));
      const bytes = slab.bytes!;
      const at = slab.used;
      const headBytes = put(bytes, at, head);
      const requestAt = at + Math.max(0, headBytes);
      const requestBytes = put(bytes, requestAt, request);
      const responseAt = requestAt + Math.max(0, requestBytes);
      const responseBytes = put(bytes, responseAt, response);
      slab.used = responseAt + Math.max(0, responseBytes);
      slab.live++;
      into.slab = slab;
      into.at = at;
      into.headBytes = headBytes;
      into.requestBytes = requestBytes;
      into.responseBytes = responseBytes;
      return into;
    },
    read({ slab, at, headBytes, requestBytes, responseBytes }) {
      if (slab === null) return { head: null, request: null, response: null };
      const bytes = bytesOf(slab);
      let from = at;
      const take = (length: number): string | null => {
        if (length < 0) return null;
        from += length;
        return decoder.decode(bytes.subarray(from - length, from));
      };
      const head = take(headBytes);
      const request = take(requestBytes);
      return { head, request, response: take(responseBytes) };
    },
    release({ slab }) {
      if (slab === null) return;
      slab.live--;
      if (slab.live > 0 || slab === current) return;
      // Nothing reads this slab any more: drop its bytes now rather than when the slab object goes.
      slab.packed = null;
      if (inflated?.slab === slab) inflated = undefined;
    },
    clear() {
      current = undefined;
      inflated = undefined;
    },
    deflated() {
      return deflating === 0 ? Promise.resolve() : new Promise((resolve) => waiting.push(resolve));
    },
  };
}
