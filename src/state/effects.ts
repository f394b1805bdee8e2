import type { Effects } from '../platform/operation.js';

/** Where a world's changes go when it has a state file; absent, state lives in memory only. */
export interface Persistence {
  /**
   * Queues the changes and resolves once they, and every change queued before them, are
   * committed; undefined when nothing is pending (nothing to wait for). A failed write rejects,
   * and the world's state goes back to what the file holds (see attach.ts).
   */
  commit(effects: Effects | undefined): Promise<void> | undefined;
  /** Writes what is pending now, synchronously (a failed write puts the world back to what the file holds, as commit's does). */
  flush(): void;
  /** Replaces everything stored with a snapshot of the world's state now, every family's (after a reset), synchronously; throws when the file cannot take it, and then the file is as it was. */
  replaceAll(): void;
  /** Transactions committed so far (one per event-loop tick with changes). */
  readonly commits: number;
  /** Flushes what is pending and closes the file. */
  close(): void;
}
