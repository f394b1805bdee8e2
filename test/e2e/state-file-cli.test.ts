/**
 * The state file through the built CLI: what a start refuses (and with which exit code and words),
 * what --state-file-repair says and keeps, and what validate-fixtures --state-file reports.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { BUILT_IN_FIXTURES_DIR } from '../../src/fixtures/load.js';
import { CREATE, DEVICES, envelope, T0 } from '../support/api.js';
import { runCli, startCli } from '../support/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'alm-state-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A create on a running CLI; its answer's envelope. */
async function create(url: string, commodityCode: string): Promise<{ code: number; data: { orderId: string } }> {
  const res = await fetch(`${url}${CREATE}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(envelope({ iotId: DEVICES.empty, commodityCode, copies: 1 })) });
  return (await res.json()) as { code: number; data: { orderId: string } };
}

/** The orderIds a running CLI's order/query lists for the empty device, page by page. */
async function orderIds(url: string): Promise<string[]> {
  const ids: string[] = [];
  for (let pageNo = 1; ; pageNo++) {
    const body = JSON.stringify(envelope({ iotId: DEVICES.empty, pageNo, pageSize: 50 }));
    const res = await fetch(`${url}/vision/customer/streaming/order/query`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const page = ((await res.json()) as { data: { orderList: { orderId: string }[] } }).data.orderList;
    ids.push(...page.map((o) => o.orderId));
    if (page.length < 50) return ids;
  }
}

describe('--state-file through the CLI', () => {
  it('refuses --isolate-by app-key with it: exit 2, both options named, and what to do', async () => {
    const { code, stderr } = await runCli(['--port', '0', '--state-file', join(dir, 'app-key.sqlite'), '--isolate-by', 'app-key']);
    expect(code).toBe(2);
    expect(stderr).toContain('--isolate-by "app-key": app-key cannot be used with --state-file');
    expect(stderr).toMatch(/Drop --isolate-by app-key .*, or drop --state-file/);
  });

  it('an order of a package removed from the fixtures: validate-fixtures reports it, a start refuses, a repair skips it and keeps the rest', { timeout: 60_000 }, async () => {
    const folder = join(dir, 'fixtures');
    cpSync(BUILT_IN_FIXTURES_DIR, folder, { recursive: true });
    const stateFile = join(dir, 'removed.sqlite');
    const args = ['--port', '0', '--now', T0, '--fixtures', folder, '--state-file', stateFile, '--log-level', 'warn'];
    const first = await startCli(args);
    const gone = await create(first.url, 'streamingResource_240_12');
    const kept = await create(first.url, 'streamingResource_5_1');
    expect([gone.code, kept.code]).toEqual([200, 200]);
    expect(await first.stop('SIGTERM')).toBe(0);

    const packagesFile = join(folder, 'packages.json');
    const packages = JSON.parse(readFileSync(packagesFile, 'utf8')) as { commodityCode: string }[];
    writeFileSync(packagesFile, JSON.stringify(packages.filter((p) => p.commodityCode !== 'streamingResource_240_12')));
    // The folder alone is valid; against the file it is not.
    expect((await runCli(['validate-fixtures', folder])).code).toBe(0);
    const checked = await runCli(['validate-fixtures', folder, '--state-file', stateFile]);
    expect(checked.code).toBe(1);
    expect(checked.stderr).toMatch(/names packages the fixtures in .* no longer have:\n {2}streaming package "streamingResource_240_12" \(change row \d+\)/);

    const refused = await runCli(args);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/change row \d+ \(streaming create\) cannot be replayed: .*streamingResource_240_12.*Start once with --state-file-repair/);

    const repaired = await startCli([...args, '--state-file-repair']);
    expect(repaired.output()).toMatch(/"row":"change row \d+ \(streaming create\) cannot be replayed: .*streamingResource_240_12/);
    expect(repaired.output()).toContain('state file: skipped a row that cannot be read or replayed (--state-file-repair)');
    const ids = await orderIds(repaired.url);
    expect(ids).toContain(kept.data.orderId);
    expect(ids).not.toContain(gone.data.orderId);
    expect(await repaired.stop('SIGKILL')).toBeNull();
    // Rewritten without it at the repair's start: a plain start works, even after kill -9.
    const again = await startCli(args);
    expect(await orderIds(again.url)).toEqual(ids);
    expect((await runCli(['validate-fixtures', folder, '--state-file', stateFile])).code).toBe(0);
    await again.stop('SIGTERM');
  });

  it('a truncated database: a start refuses it untouched, a repair moves it aside and keeps what it can read', { timeout: 60_000 }, async () => {
    const stateFile = join(dir, 'truncated.sqlite');
    const args = ['--port', '0', '--now', T0, '--state-file', stateFile, '--log-level', 'warn'];
    const first = await startCli(args);
    for (let i = 0; i < 200; i++) expect((await create(first.url, 'streamingResource_5_1')).code).toBe(200);
    expect(await first.stop('SIGTERM')).toBe(0);
    truncateSync(stateFile, Math.floor(statSync(stateFile).size / 2 / 4096) * 4096);

    const refused = await runCli(args);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/truncated\.sqlite is corrupt .*left untouched\. Start once with --state-file-repair/);

    const repaired = await startCli([...args, '--state-file-repair']);
    const aside = readdirSync(dir).find((f) => f.startsWith('truncated.sqlite.damaged-'));
    expect(aside).toBeDefined();
    expect(repaired.output()).toContain(`it was moved to ${join(dir, aside!)}, and a new file started with the`);
    const kept = await orderIds(repaired.url);
    await repaired.stop('SIGTERM');
    const again = await startCli(args);
    expect(await orderIds(again.url)).toEqual(kept);
    await again.stop('SIGTERM');
  });

  it('a reset the file cannot store answers 500 and changes nothing: a kill -9 restart reads what memory showed', { timeout: 60_000 }, async () => {
    const stateFile = join(dir, 'failed-reset.sqlite');
    const args = ['--port', '0', '--now', T0, '--state-file', stateFile, '--log-level', 'error'];
    const first = await startCli(args);
    await fetch(`${first.url}/__admin/clock/advance`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ by: '150d' }) });
    for (let i = 0; i < 5; i++) expect((await create(first.url, 'streamingResource_5_1')).code).toBe(200);
    const before = await orderIds(first.url);
    // A full disk for the snapshot a reset writes (a trigger another connection adds).
    const db = new Database(stateFile);
    db.exec("CREATE TRIGGER full_disk BEFORE INSERT ON family_rows BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END;");
    const reset = await fetch(`${first.url}/__admin/reset`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(reset.status).toBe(500);
    expect(((await reset.json()) as { error: string }).error).toMatch(/nothing was reset/);
    expect(await orderIds(first.url)).toEqual(before);
    db.exec('DROP TRIGGER full_disk');
    db.close();
    // Space freed: a create is answered at the clock memory has, and the file keeps it so.
    const after = (await create(first.url, 'streamingResource_5_1')) as { code: number; data: { orderId: string; startTime: string } };
    const shown = await orderIds(first.url);
    expect(await first.stop('SIGKILL')).toBeNull();
    const again = await startCli(args.map((a) => (a === T0 ? '2025-04-14T02:00:00Z' : a)));
    expect(await orderIds(again.url)).toEqual(shown);
    const get = JSON.stringify(envelope({ iotId: DEVICES.empty, orderId: after.data.orderId }));
    const read = (await (await fetch(`${again.url}/vision/customer/streaming/order/get`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: get })).json()) as { data: { startTime: string } };
    expect(read.data.startTime).toBe(after.data.startTime);
    await again.stop('SIGTERM');
  });
});
