/** The documentation's example worlds: shared within one build of the document, never across builds. */
import { describe, expect, it } from 'vitest';
import { exampleResponse, exampleWorlds } from '../../src/docs/examples.js';
import { loadFixtures } from '../../src/fixtures/load.js';
import { streamingOperations } from '../../src/families/streaming/operations.js';
import { streamingStoreOf } from '../../src/families/streaming/store.js';

const fixtures = loadFixtures();

describe('exampleWorlds', () => {
  it('resolves the fixtures once per build: its worlds share one template, each world its own state', () => {
    const worlds = exampleWorlds();
    const a = worlds(fixtures);
    const b = worlds(fixtures);
    expect(a.zone).toBe(b.zone);
    expect(streamingStoreOf(a)).not.toBe(streamingStoreOf(b));
    expect(a.directory).not.toBe(b.directory);
  });

  it('keeps nothing between builds (no module-level memo)', () => {
    expect(exampleWorlds()(fixtures).zone).not.toBe(exampleWorlds()(fixtures).zone);
  });

  it('answers the example request the same on a shared template as on a fresh one', () => {
    const create = streamingOperations.find((op) => op.path.endsWith('/order/create'))!;
    const worlds = exampleWorlds();
    worlds(fixtures);
    expect(exampleResponse(create, fixtures, worlds)).toEqual(exampleResponse(create, fixtures));
  });
});
