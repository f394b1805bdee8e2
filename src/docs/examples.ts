/** Request and response examples of the API documentation, made by calling the emulator itself. */
import { z } from 'zod';
import { wholeSecond } from '../core/clock.js';
import { localizedMessage, BusinessErrors, type BusinessError } from '../errors/catalogue.js';
import type { Fixtures } from '../fixtures/schema.js';
import { BUILT_IN_FAMILIES } from '../families/table.js';
import type { FamilyTable } from '../platform/api-family.js';
import type { Operation } from '../platform/operation.js';
import { createWorldTemplate, type WorldTemplate } from '../sessions/template.js';
import { createWorld, type World } from '../world.js';

/** The instant examples are computed at (the test suite's T0: 2024-11-15 10:00 in Shanghai). */
export const EXAMPLE_NOW = '2024-11-15T02:00:00.000Z';
/** The documented request example's device (help.aliyun.com 190252). */
const DOC_IOT_ID = 'bZGD54swRg******FkEs000101';

interface JsonProp {
  type?: string | string[];
  enum?: unknown[];
  minimum?: number;
  default?: unknown;
  examples?: unknown[];
  anyOf?: JsonProp[];
}

/** Example params for an operation: known names get story values, others a value of their type. */
export function exampleParams(operation: Operation, fixtures: Fixtures): Record<string, unknown> {
  if (operation.exampleParams) return operation.exampleParams;
  const json = z.toJSONSchema(operation.params, { io: 'input', unrepresentable: 'any' }) as { properties?: Record<string, JsonProp>; required?: string[] };
  const props = json.properties ?? {};
  const order = fixtures.orders.find((o) => o.orderId);
  // APIs about orders (and the list of them) show the device of a fixture order, so the answer has data.
  const usesOrder = ('orderId' in props || 'pageNo' in props) && order !== undefined;
  const known: Record<string, unknown> = {
    iotId: usesOrder ? order.iotId : (fixtures.devices.find((d) => d.iotId === DOC_IOT_ID)?.iotId ?? fixtures.devices[0]?.iotId),
    orderId: order?.orderId,
    commodityCode: fixtures.packages[0]?.commodityCode,
    copies: 1,
    userName: '158****8558',
    userId: '50e5op6412259c0f11*****0f57cd9326da8409',
    immediateUse: false,
    pageNo: 1,
    pageSize: 20,
    grantType: 'project',
    res: fixtures.projects[0]?.projectId,
  };
  const out: Record<string, unknown> = {};
  for (const [key, prop] of Object.entries(props)) {
    const value = key in known ? known[key] : valueOf(prop);
    if (value !== undefined) out[key] = value;
  }
  return out;
}

function valueOf(prop: JsonProp): unknown {
  if (prop.examples?.length) return prop.examples[0];
  if (prop.default !== undefined) return prop.default;
  if (prop.enum?.length) return prop.enum[0];
  const variant = prop.anyOf?.find((v) => v.type !== 'null') ?? prop;
  const type = Array.isArray(variant.type) ? variant.type.find((t) => t !== 'null') : variant.type;
  switch (type) {
    case 'integer':
    case 'number':
      return variant.minimum ?? 1;
    case 'boolean':
      return false;
    case 'string':
      return 'string';
    default:
      return undefined;
  }
}

/** The request envelope of an example call. */
export function exampleRequest(operation: Operation, fixtures: Fixtures): Record<string, unknown> {
  return { id: '1509086454180', version: '1.0', request: { apiVer: operation.apiVer }, params: exampleParams(operation, fixtures) };
}

const EXAMPLE_SETTINGS = { timezone: 'Asia/Shanghai', startMs: Date.parse(EXAMPLE_NOW), frozen: true, seed: 7 } as const;

/** Fresh worlds to call the operations on, for one build of the document: over these fixtures, serving these families (default: the built-in ones). */
export type ExampleWorlds = (fixtures: Fixtures, apiFamilies?: FamilyTable) => World;

/**
 * The example worlds of one build of the document: one template per fixtures, so that documenting
 * every operation resolves the fixtures once, not once per operation (seconds with 100 000
 * fixture orders). Held by the build that asks for it, and garbage with it.
 */
export function exampleWorlds(): ExampleWorlds {
  const templates = new Map<Fixtures, Map<FamilyTable, WorldTemplate>>();
  return (fixtures, apiFamilies = BUILT_IN_FAMILIES) => {
    let byTable = templates.get(fixtures);
    if (!byTable) templates.set(fixtures, (byTable = new Map()));
    let template = byTable.get(apiFamilies);
    if (!template) {
      // The served families' initial states: an operation's example reads its family's state.
      template = createWorldTemplate(fixtures, EXAMPLE_SETTINGS.timezone, EXAMPLE_SETTINGS.seed, apiFamilies);
      byTable.set(apiFamilies, template);
    }
    return createWorld(fixtures, EXAMPLE_SETTINGS, Date.now, template);
  };
}

/** What the emulator answers to the example request on a fresh world of the given fixtures, serving `apiFamilies` (default: the built-in ones). */
export function exampleResponse(operation: Operation, fixtures: Fixtures, worlds: ExampleWorlds = exampleWorlds(), apiFamilies?: FamilyTable): Record<string, unknown> {
  const world = worlds(fixtures, apiFamilies);
  const id = world.ids.uuid();
  const request = { apiVer: operation.apiVer };
  let result;
  try {
    result = operation.handle({ world, params: exampleParams(operation, fixtures), request, now: wholeSecond(world.clock.now()) });
  } catch {
    // A handler that needs more than the fixtures give documents its shape without data.
    return { id, code: 200, message: null, localizedMsg: null, data: null };
  }
  if (!result.ok) return errorExample(result.error, id);
  return { id, code: 200, message: null, localizedMsg: null, data: result.data };
}

/** The envelope of a business error. */
export function errorExample(error: BusinessError, id = 'a1b2c3d4-0000-4000-8000-000000000000'): Record<string, unknown> {
  return { id, code: error.code, message: error.message, localizedMsg: localizedMessage(error, 'zh-CN'), data: null };
}

/** Every business error as a named OpenAPI example. */
export function businessErrorExamples(): Record<string, { summary: string; value: unknown }> {
  const out: Record<string, { summary: string; value: unknown }> = {};
  for (const [name, error] of Object.entries(BusinessErrors)) {
    out[`code ${error.code} ${name}`] = { summary: `code ${error.code}: ${(error as BusinessError).when}`, value: errorExample(error) };
  }
  return out;
}
