import { describe, expect, it } from 'vitest';
import { applyGcPolicy } from '../../src/gc-policy.js';

describe('gc policy', () => {
  it('leaves a heap growing setting the user started Node with alone', () => {
    // No V8 flag is set here: the test process keeps its own settings.
    expect(applyGcPolicy(['--heap-growing-percent=80'])).toBe(false);
    expect(applyGcPolicy(['--enable-source-maps', '--heap_growing_percent=10'])).toBe(false);
  });
});
