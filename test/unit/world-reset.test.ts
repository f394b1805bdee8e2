import { describe, expect, it } from 'vitest';
import { loadFixtures } from '../../src/fixtures/load.js';
import { createOrder } from '../../src/families/streaming/rules.js';
import { orderCount, streamingStoreOf } from '../../src/families/streaming/store.js';
import type { Persistence } from '../../src/state/effects.js';
import { createWorld } from '../../src/world.js';
import { ResetNotStoredError } from '../../src/state/reset-not-stored.js';
import { DEVICES, T0 } from '../support/api.js';

/** A store whose snapshot write always fails, as on a full disk. */
function fullDisk(): Persistence & { flushed: number } {
  return {
    flushed: 0,
    commits: 0,
    commit: () => undefined,
    flush() {
      this.flushed += 1;
    },
    replaceAll() {
      throw new Error('database or disk is full');
    },
    close() {},
  };
}

describe('World.reset with a state file', () => {
  it('changes nothing when the file cannot store the reset: orders, clock and ids stay', () => {
    const world = createWorld(loadFixtures(), { timezone: 'Asia/Shanghai', startMs: Date.parse(T0), seed: 1 });
    const store = streamingStoreOf(world);
    const made = createOrder({ directory: world.directory, store, now: world.clock.now(), zone: world.zone, ids: world.ids }, { iotId: DEVICES.empty, commodityCode: 'streamingResource_5_1', copies: 1, userName: null, userId: null, immediateUse: true });
    expect(made.ok).toBe(true);
    world.clock.advance(86_400_000);
    const orders = orderCount(store);
    const ids = world.ids;
    const now = world.clock.now();
    const persistence = fullDisk();
    world.persistence = persistence;
    expect(() => world.reset()).toThrow(ResetNotStoredError);
    expect(() => world.reset()).toThrow(/nothing was reset/);
    // What was pending was written first, so what stays is what the file holds.
    expect(persistence.flushed).toBe(2);
    expect(orderCount(streamingStoreOf(world))).toBe(orders);
    expect(world.clock.now()).toBe(now);
    expect(world.ids).toBe(ids);
  });
});
