import type { FastifyServerOptions } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';

/**
 * Route schemas are zod, compiled by zod. Given as the factories of a Fastify instance, Fastify
 * never loads its default compilers (Ajv, fast-json-stringify): about 45 ms of every start, and
 * the bundled CLI leaves them out. The cast: Fastify types the factories after Ajv's.
 */
export const ZOD_COMPILERS = {
  compilersFactory: { buildValidator: () => validatorCompiler, buildSerializer: () => serializerCompiler },
} as unknown as FastifyServerOptions['schemaController'];
