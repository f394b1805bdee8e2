/**
 * Cloud tokens (/cloud/token, help.aliyun.com 177833) as plain state and rules: issuing one replaces
 * the project's previous token, which keeps working for a grace period. No clock is read here;
 * every function takes the instant.
 */
import type { IdSource } from '../core/ids.js';

/** A token's lifetime, as answered in expireIn (2 hours). */
export const CLOUD_TOKEN_LIFETIME_MS = 7_200_000;
/** How long a replaced token keeps working after its replacement (5 minutes). */
export const REPLACED_TOKEN_GRACE_MS = 300_000;

/** One issued token. */
export interface CloudToken {
  token: string;
  projectId: string;
  issuedAt: number;
  expiresAt: number;
  /** When a newer token for the same project replaced this one; null while it is current. */
  replacedAt: number | null;
}

/** Every live token of one world, and each project's current one. */
export interface CloudTokenStore {
  readonly byToken: Map<string, CloudToken>;
  readonly currentByProject: Map<string, CloudToken>;
}

/** An empty token store. */
export function createCloudTokenStore(): CloudTokenStore {
  return { byToken: new Map(), currentByProject: new Map() };
}

/** The instant after which a token no longer works: its expiry, or the end of its grace once replaced. */
export function tokenDeadline(token: CloudToken): number {
  return token.replacedAt === null ? token.expiresAt : Math.min(token.expiresAt, token.replacedAt + REPLACED_TOKEN_GRACE_MS);
}

/** Issues a new token for a project; the previous one enters its grace period. */
export function issueCloudToken(store: CloudTokenStore, ids: IdSource, projectId: string, now: number): CloudToken {
  // Dead tokens are forgotten here so that a long-running emulator keeps a bounded store.
  for (const [key, t] of store.byToken) if (tokenDeadline(t) <= now) store.byToken.delete(key);
  const previous = store.currentByProject.get(projectId);
  if (previous && previous.replacedAt === null) previous.replacedAt = now;
  let token: string;
  do token = ids.hex(32);
  while (store.byToken.has(token));
  const issued: CloudToken = { token, projectId, issuedAt: now, expiresAt: now + CLOUD_TOKEN_LIFETIME_MS, replacedAt: null };
  store.byToken.set(token, issued);
  store.currentByProject.set(projectId, issued);
  return issued;
}

/** Why a token was refused. */
export type TokenRefusal = 'unknown' | 'expired' | 'replaced';

/** The token's project if it works at `now`, or why not. */
export function checkCloudToken(
  store: CloudTokenStore,
  token: string,
  now: number,
): { ok: true; projectId: string } | { ok: false; reason: TokenRefusal } {
  const found = store.byToken.get(token);
  if (!found) return { ok: false, reason: 'unknown' };
  if (now >= found.expiresAt) return { ok: false, reason: 'expired' };
  if (now >= tokenDeadline(found)) return { ok: false, reason: 'replaced' };
  return { ok: true, projectId: found.projectId };
}
