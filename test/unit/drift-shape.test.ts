/** The schema a drift check derives from the emulator's answers, and how an answer is held against it. */
import { describe, expect, it } from 'vitest';
import { compareToShape } from '../../src/drift/compare.js';
import { judge } from '../../src/drift/judge.js';
import { formatOf, mergeShapes, shapeOf, shapeOfAll } from '../../src/drift/shape.js';

describe('formatOf', () => {
  it('tells apart the formats the emulator answers in', () => {
    expect(
      ['2024-11-15 10:00:00', '2024-11-15T02:00:00Z', '', '7ad052cb-ee8b-4dfd-bbaf-efb340e0a5af', '7AD052CB-EE8B-4DFD-BBAF-EFB340E0A5AF',
        '202411151000001234567', '210000000000001', '140', '9.9', '0', 'f3c2a1b0e9d8c7b6a5f4e3d2c1b0a9f8', '张伟', '2024/11/15 10:00:00', '140.'].map(formatOf),
    ).toEqual(['time-local', 'time-utc', 'empty', 'uuid', 'UUID', 'digits-21', 'digits-15', 'decimal', 'decimal', 'decimal', 'hex-32', 'text', 'text', 'text']);
    expect([3, 1.5, true, null].map(formatOf)).toEqual(['integer', 'fraction', undefined, undefined]);
  });
});

describe('the derived schema', () => {
  it('unites what several answers show: a field one answer lacks is optional, types and formats add up', () => {
    const shape = mergeShapes(shapeOf({ a: 'x', b: null, t: '' }), shapeOf({ a: 'y', b: 'text', t: '2024-11-15 10:00:00', c: 1 }));
    expect(shape.fields).toEqual({
      a: { types: ['string'], formats: ['text'] },
      b: { types: ['null', 'string'], formats: ['text'] },
      t: { types: ['string'], formats: ['empty', 'time-local'] },
      c: { types: ['number'], formats: ['integer'], optional: true },
    });
  });

  it('accepts any string where the emulator answers free text, and nothing else where it answers a format', () => {
    const shape = shapeOf({ name: '张伟', orderId: '202411151000001234567' });
    expect(compareToShape({ name: '13800138000', orderId: '202411151000001234567' }, shape)).toEqual([]);
    expect(compareToShape({ name: 'x', orderId: 'ORD-1' }, shape)).toEqual([{ path: 'orderId', kind: 'format', emulator: 'string (digits-21)', target: 'string (text) "ORD-1"', count: 1 }]);
  });

  it('pairs a missing field with an extra one only when exactly one extra field fits it', () => {
    const shape = shapeOf({ startTime: '2024-11-15 10:00:00', copies: 1 });
    expect(compareToShape({ beginTime: '2024-11-15 10:00:00', copies: 1 }, shape).map((d) => d.kind)).toEqual(['renamed']);
    // Two candidates of the right shape: the check cannot tell which one it became.
    expect(compareToShape({ beginTime: '2024-11-15 10:00:00', fromTime: '2024-11-15 10:00:00', copies: 1 }, shape).map((d) => d.kind).sort()).toEqual(['extra', 'extra', 'missing']);
  });

  it('counts the items of a list that differ alike once', () => {
    const shape = shapeOf({ list: [{ price: '140' }] });
    expect(compareToShape({ list: [{ price: 1 }, { price: 2 }, { price: '3' }] }, shape)).toEqual([{ path: 'list[].price', kind: 'type', emulator: 'string (decimal)', target: 'number (integer) 1', count: 2 }]);
  });

  it('has no schema for a call the emulator never answered', () => {
    expect(shapeOfAll([])).toBeUndefined();
  });
});

describe('judge', () => {
  const ok = (body: unknown) => ({ ok: true as const, status: 200, headers: {}, text: JSON.stringify(body) });
  const emulator = [{ status: 200, body: { id: '7ad052cb-ee8b-4dfd-bbaf-efb340e0a5af', code: 200, message: null, localizedMsg: null, data: { n: 1 } } }];

  it('takes the schema from the emulator answers with the target code only', () => {
    const both = [...emulator, { status: 200, body: { id: 'a', code: 460, message: 'request parameter error.', localizedMsg: '请求参数错误', data: null } }];
    expect(judge(ok({ id: '0ad052cb-ee8b-4dfd-bbaf-efb340e0a5af', code: 460, message: 'request parameter error.', localizedMsg: '请求参数错误', data: null }), both, true).outcome).toBe('match');
  });

  it('calls a gateway refusal of the app refused, a server error failed, a vanished API drift', () => {
    const gateway = (status: number, code: string) => ({ ok: true as const, status, headers: { 'x-ca-error-code': code }, text: '' });
    expect(judge(gateway(400, 'A400IK'), emulator, true).outcome).toBe('refused');
    expect(judge(gateway(429, 'T429PR'), emulator, true).outcome).toBe('refused');
    expect(judge(gateway(503, 'X503SU'), emulator, true).outcome).toBe('failed');
    expect(judge(gateway(504, 'D504TO'), emulator, true).outcome).toBe('failed');
    expect(judge(gateway(404, 'I404NF'), emulator, true)).toMatchObject({ outcome: 'drift', differences: [{ kind: 'code', target: 'HTTP 404 I404NF' }] });
  });

  it('calls 2063 for a device the caller named refused (the account does not hold it), and drift for any other call', () => {
    const notExist = ok({ id: 'x', code: 2063, message: 'iotId not exist', localizedMsg: '设备不存在', data: null });
    expect(judge(notExist, emulator, true).outcome).toBe('refused');
    expect(judge(notExist, emulator, false).outcome).toBe('drift');
  });

  it('calls a body that is not the envelope drift', () => {
    expect(judge(ok(['not', 'an', 'envelope']), emulator, true)).toMatchObject({ outcome: 'drift', differences: [{ path: '(body)', kind: 'type' }] });
    expect(judge({ ok: true, status: 200, headers: {}, text: '<html>' }, emulator, true)).toMatchObject({ outcome: 'drift', differences: [{ path: '(body)' }] });
  });
});
