/**
 * What nginx's lingering close does for an answer given before the body is in: keep reading and
 * discarding the body, up to a bound, before the connection closes. A client that sends the
 * whole body before it reads (Python's urllib, most SDKs) otherwise meets a closed socket: its
 * write fails with a broken pipe, or the reset takes the answer with it, before it reads a byte.
 */
import type { IncomingMessage } from 'node:http';

/** The most a refused body is read for (beyond it, the connection is closed at once). */
export const DRAIN_LIMIT_BYTES = 64 * 1024 * 1024;

/**
 * Calls `then` once the rest of the request's body has been read and thrown away, or at once when
 * more than `limit` bytes would have to be: the request was already complete, or it outgrows the
 * bound. A body that stalls is ended by the server's request timeout, like any other.
 */
export function drainBody(request: IncomingMessage, then: () => void, limit = DRAIN_LIMIT_BYTES): void {
  const declared = Number(request.headers['content-length']);
  if (request.complete || declared > limit) return then();
  let read = 0;
  const finish = () => {
    request.off('data', count);
    request.off('end', finish);
    request.off('close', finish);
    then();
  };
  const count = (chunk: Buffer) => {
    read += chunk.length;
    if (read > limit) finish();
  };
  request.on('data', count);
  request.once('end', finish);
  // A client gone mid-body: the answer goes nowhere, but the request still ends (and is logged).
  request.once('close', finish);
  request.resume();
}
