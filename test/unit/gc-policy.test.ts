import { describe, expect, it } from 'vitest';
import { applyGcPolicy, capYoungGeneration } from '../../src/runtime/gc-policy.js';

describe('gc policy', () => {
  it('leaves a heap growing setting the user started Node with alone', () => {
    // No V8 flag is set here: the test process keeps its own settings.
    expect(applyGcPolicy(['--heap-growing-percent=80'])).toBe(false);
    expect(applyGcPolicy(['--enable-source-maps', '--heap_growing_percent=10'])).toBe(false);
  });
});

describe('young generation cap', () => {
  it('leaves a young generation setting the user started Node with alone', () => {
    expect(capYoungGeneration(['--max-semi-space-size=16'])).toBe(false);
    expect(capYoungGeneration(['--min_semi_space_size=2'])).toBe(false);
    expect(capYoungGeneration(['--semi-space-growth-factor=2'])).toBe(false);
  });
});
