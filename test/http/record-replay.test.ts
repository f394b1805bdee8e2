/**
 * Record mode against a stand-in for the real service: calls forwarded through the recorder are
 * answered with the target's answers, the folder it writes loads as fixtures, and the emulator
 * replaying the same calls from that folder, on the recorded clock, answers the same bytes.
 * Gateway errors and timeouts are logged as what they were, never turned into fixtures.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { loadFixtures } from '../../src/fixtures/load.js';
import { startRecorder, type RunningRecorder } from '../../src/record/server.js';
import { over, session, STAND_IN, startStandIn, type Post, type StandIn } from '../support/stand-in.js';

const C = '/vision/customer/cloudstorage';

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
let standIn: StandIn | undefined;
let recorder: RunningRecorder | undefined;
afterEach(async () => {
  await recorder?.close();
  await standIn?.close();
  recorder = standIn = undefined;
});

describe('record mode', () => {
  it('answers with the target, writes fixtures that load, and a replay from them answers the same bytes on the recorded clock', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aliyun-living-mock-record-'));
    dirs.push(dir);
    // The stand-in's clock is frozen near real time (signatures must be within 15 minutes of it), on a whole second.
    const now = new Date(Math.floor(Date.now() / 1000) * 1000).toISOString();
    standIn = await startStandIn({ now, seed: 11 });
    recorder = await startRecorder({ target: standIn.url, app: STAND_IN.app, dir });
    const recorded = await session(over(recorder.url));
    // The recorder answered what the target answered: the busy device's orders, from the stand-in's fixtures.
    // A fixture orderId starts with its creation time (now-3d here), then the fixture's own 7 digits.
    expect(recorded.some((line) => /"orderId":"\d{14}1000901"/.test(line))).toBe(true);
    expect(recorded.filter((line) => line.startsWith('200 ') && line.includes('"code":200')).length).toBe(14);
    await recorder.close();
    recorder = undefined;

    const fixtures = loadFixtures(dir);
    expect(fixtures.devices.map((d) => d.iotId).sort()).toEqual([STAND_IN.devices.busy, STAND_IN.devices.fresh].sort());
    expect(fixtures.packages.map((p) => p.commodityCode)).toEqual(['streamingResource_10_2', 'streamingResource_30_5']);
    expect(fixtures.orders.map((o) => o.orderId?.slice(14)).sort()).toEqual(['1000901', '1000902']);
    const log = JSON.parse(readFileSync(join(dir, 'recording.json'), 'utf8'));
    // The recorded clock: the first call's instant, within the second the target's preConsume seconds allow.
    const offset = Date.parse(log.recordedAt) - Date.parse(now);
    expect(offset).toBeGreaterThanOrEqual(0);
    expect(offset).toBeLessThan(1000);
    const text = JSON.stringify(log) + JSON.stringify(fixtures);
    expect(text).not.toContain(STAND_IN.app.appSecret);
    for (const token of standIn.app.world.cloudTokens.byToken.keys()) expect(text).not.toContain(token);

    // The replay: the recorded folder, the recorded clock, the stand-in's seed.
    const replay = await buildApp({ fixtures: dir, now: log.recordedAt, seed: 11 });
    try {
      const post: Post = async (path, apiVer, params, cloudToken) => {
        const res = await replay.inject({ method: 'POST', url: path, headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ id: '1', version: '1.0', request: { apiVer, ...(cloudToken ? { cloudToken } : {}) }, params }) });
        return { status: res.statusCode, body: res.body };
      };
      expect(await session(post)).toEqual(recorded);
    } finally {
      await replay.close();
    }
  });

  it('logs the target\'s gateway errors and its silence as what they were, and makes no fixture of them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aliyun-living-mock-record-'));
    dirs.push(dir);
    standIn = await startStandIn();
    await standIn.app.inject({ method: 'POST', url: '/__admin/faults', payload: { type: 'gateway', status: 503, match: { path: `${C}/commodity/check` } } });
    await standIn.app.inject({ method: 'POST', url: '/__admin/faults', payload: { type: 'hang', match: { path: `${C}/commodity/enable` } } });
    // A recorder that waits 200 ms past nothing: the enable's 3000 ms timeout less 2800.
    recorder = await startRecorder({ target: standIn.url, app: STAND_IN.app, dir, graceMs: -2800 });
    const post = over(recorder.url);
    const busy = STAND_IN.devices.busy;
    const unavailable = await post(`${C}/commodity/check`, '1.0.3', { iotId: busy, commodityCode: 'ilopLVCloudResource', specification: 'eventResource_7' });
    expect(unavailable).toEqual({ status: 503, body: '' });
    const silent = await fetch(`${recorder.url}${C}/commodity/enable`, { method: 'POST', body: JSON.stringify({ request: { apiVer: '1.0.0' }, params: { iotId: busy, orderId: '202410010900001000911' } }) });
    expect(silent.status).toBe(504);
    expect(silent.headers.get('x-ca-error-code')).toBe('D504TO');
    const log = JSON.parse(readFileSync(join(dir, 'recording.json'), 'utf8'));
    expect(log.calls).toEqual([
      expect.objectContaining({ path: `${C}/commodity/check`, apiVer: '1.0.3', iotId: busy, status: 503, gatewayError: 'X503SU', error: 'Service Unavailable' }),
      expect.objectContaining({ path: `${C}/commodity/enable`, apiVer: '1.0.0', iotId: busy, gatewayError: 'TIMEOUT', error: 'no answer within 200 ms' }),
    ]);
    const fixtures = loadFixtures(dir);
    expect(fixtures.orders).toEqual([]);
    expect(JSON.parse(readFileSync(join(dir, 'families', 'cloud-storage.json'), 'utf8'))).toEqual({ orders: [], freeClaims: [] });
  });
});
