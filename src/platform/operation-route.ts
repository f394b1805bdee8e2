/**
 * What an API's route carries for the documentation: the operations it serves. The gateway puts
 * them on the route, the docs read them back when the document is first built; both import this
 * file and neither imports the other.
 */
import type { Fixtures } from '../fixtures/schema.js';
import type { FamilyTable } from './api-family.js';
import type { Operation } from './operation.js';

const OPERATIONS = Symbol('the operations an API route serves, for the docs');

/** The operations of one API path (all its versions), and the fixtures and families of the worlds their examples run on. */
export interface RouteOperations {
  operations: readonly Operation[];
  fixtures: Fixtures;
  apiFamilies: FamilyTable;
}

/**
 * Route options that carry an API path's operations for the docs. Requests are neither validated
 * nor serialized by them: the gateway parses the envelope itself, to answer Aliyun's 460 instead of
 * Fastify's 400.
 */
export function operationRouteOptions(operations: readonly Operation[], fixtures: Fixtures, apiFamilies: FamilyTable) {
  return {
    schema: { [OPERATIONS]: { operations, fixtures, apiFamilies } satisfies RouteOperations },
    validatorCompiler: () => (value: unknown) => ({ value }),
    serializerCompiler: () => (data: unknown) => JSON.stringify(data),
  };
}

/** The operations a route's schema carries, or undefined for a route that is not an API's. */
export function routeOperations(schema: unknown): RouteOperations | undefined {
  return typeof schema === 'object' && schema !== null ? (schema as { [OPERATIONS]?: RouteOperations })[OPERATIONS] : undefined;
}
