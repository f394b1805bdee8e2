import { describe, expect, it } from 'vitest';
import { createJournal, entryBytes, JournalBudget, maskBody, maskHeaders, type JournalEntry } from '../../src/journal/journal.js';

const entry = (n: number, over: Partial<JournalEntry> = {}): JournalEntry => ({
  id: `r${n}`,
  time: new Date(n * 1000).toISOString(),
  timeMs: n * 1000,
  method: 'POST',
  path: '/vision/customer/streaming/order/create',
  api: '/vision/customer/streaming/order/create',
  iotId: 'dev-1',
  headers: {},
  requestBody: null,
  status: 200,
  code: 200,
  gatewayError: null,
  responseBody: null,
  latencyMs: 1,
  faultRuleId: null,
  detail: null,
  ...over,
});

describe('journal', () => {
  it('keeps only the latest `capacity` entries, newest first, and forgets the ids it dropped', () => {
    const journal = createJournal(3);
    for (let i = 1; i <= 5; i++) journal.record(entry(i));
    expect(journal.size).toBe(3);
    expect(journal.list().requests.map((e) => e.id)).toEqual(['r5', 'r4', 'r3']);
    expect(journal.get('r2')).toBeUndefined();
    expect(journal.get('r4')?.id).toBe('r4');
  });

  it('a slot taken over by a newer entry reads as the newer one, and what was read before stays as it was', () => {
    const journal = createJournal(2);
    journal.record(entry(1, { requestBody: 'one', detail: 'first' }));
    const first = journal.get('r1')!;
    journal.record(entry(2));
    journal.record(entry(3, { requestBody: 'three' }));
    expect(journal.get('r1')).toBeUndefined();
    expect(journal.get('r3')).toMatchObject({ id: 'r3', requestBody: 'three', detail: null });
    expect(first).toMatchObject({ id: 'r1', requestBody: 'one', detail: 'first' });
  });

  it('stays bounded over many entries', () => {
    const journal = createJournal(100);
    for (let i = 0; i < 50_000; i++) journal.record(entry(i));
    expect(journal.size).toBe(100);
    expect(journal.list({ limit: 1000 }).total).toBe(100);
  });

  it('filters by path (exact and glob), iotId, code (business, gateway or status), time, and limits', () => {
    const journal = createJournal(10);
    journal.record(entry(1));
    journal.record(entry(2, { iotId: 'dev-2', code: 460 }));
    journal.record(entry(3, { path: '/vision/customer/streaming/order/pay', api: '/vision/customer/streaming/order/pay' }));
    journal.record(entry(4, { status: 504, code: null, gatewayError: 'D504TO' }));
    const ids = (f: Parameters<typeof journal.list>[0]) => journal.list(f).requests.map((e) => e.id);
    expect(ids({ path: '/vision/customer/streaming/order/pay' })).toEqual(['r3']);
    expect(ids({ path: '/vision/customer/streaming/order/*' })).toEqual(['r4', 'r3', 'r2', 'r1']);
    expect(ids({ iotId: 'dev-2' })).toEqual(['r2']);
    expect(ids({ code: '460' })).toEqual(['r2']);
    expect(ids({ code: 'D504TO' })).toEqual(['r4']);
    expect(ids({ code: '504' })).toEqual(['r4']);
    // Business errors travel with HTTP 200: code=200 means the envelope's 200, not the status.
    expect(ids({ code: '200' })).toEqual(['r3', 'r1']);
    expect(ids({ sinceMs: 2000, untilMs: 3000 })).toEqual(['r3', 'r2']);
    expect(journal.list({ limit: 2 })).toMatchObject({ total: 4, count: 2 });
    journal.clear();
    expect(journal.list()).toEqual({ total: 0, count: 0, requests: [] });
  });

  it('masks secret headers and token values in bodies', () => {
    expect(maskHeaders({ 'X-Ca-Signature': 'abc', authorization: 'Bearer x', 'x-admin-token': 't', 'x-ca-key': '24000001' })).toEqual({
      'x-ca-signature': '***',
      authorization: '***',
      'x-admin-token': '***',
      'x-ca-key': '24000001',
    });
    const body = maskBody('{"request":{"apiVer":"1.0.0","cloudToken":"secret-token-1"},"params":{}}')!;
    expect(body).not.toContain('secret-token-1');
    expect(body).toContain('"cloudToken":"***"');
    expect(maskBody('x'.repeat(5000), 100)!.length).toBeLessThan(200);
  });

  it('masks before it cuts a long body, and keeps the cut text exactly', () => {
    const long = `{"request":{"cloudToken":"secret-token-2","iotToken":"secret-iot"},"params":{"note":"${'直播'.repeat(3000)}"}}`;
    const body = maskBody(long, 200)!;
    expect(body).not.toContain('secret-token-2');
    expect(body).not.toContain('secret-iot');
    expect(body.startsWith('{"request":{"cloudToken":"***","iotToken":"***"},"params":{"note":"直播')).toBe(true);
    const masked = long.replace('secret-token-2', '***').replace('secret-iot', '***');
    expect(body).toBe(`${masked.slice(0, 200)}…(${masked.length - 200} more characters)`);
    // A body with no secret field comes back as it was.
    expect(maskBody('{"params":{"iotId":"x"}}')).toBe('{"params":{"iotId":"x"}}');
  });

  it('masks known secret values wherever they sit: any header, any body field, a token inside a longer hex run', () => {
    const token = '0123456789abcdef0123456789abcdef';
    const known = { appSecrets: ['mock-app-secret-0001'], tokens: new Map([[token, {}]]) };
    expect(maskHeaders({ 'x-ca-nonce': 'mock-app-secret-0001', 'x-ca-key': token, host: 'h' }, known)).toEqual({ 'x-ca-nonce': '***', 'x-ca-key': '***', host: 'h' });
    const body = maskBody(`{"request":{"apiVer":"${token}"},"params":{"commodityCode":"ff${token}","note":"mock-app-secret-0001"}}`, 4096, known)!;
    expect(body).toBe('{"request":{"apiVer":"***"},"params":{"commodityCode":"ff***","note":"***"}}');
  });
});

describe('journal filters', () => {
  it('matches a glob of 1 000 stars against a 3 000-character path at once (no backtracking)', () => {
    const journal = createJournal(10);
    journal.record(entry(1, { path: `/${'a'.repeat(3000)}` }));
    expect(journal.list({ path: `/${'*'.repeat(1000)}/` }).total).toBe(0);
    expect(journal.list({ path: `${'*a'.repeat(500)}Z` }).total).toBe(0);
    expect(journal.list({ path: `/${'*a'.repeat(500)}*` }).total).toBe(1);
    expect(journal.list({ path: '/a*a' }).total).toBe(1);
    expect(journal.list({ path: '/aa*aaa' }).total).toBe(1);
    expect(journal.list({ path: `/${'a'.repeat(2999)}*aa` }).total).toBe(0);
  });
});

describe('journal byte budget', () => {
  const bigHeaders = { 'x-big': 'h'.repeat(14_500) };

  it('keeps every journal sharing a budget inside its bytes together, the oldest entry of any journal going first', () => {
    const budget = new JournalBudget(1024 * 1024);
    const journals = [createJournal(10_000, budget), createJournal(10_000, budget), createJournal(10_000, budget)];
    for (let i = 0; i < 3000; i++) journals[i % 3]!.record(entry(i, { headers: bigHeaders }));
    const one = entryBytes(entry(0, { headers: bigHeaders }));
    expect(one).toBeGreaterThan(29_000);
    expect(budget.usedBytes).toBeLessThanOrEqual(budget.maxBytes);
    expect(budget.usedBytes).toBeGreaterThan(budget.maxBytes - one);
    expect(journals.reduce((sum, j) => sum + j.bytes, 0)).toBe(budget.usedBytes);
    // The newest entries of all journals stayed, the oldest went, whichever journal held them.
    const kept = journals.flatMap((j) => j.list({ limit: 10_000 }).requests.map((e) => e.timeMs / 1000)).sort((a, b) => a - b);
    expect(kept).toEqual(Array.from({ length: kept.length }, (_, k) => 3000 - kept.length + k));
    // A journal cleared (a session dropped) gives its bytes back.
    journals[0]!.clear();
    expect(budget.usedBytes).toBe(journals[1]!.bytes + journals[2]!.bytes);
  });

  it('a journal alone gets the default budget, and its capacity still counts', () => {
    const journal = createJournal(5);
    for (let i = 0; i < 20; i++) journal.record(entry(i));
    expect(journal.size).toBe(5);
    expect(journal.bytes).toBe([15, 16, 17, 18, 19].reduce((sum, i) => sum + entryBytes(entry(i)), 0));
    expect(() => new JournalBudget(0)).toThrow(/positive/);
  });
});
