/**
 * Exact decimal arithmetic for prices in yuan. Prices are strings on the wire ("140", "0.3");
 * floating point would turn 0.1 × 3 into "0.30000000000000004".
 */

const DECIMAL = /^(\d+)(?:\.(\d+))?$/;

/** True when `text` is a non-negative decimal such as "140" or "9.9". */
export function isDecimal(text: string): boolean {
  return DECIMAL.test(text);
}

/** price × factor, formatted without trailing zeros ("140", "0.3", "29.7"). */
export function multiplyPrice(price: string, factor: number): string {
  const match = DECIMAL.exec(price);
  if (!match) throw new Error(`price "${price}" is not a non-negative decimal like "140" or "9.9"`);
  if (!Number.isSafeInteger(factor) || factor < 0) throw new Error(`factor ${factor} must be a non-negative integer`);
  const fraction = match[2] ?? '';
  const scaled = BigInt(match[1]! + fraction) * BigInt(factor);
  return formatScaled(scaled, fraction.length);
}

function formatScaled(value: bigint, scale: number): string {
  const digits = value.toString().padStart(scale + 1, '0');
  let whole = digits.slice(0, digits.length - scale);
  const fraction = digits.slice(digits.length - scale).replace(/0+$/, '');
  whole = whole.replace(/^0+(?=\d)/, '');
  return fraction ? `${whole}.${fraction}` : whole;
}

/** A decimal shown with at least one fractional digit ("15" -> "15.0", "9.9" and "0.05" as they are). */
export function withOneDecimal(price: string): string {
  if (!DECIMAL.test(price)) throw new Error(`price "${price}" is not a non-negative decimal like "140" or "9.9"`);
  return price.includes('.') ? price : `${price}.0`;
}
