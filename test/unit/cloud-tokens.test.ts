import { describe, expect, it } from 'vitest';
import { createIdSource } from '../../src/core/ids.js';
import {
  checkCloudToken,
  createCloudTokenStore,
  issueCloudToken,
  REPLACED_TOKEN_GRACE_MS,
  CLOUD_TOKEN_LIFETIME_MS,
} from '../../src/platform/cloud-tokens.js';

describe('cloud token rules', () => {
  it('issue a working token that names its project', () => {
    const store = createCloudTokenStore();
    const issued = issueCloudToken(store, createIdSource(1), 'p1', 1000);
    expect(issued).toMatchObject({ projectId: 'p1', issuedAt: 1000, expiresAt: 1000 + CLOUD_TOKEN_LIFETIME_MS, replacedAt: null });
    expect(checkCloudToken(store, issued.token, 1000)).toEqual({ ok: true, projectId: 'p1' });
    expect(checkCloudToken(store, 'other', 1000)).toEqual({ ok: false, reason: 'unknown' });
  });

  it('start the grace of the replaced token only, at the moment of its replacement', () => {
    const store = createCloudTokenStore();
    const ids = createIdSource(1);
    const first = issueCloudToken(store, ids, 'p1', 0);
    const second = issueCloudToken(store, ids, 'p1', 10);
    issueCloudToken(store, ids, 'p1', 20);
    expect(first.replacedAt).toBe(10);
    expect(second.replacedAt).toBe(20);
    expect(checkCloudToken(store, first.token, 10 + REPLACED_TOKEN_GRACE_MS - 1).ok).toBe(true);
    expect(checkCloudToken(store, first.token, 10 + REPLACED_TOKEN_GRACE_MS)).toEqual({ ok: false, reason: 'replaced' });
    expect(checkCloudToken(store, second.token, 10 + REPLACED_TOKEN_GRACE_MS).ok).toBe(true);
  });

  it('forget dead tokens when issuing, so the store stays bounded', () => {
    const store = createCloudTokenStore();
    const ids = createIdSource(1);
    for (let i = 0; i < 100; i++) issueCloudToken(store, ids, 'p1', i * REPLACED_TOKEN_GRACE_MS);
    expect(store.byToken.size).toBeLessThanOrEqual(2);
  });
});
