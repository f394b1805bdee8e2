import { shareTermsOf } from '../services/streaming/order-terms.js';
import { createStore, insertOrder } from '../services/streaming/store.js';
import type { World } from '../world.js';
import { openStateFile } from './state-file.js';

/**
 * Puts a world on a state file: a new file is seeded with the fixture orders, an existing one
 * replaces them; a reset rewrites the file to the fixtures. Throws StateFileError for a file
 * that is not ours or is damaged.
 */
export function attachStateFile(world: World, path: string): void {
  const { orders, persistence } = openStateFile(path);
  if (orders === null) {
    persistence.replaceAll(world.store.orders.values());
  } else {
    const store = createStore({ fixtures: { ...world.fixtures, orders: [] }, now: world.clock.now(), zone: world.zone, ids: world.ids });
    for (const order of orders) insertOrder(store, shareTermsOf(store, order));
    world.store = store;
  }
  world.persistence = persistence;
  const reset = world.reset.bind(world);
  world.reset = () => {
    reset();
    persistence.replaceAll(world.store.orders.values());
  };
}
