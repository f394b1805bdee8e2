import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logging/logger.js';
import { lazyChildLoggerFactory } from '../../src/logging/request-logger.js';

function capture() {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { stream, lines };
}

describe('the lazy per-request logger', () => {
  it('builds no child until something logs through it', () => {
    const { stream } = capture();
    const root = createLogger({ level: 'info', format: 'json', stream });
    let children = 0;
    const counting = Object.assign(Object.create(root), { child: (...args: Parameters<typeof root.child>) => (children++, root.child(...args)) });
    const log = lazyChildLoggerFactory(counting, { reqId: 'R1' }, {});
    expect(log.level).toBe('info');
    expect(children).toBe(0);
    log.warn('first');
    log.error('second');
    expect(children).toBe(1);
  });

  it('writes lines with the request id bound, as a pino child would, secrets still redacted', () => {
    const { stream, lines } = capture();
    const root = createLogger({ level: 'info', format: 'json', stream });
    const log = lazyChildLoggerFactory(root, { reqId: 'REQ-42' }, {});
    log.error({ appSecret: 'APPSECRET-0123456789' }, 'state file write failed');
    log.debug('below the level: not written');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 50, reqId: 'REQ-42', msg: 'state file write failed', appSecret: '[REDACTED]' });
  });

  it('follows a route-level level given in the child options', () => {
    const { stream, lines } = capture();
    const root = createLogger({ level: 'info', format: 'json', stream });
    const log = lazyChildLoggerFactory(root, { reqId: 'R2' }, { level: 'error' });
    log.warn('filtered by the child level');
    log.error('kept');
    expect(lines.map((l) => l.msg)).toEqual(['kept']);
    expect(log.level).toBe('error');
  });
});
