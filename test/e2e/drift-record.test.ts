/**
 * Record mode through the built CLI: `--record DIR --target URL` in front of a stand-in for the
 * real service, then `validate-fixtures DIR`, then the emulator started on the folder with the
 * recorded clock answering the same session with the same bytes.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { runCli, startCli } from '../support/cli.js';
import { over, session, STAND_IN, startStandIn, type StandIn } from '../support/stand-in.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
let standIn: StandIn | undefined;
afterEach(async () => {
  await standIn?.close();
  standIn = undefined;
});

/** Every file of a folder, below it too, as one text. */
const folderText = (dir: string): string =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => readFileSync(join(e.parentPath, e.name), 'utf8'))
    .join('\n');

describe('aliyun-living-mock --record DIR --target URL', () => {
  it('records a session from the stand-in into a folder that validates and replays byte for byte', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aliyun-living-mock-record-cli-'));
    dirs.push(dir);
    const now = new Date(Math.floor(Date.now() / 1000) * 1000).toISOString();
    standIn = await startStandIn({ now, seed: 11 });
    const recorder = await startCli(['--record', dir, '--target', standIn.url, '--app-key', STAND_IN.app.appKey, '--log-level', 'silent'], {
      cleanEnv: true,
      env: { ALIYUN_MOCK_APP_SECRET: STAND_IN.app.appSecret },
      waitFor: /replay with: .*\n/,
    });
    expect(recorder.stdout()).toContain(`recording ${standIn.url} into ${dir}, listening on ${recorder.url}`);
    const recorded = await session(over(recorder.url));
    expect(await recorder.stop()).toBe(0);
    expect(recorder.output()).not.toContain(STAND_IN.app.appSecret);

    const valid = await runCli(['validate-fixtures', dir], { cleanEnv: true });
    expect(valid.stdout).toContain(`${dir}: fixtures are valid (2 packages, 2 devices, 2 orders, 0 apps)`);
    expect(valid.code).toBe(0);
    const text = folderText(dir);
    expect(text).not.toContain(STAND_IN.app.appSecret);
    for (const token of standIn.app.world.cloudTokens.byToken.keys()) expect(text).not.toContain(token);

    const { recordedAt } = JSON.parse(readFileSync(join(dir, 'recording.json'), 'utf8')) as { recordedAt: string };
    const replay = await startCli(['--fixtures', dir, '--now', recordedAt, '--seed', '11', '--log-level', 'silent'], { cleanEnv: true });
    expect(await session(over(replay.url))).toEqual(recorded);
  });

  it('refuses to record without the app: exit 2, naming what is missing', async () => {
    const { code, stderr } = await runCli(['--record', 'somewhere', '--target', 'http://127.0.0.1:9'], { cleanEnv: true });
    expect(code).toBe(2);
    expect(stderr).toContain('aliyun-living-mock: --app-key: give the AppKey of your app (--app-key or ALIYUN_MOCK_APP_KEY)');
  });
});
