import { Writable } from 'node:stream';

/** A log destination that keeps every line it is written, as text. */
export function captureLines() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  return { stream, lines };
}
