/** A reset the state file could not store; the world was left as it was. The admin API answers it with 500. */
export class ResetNotStoredError extends Error {
  override name = 'ResetNotStoredError';
}
