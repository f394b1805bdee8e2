import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { testApp } from '../support/api.js';
import { PATHS } from '../support/family.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function heapAfterGc(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

describe('memory as sessions come and go', () => {
  it('stays flat over 10 000 sessions: the registry keeps maxSessions and drops the rest', async () => {
    const app = await testApp({ maxSessions: 100 });
    try {
      const burst = async (from: number, count: number) => {
        for (let i = from; i < from + count; i += 50) {
          await Promise.all(
            Array.from({ length: 50 }, (_, j) =>
              app.inject({ method: 'POST', url: PATHS.commodities, headers: { 'content-type': 'application/json', 'x-mock-session': `s${i + j}` }, payload: '{"request":{"apiVer":"1.0.0"},"params":{}}' }),
            ),
          );
        }
      };
      await burst(0, 1000); // warm-up: the registry is full from here on
      const before = heapAfterGc();
      await burst(1000, 10_000);
      const after = heapAfterGc();
      expect(app.sessions.registry.size).toBe(100);
      const listed = (await app.inject({ url: '/__admin/sessions' })).json().sessions;
      expect(listed).toHaveLength(101);
      expect(listed.at(-1).name).toBe('s10999');
      // 10 000 retained sessions would take tens of MB (see bench/sessions.mjs for the per-session size).
      expect(after - before).toBeLessThan(8 * 1024 * 1024);
    } finally {
      await app.close();
    }
  }, 120_000);
});
