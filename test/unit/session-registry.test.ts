import { describe, expect, it } from 'vitest';
import { createSessionRegistry, type EvictionReason } from '../../src/sessions/registry.js';
import { chooseSession, sessionNameProblem, toSessionName } from '../../src/sessions/select.js';

function registry(maxSessions: number, idleMs = 0) {
  let wall = 0;
  const evicted: [string, EvictionReason][] = [];
  let created = 0;
  const r = createSessionRegistry({
    create: (name) => ({ name, serial: ++created }),
    maxSessions,
    idleMs,
    now: () => wall,
    onEvict: (name, _s, reason) => evicted.push([name, reason]),
  });
  return { r, evicted, tick: (ms: number) => (wall += ms), created: () => created };
}

describe('session registry', () => {
  it('creates a session on first use and returns the same one after', () => {
    const { r, created } = registry(10);
    const a = r.get('a');
    expect(r.get('a')).toBe(a);
    expect(created()).toBe(1);
    expect(r.peek('b')).toBeUndefined();
    expect(r.size).toBe(1);
  });

  it('evicts the least recently used session when full', () => {
    const { r, evicted } = registry(2);
    r.get('a');
    r.get('b');
    r.get('a');
    r.get('c');
    expect(r.list().map((e) => e.name)).toEqual(['a', 'c']);
    expect(evicted).toEqual([['b', 'lru']]);
  });

  it('drops sessions idle longer than idleMs, on access and on sweep', () => {
    const { r, evicted, tick } = registry(10, 1000);
    r.get('a');
    tick(600);
    r.get('b');
    tick(600);
    r.get('b'); // a is 1200 ms idle: swept before b is served
    expect(r.list().map((e) => e.name)).toEqual(['b']);
    tick(1001);
    // list() leaves out the idle b without dropping it: only the sweep drops.
    expect(r.list()).toEqual([]);
    expect(r.size).toBe(1);
    expect(r.sweep()).toBe(1);
    expect(r.size).toBe(0);
    expect(evicted).toEqual([['a', 'idle'], ['b', 'idle']]);
  });

  it('list() and peek() touch nothing; delete() and clear() drop', () => {
    const { r, tick } = registry(10, 0);
    r.get('a');
    tick(5);
    r.get('b');
    tick(5);
    r.peek('a');
    r.list();
    expect(r.list().map((e) => [e.name, e.createdAt, e.lastUsedAt])).toEqual([['a', 0, 0], ['b', 5, 5]]);
    expect(r.delete('a')).toBe(true);
    expect(r.delete('a')).toBe(false);
    r.clear();
    expect(r.size).toBe(0);
  });

  it('stays bounded however many sessions come and go', () => {
    const { r, created } = registry(100);
    for (let i = 0; i < 10_000; i++) r.get(`s${i}`);
    expect(r.size).toBe(100);
    expect(created()).toBe(10_000);
    expect(r.list()[0]!.name).toBe('s9900');
  });

  it('refuses a nonsensical bound', () => {
    expect(() => createSessionRegistry({ create: () => 1, maxSessions: 0, idleMs: 0 })).toThrow(/maxSessions/);
    expect(() => createSessionRegistry({ create: () => 1, maxSessions: 1, idleMs: -1 })).toThrow(/idleMs/);
  });
});

describe('session choice', () => {
  it('reads x-mock-session, or X-Ca-Key first with app-key isolation, else the default', () => {
    expect(chooseSession({}, 'header')).toEqual({ ok: true, name: 'default' });
    expect(chooseSession({ 'x-mock-session': 'a' }, 'header')).toEqual({ ok: true, name: 'a' });
    expect(chooseSession({ 'x-ca-key': 'k1', 'x-mock-session': 'a' }, 'header')).toEqual({ ok: true, name: 'a' });
    expect(chooseSession({ 'x-ca-key': 'k1', 'x-mock-session': 'a' }, 'app-key')).toEqual({ ok: true, name: 'k1' });
    expect(chooseSession({ 'x-mock-session': 'a' }, 'app-key')).toEqual({ ok: true, name: 'a' });
    expect(chooseSession({ 'x-ca-key': 'bad key' }, 'app-key')).toMatchObject({ ok: false, header: 'x-ca-key' });
  });

  it('names are 1 to 64 URL-safe characters', () => {
    expect(sessionNameProblem('test-file_1.spec~x')).toBeUndefined();
    expect(sessionNameProblem('x'.repeat(64))).toBeUndefined();
    for (const bad of ['', 'x'.repeat(65), 'a b', 'a/b', 'a%20b', 'é']) expect(sessionNameProblem(bad)).toMatch(/use 1 to 64 characters/);
  });

  it('toSessionName makes a valid, stable name of any text, long paths included', () => {
    expect(toSessionName('test/http/order pay.test.ts')).toBe('test-http-order-pay.test.ts');
    const long = `/home/ci/project/${'deep/'.repeat(20)}flow.test.ts`;
    const other = `/home/ci/other/${'deep/'.repeat(20)}flow.test.ts`;
    for (const text of [long, other, '', 'é', 'x'.repeat(300)]) expect(sessionNameProblem(toSessionName(text))).toBeUndefined();
    expect(toSessionName(long)).toBe(toSessionName(long));
    expect(toSessionName(long)).not.toBe(toSessionName(other));
    expect(toSessionName(long)).toMatch(/flow\.test\.ts~[0-9a-f]{8}$/);
  });
});
