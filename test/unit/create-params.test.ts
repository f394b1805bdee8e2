import { describe, expect, it } from 'vitest';
import { acceptsCreateOrderParams, CreateOrderParams } from '../../src/services/streaming/handlers.js';

const base = { iotId: 'dev', commodityCode: 'c', copies: 1 };
const CASES: Record<string, unknown>[] = [
  base,
  { ...base, userName: null, userId: 'u', immediateUse: true, extra: [1] },
  { ...base, userName: 'n', userId: null, immediateUse: null },
  { ...base, copies: 60 },
  { ...base, copies: 61 },
  { ...base, copies: 0 },
  { ...base, copies: 1.5 },
  { ...base, copies: '1' },
  { ...base, iotId: '' },
  { ...base, iotId: 3 },
  { ...base, commodityCode: '' },
  { iotId: 'dev', copies: 1 },
  { ...base, userName: 1 },
  { ...base, userId: {} },
  { ...base, immediateUse: 'true' },
  { ...base, immediateUse: 0 },
];

describe('acceptsCreateOrderParams', () => {
  it.each(CASES)('agrees with the zod schema: %o', (params) => {
    expect(acceptsCreateOrderParams(params)).toBe(CreateOrderParams.safeParse(params).success);
  });
});
