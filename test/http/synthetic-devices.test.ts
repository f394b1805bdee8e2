import { describe, expect, it } from 'vitest';
import { syntheticIotId } from '../../src/fixtures/synthetic.js';
import { CREATE, call, testApp } from '../support/api.js';

describe('--synthetic-devices N', () => {
  it('adds N devices with the documented iotIds, each with a queue of its own', async () => {
    const app = await testApp({ syntheticDevices: 3 });
    expect(syntheticIotId(1)).toBe('LoadTestDevice000000000001');
    expect(syntheticIotId(1)).toHaveLength(26);
    for (let n = 1; n <= 3; n++) {
      const made = await call(app, CREATE, { iotId: syntheticIotId(n), commodityCode: 'streamingResource_20_10', copies: 1 });
      expect(made.body_.code).toBe(200);
      // A queue of its own: every device's first order starts now.
      expect(made.body_.data.startTimeUTC).toBe('2024-11-15T02:00:00Z');
    }
    const beyond = await call(app, CREATE, { iotId: syntheticIotId(4), commodityCode: 'streamingResource_20_10', copies: 1 });
    expect(beyond.body_.code).toBe(2063);
    await app.close();
  });

  it('adds none by default, and refuses a count that is not a whole number', async () => {
    const app = await testApp();
    expect((await call(app, CREATE, { iotId: syntheticIotId(1), commodityCode: 'streamingResource_20_10', copies: 1 })).body_.code).toBe(2063);
    await app.close();
    await expect(testApp({ syntheticDevices: -1 as number })).rejects.toThrow(/--synthetic-devices: expected a whole number/);
  });
});
