import type { IncomingMessage } from 'node:http';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { drainBody } from '../../src/gateway/drain-body.js';

/** A request whose body is still arriving. */
function incoming(headers: Record<string, string> = {}) {
  return Object.assign(new PassThrough(), { headers, complete: false }) as unknown as IncomingMessage & PassThrough;
}

describe('drainBody: read and discard a refused body before answering', () => {
  it('answers only once the whole body is in', () => {
    const request = incoming({ 'content-length': '6' });
    let answered = false;
    drainBody(request, () => (answered = true), 100);
    request.write('abc');
    expect(answered).toBe(false);
    request.end('def');
    return new Promise<void>((resolve) => setImmediate(() => (expect(answered).toBe(true), resolve())));
  });

  it('answers at once when the declared body is over the bound, and as soon as a chunked one outgrows it', () => {
    let answered = 0;
    drainBody(incoming({ 'content-length': '101' }), () => answered++, 100);
    expect(answered).toBe(1);
    const chunked = incoming();
    drainBody(chunked, () => answered++, 100);
    chunked.write(Buffer.alloc(60));
    expect(answered).toBe(1);
    chunked.write(Buffer.alloc(60));
    expect(answered).toBe(2);
  });

  it('answers at once a request already complete', () => {
    const request = Object.assign(incoming(), { complete: true });
    let answered = false;
    drainBody(request, () => (answered = true));
    expect(answered).toBe(true);
  });
});
