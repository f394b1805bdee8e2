import { describe, expect, it } from 'vitest';
import { isDecimal, multiplyPrice } from '../../src/core/money.js';

describe('exact decimal prices', () => {
  it('0.1 × 3 is "0.3", not a float artefact', () => {
    expect(multiplyPrice('0.1', 3)).toBe('0.3');
  });
  it('drops trailing zeros and keeps whole numbers whole', () => {
    expect(multiplyPrice('140', 1)).toBe('140');
    expect(multiplyPrice('9.9', 10)).toBe('99');
    expect(multiplyPrice('1288.8', 5)).toBe('6444');
    expect(multiplyPrice('0.05', 2)).toBe('0.1');
    expect(multiplyPrice('19.99', 60)).toBe('1199.4');
    expect(multiplyPrice('0.01', 1)).toBe('0.01');
    expect(multiplyPrice('140.50', 1)).toBe('140.5');
  });
  it('handles prices beyond float precision', () => {
    expect(multiplyPrice('12345678901234567.89', 3)).toBe('37037036703703703.67');
  });
  it('rejects what is not a non-negative decimal', () => {
    expect(isDecimal('1e3')).toBe(false);
    expect(isDecimal('-1')).toBe(false);
    expect(isDecimal('.5')).toBe(false);
    expect(() => multiplyPrice('abc', 1)).toThrow(/non-negative decimal/);
  });
});
