/**
 * Generated outOrderNos: the n-th order a store makes gets a fixed permutation of n, written as 15
 * digits. A permutation never repeats, so no set of the numbers already given out is needed (that
 * set was the largest thing a long load test kept besides the orders: 11-21 bytes an order).
 * The numbers look random (the docs show random-looking ones: help.aliyun.com 190252's example) and are the same in every
 * run, which a seeded test wants anyway.
 */

/** 15-digit numbers: 10^14 to 10^15 - 1. */
const LOW = 100_000_000_000_000n;
const SPAN = 900_000_000_000_000n;
// An affine map x -> (A·x + B) mod SPAN is a permutation when A shares no factor with SPAN (2, 3, 5).
const A = 618_033_988_749_893n;
const A_INVERSE = 844_949_539_567_757n;
const B = 271_828_182_845_904n;

/**
 * Sequence numbers a store may draw: far more than memory holds orders (a 30-minute soak made 11
 * million), and few enough that a number given by fixtures lies in the drawn range only by a chance
 * of 1 in 200 000 (2^40 made it 1 in 800: the bench's 1 000 fixture numbers hit it twice).
 */
export const SEQUENCE_LIMIT = 2 ** 32;

/** The outOrderNo of sequence number `n` (0 <= n < SEQUENCE_LIMIT). */
export function outOrderNoOf(n: number): string {
  return String(LOW + ((A * BigInt(n) + B) % SPAN));
}

/** The sequence number a 15-digit outOrderNo is drawn at, or -1 when the generator never draws it. */
export function sequenceOf(outOrderNo: string): number {
  if (!/^[1-9]\d{14}$/.test(outOrderNo)) return -1;
  const n = (A_INVERSE * (((BigInt(outOrderNo) - LOW - B) % SPAN) + SPAN)) % SPAN;
  return n < BigInt(SEQUENCE_LIMIT) ? Number(n) : -1;
}
