/**
 * `aliyun-living-mock check`, the built CLI, against a stand-in for the real service (a second
 * emulator with --verify-signature and fixtures of its own): its help, its exit codes, the report
 * it prints and the JSON and JUnit files it writes, and that the app secret shows nowhere.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { REPORT_FILES, WRITES_WARNING } from '../../src/drift/command.js';
import { CheckConfigSchema } from '../../src/drift/options.js';
import { optionSpecs } from '../../src/runtime/cli/options.js';
import { runCli } from '../support/cli.js';
import { STAND_IN, startStandIn, type Drift, type StandIn } from '../support/stand-in.js';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'aliyun-living-mock-drift-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

let standIn: StandIn | undefined;
afterEach(async () => {
  await standIn?.close();
  standIn = undefined;
});

/** Runs `check` against a fresh stand-in; the secret comes from the environment, as in CI. */
async function check(args: string[], options: { drift?: Drift; secret?: string } = {}) {
  standIn = await startStandIn({ drift: options.drift });
  const { busy, fresh } = STAND_IN.devices;
  const res = await runCli(['check', '--target', standIn.url, '--app-key', STAND_IN.app.appKey, '--iot-id', busy, '--iot-id', fresh, '--project-id', STAND_IN.projectId, ...args], {
    cleanEnv: true,
    env: { ALIYUN_MOCK_APP_SECRET: options.secret ?? STAND_IN.app.appSecret },
  });
  expect(res.stdout + res.stderr).not.toContain(STAND_IN.app.appSecret);
  return res;
}

describe('aliyun-living-mock check', () => {
  it('--help describes every option of the check, with its variable, and the exit codes', async () => {
    const { code, stdout } = await runCli(['check', '--help'], { cleanEnv: true });
    expect(code).toBe(0);
    for (const spec of optionSpecs(CheckConfigSchema)) {
      expect(stdout).toContain(`--${spec.flag}`);
      expect(stdout).toContain(spec.env[0]);
    }
    expect(stdout).toContain('--config <file>');
    expect(stdout).toMatch(/Exit codes: 0 every answer matches, 1 drift, 2 wrong options, 3 the service refused us/);
  });

  it('exits 0 on a clean run and writes the report as JSON and JUnit XML', async () => {
    const dir = tempDir();
    const { code, stdout, stderr } = await check(['--report', dir]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^drift check of http:\/\/127\.0\.0\.1:\d+: 2 devices, read-only$/m);
    expect(stdout).toMatch(/^ {2}match {3}\/vision\/customer\/streaming\/commodity\/query 1\.0\.0$/m);
    expect(stdout).toMatch(/^result: match \(exit 0\): 14 match, 0 drift, 0 refused, 0 failed, 2 skipped$/m);
    const json = JSON.parse(readFileSync(join(dir, REPORT_FILES.json), 'utf8'));
    expect(json).toMatchObject({ result: 'match', exitCode: 0, devices: 2, writes: false, counts: { match: 14, skipped: 2 } });
    const xml = readFileSync(join(dir, REPORT_FILES.junit), 'utf8');
    expect(xml).toMatch(/<testsuite name="aliyun-living-mock drift check of http:\/\/127\.0\.0\.1:\d+" timestamp="[^"]+" tests="16" failures="0" errors="0" skipped="2"/);
    expect(xml.match(/<testcase /g)).toHaveLength(16);
    for (const text of [JSON.stringify(json), xml]) expect(text).not.toContain(STAND_IN.app.appSecret);
  });

  it('exits 1 on drift, with the table of differences, a JUnit failure per drifted call', async () => {
    const dir = tempDir();
    const drift: Drift = (path, body) => {
      if (path !== '/vision/customer/cloudstorage/order/get' || !body.data) return body;
      const { outOrderNo, ...data } = body.data;
      return { ...body, data: { ...data, outTradeNo: outOrderNo, endTime: data.endTime.replace(' ', 'T') } };
    };
    const { code, stdout } = await check(['--report', dir], { drift });
    expect(code).toBe(1);
    expect(stdout).toMatch(/^ {2}DRIFT {3}\/vision\/customer\/cloudstorage\/order\/get 1\.0\.6 \[StandIn0Busy0Device000001\] {2}2 differences$/m);
    expect(stdout).toContain('| API | field | kind | emulator | target |');
    expect(stdout).toContain('| /vision/customer/cloudstorage/order/get 1.0.6 [StandIn0Busy0Device000001] | data.outOrderNo | renamed | outOrderNo | outTradeNo |');
    expect(stdout).toMatch(/\| data\.endTime \| format \| string \(time-local\) \| string \(text\) "\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d" \|/);
    expect(stdout).toMatch(/^result: drift \(exit 1\): 13 match, 1 drift, 0 refused, 0 failed, 2 skipped$/m);
    const xml = readFileSync(join(dir, REPORT_FILES.junit), 'utf8');
    expect(xml).toMatch(/tests="16" failures="1" errors="0"/);
    expect(xml).toContain('<failure message="2 differences" type="drift"/>');
  });

  it('exits 3, "refused" and not drift, for a wrong secret read from a --config file', async () => {
    const dir = tempDir();
    const file = join(dir, 'check.json');
    writeFileSync(file, JSON.stringify({ appSecret: 'a-wrong-secret-for-the-stand-in' }));
    const { code, stdout } = await check(['--config', file], { secret: '' });
    expect(code).toBe(3);
    expect(stdout).toMatch(/^ {2}REFUSED {1}\/cloud\/token 1\.0\.1 {2}the gateway refused the call: HTTP 400 A403IS Invalid Signature/m);
    expect(stdout).toMatch(/^result: refused \(exit 3\): 0 match, 0 drift, 1 refused, 0 failed, 15 skipped$/m);
    expect(stdout).not.toContain('a-wrong-secret-for-the-stand-in');
    expect(stdout).not.toContain(`x-ca-key:${STAND_IN.app.appKey}`);
  });

  it('exits 2 for wrong options, naming each without printing a secret', async () => {
    const { code, stderr } = await runCli(['check', '--target', 'ftp://example.invalid', '--allow-writes'], { cleanEnv: true, env: { ALIYUN_MOCK_APP_SECRET: STAND_IN.app.appSecret, ALIYUN_MOCK_ALLOW_WRITES: 'maybe' } });
    expect(code).toBe(2);
    expect(stderr).toContain('aliyun-living-mock check: --target "ftp://example.invalid": expected an http(s) URL such as https://api.link.aliyun.com');
    expect(stderr).toContain('aliyun-living-mock check: --app-key: give the AppKey of your app (--app-key or ALIYUN_MOCK_APP_KEY)');
    expect(stderr).not.toContain(STAND_IN.app.appSecret);
  });

  it('warns before it writes, with --allow-writes, then sends the writes', async () => {
    const { code, stdout, stderr } = await check(['--allow-writes']);
    expect(stderr.trim()).toBe(WRITES_WARNING);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^ {2}match {3}\/vision\/customer\/streaming\/order\/create 1\.0\.0 \[StandIn0Busy0Device000001\]$/m);
    expect(stdout).not.toContain('/order/pay');
  });
});
