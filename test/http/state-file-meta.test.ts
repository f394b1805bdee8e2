import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { testApp } from '../support/api.js';

const dir = mkdtempSync(join(tmpdir(), 'alm-state-meta-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('--state-file family marks', () => {
  it('refuses a file whose family rows are of a version this build does not read, naming the family and leaving the file untouched', async () => {
    const path = join(dir, 'future.sqlite');
    await (await testApp({ stateFile: path })).close();
    const db = new Database(path);
    expect((db.prepare("SELECT value FROM meta WHERE key = 'family/streaming'").get() as { value: string }).value).toBe('1');
    db.prepare("UPDATE meta SET value = '9' WHERE key = 'family/streaming'").run();
    db.close();
    const hash = sha(path);
    await expect(testApp({ stateFile: path })).rejects.toThrow(/holds family "streaming" in row format version "9", this emulator reads version 1/);
    expect(sha(path)).toBe(hash);
  });
});
