/** A seeded pseudo-random source: same seed, same sequence, on every platform. */
export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An unsigned 32-bit integer. */
  nextUint32(): number;
}

/** A seed from the platform's cryptographic source, for runs that are not asked to be reproducible. */
export function randomSeed(): number {
  const buf = new Uint32Array(1);
  globalThis.crypto.getRandomValues(buf);
  return buf[0]!;
}

/**
 * sfc32 seeded through splitmix32: small, fast, and good enough for identifiers
 * and fault probabilities (not for secrets).
 */
export function createRandom(seed: number): Random {
  let s = seed >>> 0;
  const splitmix = (): number => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  // The four state words live in a typed array: as closure variables, every word past the
  // small-integer range was a heap number, several per draw, and a create draws about thirty.
  // A Uint32Array also wraps each store modulo 2^32, as the `>>> 0` did.
  const state = new Uint32Array(4);
  for (let i = 0; i < 4; i++) state[i] = splitmix();
  const nextUint32 = (): number => {
    const a = state[0]!;
    const b = state[1]!;
    const c = state[2]!;
    const d = state[3]!;
    const t = (((a + b) >>> 0) + d) >>> 0;
    state[3] = d + 1;
    state[0] = b ^ (b >>> 9);
    state[1] = c + (c << 3);
    state[2] = ((c << 21) | (c >>> 11)) + t;
    return t;
  };
  for (let i = 0; i < 12; i++) nextUint32();
  return { nextUint32, next: () => nextUint32() / 0x1_0000_0000 };
}
