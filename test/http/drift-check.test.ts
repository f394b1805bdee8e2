/**
 * The drift check against a stand-in for the real service: a second emulator with signature
 * checking on and fixtures of its own, over a real socket. Clean, it matches; made to drift by a
 * test-only rewrite of its answers, each kind of difference is caught where it was made; a wrong
 * key, a forbidden device and a closed port are refusals and failures, not drift.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { runCheck, type CheckOptions, type CheckReport } from '../../src/drift/check.js';
import { reportJson, reportJunit, reportLines } from '../../src/drift/report.js';
import { UNKNOWN_DEVICE } from '../../src/drift/sequence.js';
import { freePort } from '../support/cli.js';
import { STAND_IN, startStandIn, type Drift, type StandIn } from '../support/stand-in.js';

const S = '/vision/customer/streaming';
const C = '/vision/customer/cloudstorage';

let standIn: StandIn | undefined;
afterEach(async () => {
  await standIn?.close();
  standIn = undefined;
});

async function check(options: { drift?: Drift } & Partial<CheckOptions> = {}): Promise<CheckReport> {
  const { drift, ...rest } = options;
  standIn = await startStandIn({ drift });
  return runCheck({ target: standIn.url, app: STAND_IN.app, iotIds: [STAND_IN.devices.busy, STAND_IN.devices.fresh], projectId: STAND_IN.projectId, ...rest });
}

/** The calls of a report that did not match, as `outcome path [iotId]`. */
const notMatching = (report: CheckReport) =>
  report.calls.filter((c) => c.outcome !== 'match' && c.outcome !== 'skipped').map((c) => `${c.outcome} ${c.path}${c.iotId ? ` [${c.iotId}]` : ''}`);

/** Every difference of a report as `path: kind`. */
const differences = (report: CheckReport) => report.calls.flatMap((c) => c.differences.map((d) => `${c.path} ${d.path}: ${d.kind}`));

describe('drift check against a stand-in', () => {
  it('runs clean against an emulator with other fixtures: every call matches, exit 0', async () => {
    const report = await check({ allowWrites: true });
    expect(notMatching(report)).toEqual([]);
    expect(report.result).toBe('match');
    expect(report.exitCode).toBe(0);
    // Every read of the busy device was sent (its orders found and read by id), the writes too.
    const busy = report.calls.filter((c) => c.iotId === STAND_IN.devices.busy);
    expect(busy.map((c) => `${c.outcome} ${c.step}`)).toEqual([
      'match streaming-orders', 'match streaming-order', 'match cloud-storage-orders', 'match cloud-storage-order',
      'match free-trial', 'match free-trial-quota', 'match streaming-create', 'match streaming-created-order', 'match free-trial-claim',
    ]);
    // The fresh device has no order to read by id: skipped, and said why.
    expect(report.calls.filter((c) => c.iotId === STAND_IN.devices.fresh && c.outcome === 'skipped').map((c) => c.step)).toEqual(['streaming-order', 'cloud-storage-order']);
    expect(report.calls.at(-1)).toMatchObject({ step: 'unknown-device', outcome: 'match', code: 2063 });
    expect(reportLines(report).at(-1)).toMatch(/^result: match \(exit 0\): 20 match, 0 drift, 0 refused, 0 failed, 2 skipped$/);
  });

  it('sends no write without --allow-writes', async () => {
    const report = await check();
    expect(report.calls.map((c) => c.step)).not.toContain('streaming-create');
    expect(report.calls.map((c) => c.step)).not.toContain('free-trial-claim');
    const journal = standIn!.app.world.journal.list({ limit: 1000 }).requests.map((r: { path: string }) => r.path);
    expect(journal.filter((p: string) => /create|consume|pay|buy/.test(p))).toEqual([]);
  });

  it('catches a renamed field, naming both names', async () => {
    const drift: Drift = (path, body) => {
      if (path !== `${S}/order/query` || !body.data?.orderList) return body;
      body.data.orderList = body.data.orderList.map(({ outOrderNo, ...o }: Record<string, unknown>) => ({ ...o, outTradeNo: outOrderNo }));
      return body;
    };
    const report = await check({ drift });
    expect(differences(report)).toEqual([`${S}/order/query data.orderList[].outOrderNo: renamed`]);
    const call = report.calls.find((c) => c.differences.length)!;
    expect(call).toMatchObject({ outcome: 'drift', iotId: STAND_IN.devices.busy, differences: [{ emulator: 'outOrderNo', target: 'outTradeNo', count: 2 }] });
    expect(report).toMatchObject({ result: 'drift', exitCode: 1 });
  });

  it('catches a changed type: a price as a number', async () => {
    const drift: Drift = (path, body) => (path === `${S}/commodity/query` ? { ...body, data: body.data.map((p: Record<string, unknown>) => ({ ...p, price: Number(p.price) })) } : body);
    const report = await check({ drift });
    expect(differences(report)).toEqual([`${S}/commodity/query data[].price: type`]);
    expect(report.calls[1]!.differences[0]).toMatchObject({ emulator: 'string (decimal)', target: 'number (fraction) 59.9' });
  });

  it('catches another time format', async () => {
    const drift: Drift = (path, body) => (path === `${C}/order/get` && body.data ? { ...body, data: { ...body.data, startTime: body.data.startTime.replace(/-/g, '/') } } : body);
    const report = await check({ drift });
    expect(differences(report)).toEqual([`${C}/order/get data.startTime: format`]);
    const d = report.calls.find((c) => c.path === `${C}/order/get` && c.outcome === 'drift')!.differences[0]!;
    expect(d.emulator).toBe('string (time-local)');
    expect(d.target).toMatch(/^string \(text\) "\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2}"$/);
  });

  it('catches a changed message text', async () => {
    const drift: Drift = (path, body) => (body.code === 2063 ? { ...body, message: 'iotId does not exist' } : body);
    const report = await check({ drift });
    expect(differences(report)).toEqual([`${S}/order/query message: message`]);
    expect(report.calls.at(-1)).toMatchObject({ step: 'unknown-device', outcome: 'drift', differences: [{ emulator: '"iotId not exist"', target: '"iotId does not exist"' }] });
  });

  it('catches an extra field', async () => {
    const drift: Drift = (path, body) => (path === '/vision/customer/freecloudstorage/get' ? { ...body, data: { ...body.data, trialSource: 'promotion' } } : body);
    const report = await check({ drift });
    expect(differences(report)).toEqual(['/vision/customer/freecloudstorage/get data.trialSource: extra', '/vision/customer/freecloudstorage/get data.trialSource: extra']);
    expect(report.calls.find((c) => c.outcome === 'drift')!.differences[0]).toMatchObject({ emulator: 'absent', target: 'string (text)' });
  });

  it('catches a missing field', async () => {
    const drift: Drift = (path, body) => (path === `${C}/commodity/query` ? { ...body, data: body.data.map(({ lifecycle: _l, ...p }: Record<string, unknown>) => p) } : body);
    const report = await check({ drift });
    expect(differences(report)).toEqual([`${C}/commodity/query data[].lifecycle: missing`]);
    expect(report.calls[2]!.differences[0]).toMatchObject({ emulator: 'number (integer)', target: 'absent', count: 16 });
  });

  it('catches a business code the emulator does not answer', async () => {
    const drift: Drift = (path, body) => (path === '/vision/customer/freestorage/quota/check' ? { ...body, code: 9201, message: 'quota exhausted', data: null } : body);
    const report = await check({ drift });
    expect(differences(report)).toEqual(['/vision/customer/freestorage/quota/check code: code', '/vision/customer/freestorage/quota/check code: code']);
  });

  it('answers "refused", not drift, for a wrong key: exit 3, and sends nothing after the first refusal', async () => {
    const report = await check({ app: { ...STAND_IN.app, appSecret: 'not-the-secret' } });
    expect(report).toMatchObject({ result: 'refused', exitCode: 3, counts: { match: 0, drift: 0, refused: 1, failed: 0 } });
    expect(report.calls[0]).toMatchObject({ step: 'cloud-token', outcome: 'refused', httpStatus: 400 });
    expect(report.calls[0]!.reason).toMatch(/^the gateway refused the call: HTTP 400 A403IS Invalid Signature/);
    expect(report.calls.slice(1).every((c) => c.outcome === 'skipped' && c.reason === 'not sent: the gateway refused the app on /cloud/token')).toBe(true);
    expect(standIn!.app.world.journal.list({ limit: 100 }).requests).toHaveLength(1);
  });

  it('answers "refused" for a device the app may not touch (403), the rest of the account still checked', async () => {
    const report = await check({ iotIds: [STAND_IN.devices.forbidden] });
    expect(notMatching(report).every((line) => line.startsWith('refused ') && line.endsWith(`[${STAND_IN.devices.forbidden}]`))).toBe(true);
    expect(report.counts.refused).toBe(4);
    expect(report.calls.find((c) => c.outcome === 'refused')!.reason).toBe('the service refused the call: code 403 "request forbidden."');
    expect(report).toMatchObject({ result: 'refused', exitCode: 3 });
  });

  it('answers "refused" for a project the account lacks (460 on /cloud/token), and goes on without a token', async () => {
    const report = await check({ projectId: 'NotAProjectOfTheAccount' });
    expect(report.calls[0]).toMatchObject({ step: 'cloud-token', outcome: 'refused', code: 460, reason: 'the service refused the call: code 460 "request parameter error."' });
    expect(notMatching(report)).toEqual(['refused /cloud/token']);
    expect(report).toMatchObject({ result: 'refused', exitCode: 3 });
  });

  it('answers "failed" when nothing listens: exit 4', async () => {
    const port = await freePort();
    const report = await runCheck({ target: `http://127.0.0.1:${port}`, app: STAND_IN.app, iotIds: [], projectId: STAND_IN.projectId });
    expect(report).toMatchObject({ result: 'failed', exitCode: 4 });
    expect(report.calls[0]!.reason).toBe('the call did not reach the service: ECONNREFUSED');
  });

  it('never puts the app secret or a cloud token in any form of the report', async () => {
    const report = await check({ allowWrites: true, drift: (path, body) => (path === '/cloud/token' ? { ...body, data: { ...body.data, cloudToken: `Bearer ${body.data.cloudToken}` } } : body) });
    const token = standIn!.app.world.cloudTokens.byToken.keys().next().value as string;
    expect(token).toMatch(/^[0-9a-f]{32}$/);
    expect(differences(report)).toEqual(['/cloud/token data.cloudToken: format']);
    for (const text of [reportJson(report), await reportJunit(report), reportLines(report).join('\n')]) {
      expect(text).not.toContain(STAND_IN.app.appSecret);
      expect(text).not.toContain(token);
    }
    expect(report.calls[0]!.differences[0]!.target).toBe('string (text) ***');
  });

  it('sends the unknown-device probe with an iotId no account holds', () => {
    expect(UNKNOWN_DEVICE).toMatch(/^\w{26}$/);
  });
});
