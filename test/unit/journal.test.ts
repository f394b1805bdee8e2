import { describe, expect, it } from 'vitest';
import { createBodyArena, FIRST_SLAB_BYTES, SLAB_BYTES } from '../../src/journal/body-arena.js';
import { zlibSlabCompression } from '../../src/journal/zlib-compression.js';
import { createJournal, maskBody, maskHeaders, mayNameSecretField, type JournalEntry } from '../../src/journal/journal.js';

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

  it('reads a deferred entry with its time written out and its secret headers masked, by list and by get', () => {
    const journal = createJournal(5);
    const { time: _time, headers: _headers, ...rest } = entry(7);
    journal.record({ ...rest, id: 'd1', rawHeaders: { 'x-ca-signature': 'sig-secret', 'x-ca-key': '24000001', cookie: 'c=1', 'x-list': ['a', 'b'] } });
    journal.record({ ...rest, id: 'd2', rawHeaders: { authorization: 'Bearer secret-2' } });
    const expected = { ...entry(7), id: 'd1', headers: { 'x-ca-signature': '***', 'x-ca-key': '24000001', cookie: '***', 'x-list': 'a, b' } };
    expect(journal.get('d1')).toStrictEqual(expected);
    expect(Object.keys(journal.get('d1')!)).toEqual(Object.keys(entry(7)));
    const listed = journal.list().requests;
    expect(listed[1]).toStrictEqual(expected);
    expect(JSON.stringify(listed)).not.toMatch(/secret|rawHeaders/);
    expect(journal.get('d2')).toBe(listed[0]);
  });

  it('keeps deferred headers exactly as maskHeaders writes them: order, empty and numeric values, non-ASCII, upper-case names', () => {
    const journal = createJournal(5);
    const { time: _time, headers: _headers, ...rest } = entry(7);
    const raw = { Host: '127.0.0.1:80', 'x-empty': '', 'content-length': 17, 'x-name': 'é直', 'X-Ca-Signature': 's', 'x-gone': undefined };
    journal.record({ ...rest, id: 'h1', rawHeaders: raw });
    expect(journal.get('h1')!.headers).toStrictEqual(maskHeaders(raw));
    expect(Object.keys(journal.get('h1')!.headers)).toEqual(['host', 'x-empty', 'content-length', 'x-name', 'x-ca-signature']);
  });

  it('writes lower-case headers (as Node gives them) the same way: values joined, secrets masked', () => {
    const journal = createJournal(5);
    const { time: _time, headers: _headers, ...rest } = entry(7);
    const raw = { host: '127.0.0.1:80', 'x-empty': '', 'content-length': 17, 'x-list': ['a', 'b'], 'x-ca-signature': 's', cookie: 'c=1', 'x-gone': undefined, 'x-name': 'é直' };
    journal.record({ ...rest, id: 'h2', rawHeaders: raw });
    expect(journal.get('h2')!.headers).toStrictEqual({ host: '127.0.0.1:80', 'x-empty': '', 'content-length': '17', 'x-list': 'a, b', 'x-ca-signature': '***', cookie: '***', 'x-name': 'é直' });
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

  it('tells bodies that may name a secret field, as text and as the bytes the journal stores unmasked', () => {
    const naming = ['{"request":{"cloudToken":"t"}}', '{"iotToken" : 1}', '{"refreshToken":"r"}', '{"data":{"appSecret":"s"}}', '{"a":"直播","request":{"cloudToken":"t"}}'];
    const plain = ['{"params":{"iotId":"x","userName":"小明"}}', '{"token":"lower case is no field of ours"}', '{"appSecretary":1}', ''];
    for (const body of naming) {
      expect(mayNameSecretField(body)).toBe(true);
      expect(mayNameSecretField(Buffer.from(body))).toBe(true);
      // A browser's bytes are no Buffer: the same answer from the plain scan.
      expect(mayNameSecretField(new TextEncoder().encode(body))).toBe(true);
    }
    for (const body of plain) {
      expect(mayNameSecretField(body)).toBe(false);
      expect(mayNameSecretField(Buffer.from(body))).toBe(false);
      expect(mayNameSecretField(new TextEncoder().encode(body))).toBe(false);
    }
  });
});

describe('journal body storage', () => {
  it('gives back every body exactly as recorded: Chinese text, a leading BOM, empty and null, across slabs, and one too large for a slab', () => {
    const journal = createJournal(5000);
    const bodies: [string | null, string | null][] = [
      ['{"params":{"iotId":"a"}}', '{"data":{"commodityName":"直播分享月包（10路）"}}'],
      ['\uFEFF{"bom":true}', null],
      [null, '😀 surrogate pair'],
      [null, null],
    ];
    // Enough entries to fill several slabs.
    for (let i = 0; i < 4000; i++) {
      const [requestBody, responseBody] = bodies[i % bodies.length]!;
      journal.record(entry(i, { requestBody, responseBody }));
    }
    const large = ['x'.repeat(200_000), '直'.repeat(30_000)];
    journal.record(entry(4000, { requestBody: large[0], responseBody: large[1] }));
    const read = journal.list({ limit: 5000 }).requests.reverse();
    expect(read.map((e) => [e.requestBody, e.responseBody])).toEqual([...Array.from({ length: 4000 }, (_, i) => bodies[i % bodies.length]), large]);
  });
});

describe('body arena', () => {
  it('deflates a full slab, reads its entries back exactly, and drops its bytes once every entry in it has left', async () => {
    const arena = createBodyArena(zlibSlabCompression);
    const body = (i: number) => `{"data":{"commodityName":"直播分享月包（10路）","n":${i},"pad":"${'x'.repeat(SLAB_BYTES / 200)}"}}`;
    const packed = Array.from({ length: 600 }, (_, i) => ({ i, p: arena.pack(null, `{"i":${i}}`, body(i)) }));
    const slabs = [...new Set(packed.map(({ p }) => p.slab!))];
    expect(slabs.length).toBeGreaterThan(2);
    const sealed = slabs[0]!;
    // Deflating happens off the event loop: until it is done, the entries read from the bytes as they are.
    expect(sealed.bytes).not.toBeNull();
    expect(arena.read(packed[0]!.p)).toEqual({ head: null, request: '{"i":0}', response: body(0) });
    await arena.deflated();
    expect(sealed.bytes).toBeNull();
    expect(sealed.packed!.length).toBeLessThan(sealed.used / 4);
    // Alternating between slabs: each read inflates the one it needs.
    for (const k of [0, 599, 1, 598, 300]) expect(arena.read(packed[k]!.p)).toEqual({ head: null, request: `{"i":${k}}`, response: body(k) });
    for (const { p } of packed) if (p.slab === sealed) arena.release(p);
    expect(sealed.packed).toBeNull();
    for (const { i, p } of packed) if (p.slab !== sealed) expect(arena.read(p)).toEqual({ head: null, request: `{"i":${i}}`, response: body(i) });
    // Slabs grow from a few KB (a session journaling a few calls) to SLAB_BYTES (a busy journal).
    expect(slabs[0]!.used).toBeLessThanOrEqual(4 * FIRST_SLAB_BYTES);
    expect(slabs.at(-2)!.used).toBeGreaterThan(SLAB_BYTES / 2);
  });

  it('drops a slab whose every entry left while it was being deflated, and reuses its buffer', async () => {
    const arena = createBodyArena(zlibSlabCompression);
    const body = 'y'.repeat(SLAB_BYTES / 64);
    const packed = Array.from({ length: 40 }, () => arena.pack(null, null, body));
    const first = packed[0]!.slab!;
    for (const p of packed) if (p.slab === first) arena.release(p);
    await arena.deflated();
    expect(first.bytes).toBeNull();
    expect(first.packed).toBeNull();
    for (const p of packed) if (p.slab !== first && p.slab!.bytes === null) expect(p.slab!.packed).not.toBeNull();
  });

  it('without a compression (a browser), keeps full slabs as bytes and reads every entry back', async () => {
    const arena = createBodyArena();
    const body = (i: number) => `{"n":${i},"pad":"${'z'.repeat(SLAB_BYTES / 100)}"}`;
    const packed = Array.from({ length: 300 }, (_, i) => arena.pack(null, null, body(i)));
    await arena.deflated();
    const first = packed[0]!.slab!;
    expect(packed.at(-1)!.slab).not.toBe(first);
    expect(first.bytes).not.toBeNull();
    expect(first.packed).toBeNull();
    for (const i of [0, 150, 299]) expect(arena.read(packed[i]!)).toEqual({ head: null, request: null, response: body(i) });
  });

  it('stores a body given as UTF-8 bytes and reads it back as text, beside text bodies', () => {
    const arena = createBodyArena();
    const bytes = new TextEncoder().encode('{"params":{"userName":"小明"}}');
    const p = arena.pack('host\0x\0', bytes, '{"data":"直播"}');
    expect(arena.read(p)).toEqual({ head: 'host\0x\0', request: '{"params":{"userName":"小明"}}', response: '{"data":"直播"}' });
  });
});
