/** A source of the current instant, in epoch milliseconds. Every read of time goes through one. */
export interface Clock {
  now(): number;
}

/** What a controllable clock reports about itself. */
export interface ClockState {
  now: number;
  frozen: boolean;
}

/** A clock that tests and the admin API can set, freeze and advance. */
export interface ControllableClock extends Clock {
  readonly frozen: boolean;
  /** Jump to an instant; `frozen` decides whether time then stands still or runs on from there. */
  set(instantMs: number, frozen?: boolean): void;
  /** Move the clock forward (or back, with a negative value) by a number of milliseconds. */
  advance(ms: number): void;
  state(): ClockState;
}

export interface ClockOptions {
  /** The virtual instant at creation; defaults to the real time. */
  startMs?: number;
  /** Frozen clocks only move through set() and advance(). */
  frozen?: boolean;
  /** The real time source; injected so the clock runs anywhere (browser, tests). */
  realNow?: () => number;
}

/**
 * A running clock is an offset from real time, so advancing it keeps it running;
 * a frozen one is just a number.
 */
export function createClock(options: ClockOptions = {}): ControllableClock {
  const realNow = options.realNow ?? Date.now;
  let anchorVirtual = options.startMs ?? realNow();
  let anchorReal = realNow();
  let frozen = options.frozen ?? false;

  const now = (): number => (frozen ? anchorVirtual : anchorVirtual + (realNow() - anchorReal));

  return {
    now,
    get frozen() {
      return frozen;
    },
    set(instantMs, nextFrozen = frozen) {
      anchorVirtual = instantMs;
      anchorReal = realNow();
      frozen = nextFrozen;
    },
    advance(ms) {
      const current = now();
      anchorVirtual = current + ms;
      anchorReal = realNow();
    },
    state() {
      return { now: now(), frozen };
    },
  };
}

/**
 * The instant an API call acts at: the clock's reading cut to its whole second. Every time the
 * pages show is whole seconds, in text and in epoch ms alike (commodity/enable answers
 * 1602901298000, help.aliyun.com 177891), so an order's instants are too.
 */
export function wholeSecond(ms: number): number {
  return Math.floor(ms / 1000) * 1000;
}
