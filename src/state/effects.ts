import type { Order } from '../services/streaming/order.js';

/** What an operation changed, for the HTTP layer to persist before it answers. */
export interface Effects {
  /** Orders created or moved, in their state after the operation. */
  orders: readonly Order[];
}

/** Where a world's changes go when it has a state file; absent, state lives in memory only. */
export interface Persistence {
  /**
   * Queues the changes and resolves once they, and every change queued before them, are
   * committed; undefined when nothing is pending (nothing to wait for).
   */
  commit(effects: Effects | undefined): Promise<void> | undefined;
  /** Replaces every stored order at once (after a reset), synchronously. */
  replaceAll(orders: Iterable<Order>): void;
  /** Transactions committed so far (one per event-loop tick with changes). */
  readonly commits: number;
  /** Flushes what is pending and closes the file. */
  close(): void;
}
