import SwaggerParser from '@apidevtools/swagger-parser';
import type { OpenAPIV3 } from 'openapi-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { BusinessErrors, GatewayErrors } from '../../src/errors/catalogue.js';
import { streamingOperations } from '../../src/families/streaming/operations.js';
import { ADMIN_ROUTES, type AdminRoute } from '../../src/admin/contract.js';
import { testApp } from '../support/api.js';

describe('OpenAPI document at /__admin/openapi.json', () => {
  let app: FastifyInstance;
  let doc: OpenAPIV3.Document;
  beforeAll(async () => {
    app = await testApp();
    const res = await app.inject({ url: '/__admin/openapi.json' });
    expect(res.statusCode).toBe(200);
    doc = res.json();
  });
  afterAll(() => app.close());

  it('validates as OpenAPI 3', async () => {
    expect(doc.openapi).toMatch(/^3\./);
    // validate() dereferences in place: give it a copy.
    await expect(SwaggerParser.validate(structuredClone(doc) as never)).resolves.toBeTruthy();
  });

  it('lists every route the app serves (but the docs UI and the 405 answers)', () => {
    const served = app.servedRoutes.filter((r) => !r.hidden && r.method !== 'HEAD');
    expect(served.length).toBeGreaterThan(streamingOperations.length);
    for (const route of served) {
      const path = route.url.replace(/:(\w+)/g, '{$1}');
      expect(doc.paths[path], `${route.method} ${route.url}`).toBeDefined();
      expect(doc.paths[path]![route.method.toLowerCase() as 'get'], `${route.method} ${route.url}`).toBeDefined();
    }
    for (const op of streamingOperations) expect(doc.paths[op.path]?.post, op.path).toBeDefined();
  });

  it('gives every API a request example, a success example and every error code', () => {
    for (const op of streamingOperations) {
      const post = doc.paths[op.path]!.post!;
      const body = post.requestBody as OpenAPIV3.RequestBodyObject;
      const reqExample = body.content['application/json']!.examples![`apiVer ${op.apiVer}`] as OpenAPIV3.ExampleObject;
      expect(reqExample.value).toMatchObject({ request: { apiVer: op.apiVer }, params: expect.any(Object) });
      const ok = post.responses['200'] as OpenAPIV3.ResponseObject;
      const examples = ok.content!['application/json']!.examples!;
      expect((examples[`apiVer ${op.apiVer}`] as OpenAPIV3.ExampleObject).value).toMatchObject({ code: 200 });
      for (const error of Object.values(BusinessErrors)) {
        const names = Object.keys(examples).filter((n) => n.startsWith(`code ${error.code} `));
        expect(names, `code ${error.code} on ${op.path}`).toHaveLength(1);
      }
      for (const error of Object.values(GatewayErrors)) {
        const res = post.responses[String(error.httpStatus)] as OpenAPIV3.ResponseObject;
        expect(res.description).toContain(error.errorCode);
        expect(res.content).toBeUndefined();
      }
    }
  });

  it('documents the request example of create as the API answers it', async () => {
    const post = doc.paths['/vision/customer/streaming/order/create']!.post!;
    const example = (post.responses['200'] as OpenAPIV3.ResponseObject).content!['application/json']!.examples!['apiVer 1.0.0'] as OpenAPIV3.ExampleObject;
    expect(example.value.data).toMatchObject({ commodityCode: 'streamingResource_20_10', startTime: '2024-11-15 10:00:00', paymentStatus: 0, price: '140' });
  });

  it('does not validate API requests by the documentation schema: a bad body is still a 460 envelope', async () => {
    const res = await app.inject({ method: 'POST', url: '/vision/customer/streaming/order/create', headers: { 'content-type': 'application/json' }, payload: '{"params":{"copies":"many"}}' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ code: 460, data: null });
  });
});

describe('OpenAPI document: the admin API', () => {
  it('documents each admin route of the contract with a summary, and its examples pass the route\'s own zod schemas', async () => {
    const app = await testApp();
    const doc = (await app.inject({ url: '/__admin/openapi.json' })).json() as OpenAPIV3.Document;
    const served = new Set(app.servedRoutes.map((r) => `${r.method} ${r.url}`));
    const contract = ADMIN_ROUTES as Record<string, AdminRoute>;
    const adminApi = app.servedRoutes.filter((r) => r.url.startsWith('/__admin') && !r.hidden && r.method !== 'HEAD' && !r.url.startsWith('/__admin/ui'));
    expect(adminApi.map((r) => `${r.method} ${r.url}`).filter((key) => !(key in contract)), 'admin routes outside the contract').toEqual([]);
    for (const [key, entry] of Object.entries(contract)) {
      expect(served.has(key), `${key} is a route the app serves`).toBe(true);
      if (entry.body && entry.request !== undefined) expect(entry.body.safeParse(entry.request).success, `${key} request example`).toBe(true);
      if (entry.response && entry.example !== undefined) expect(entry.response.safeParse(entry.example).success, `${key} answer example`).toBe(true);
      const [method, url] = key.split(' ') as [string, string];
      const op = doc.paths[url.replace(/:(\w+)/g, '{$1}')]![method.toLowerCase() as 'get']!;
      expect(op.summary).toBe(entry.summary);
      expect(op.tags).toEqual(['admin']);
    }
    const health = doc.paths['/__admin/health']!.get!.responses['200'] as OpenAPIV3.ResponseObject;
    expect((health.content!['application/json']!.examples!.example as OpenAPIV3.ExampleObject).value).toMatchObject({ status: 'ok' });
    // The answers are documented by their schemas, not as "anything".
    const device = doc.paths['/__admin/devices/{iotId}']!.get!.responses['200'] as OpenAPIV3.ResponseObject;
    const schema = device.content!['application/json']!.schema as OpenAPIV3.SchemaObject;
    expect(Object.keys(schema.properties ?? {})).toEqual(expect.arrayContaining(['iotId', 'identity', 'orders']));
    expect(Object.keys(doc.paths['/__admin/devices/{iotId}/orders']!.post!.responses)).toContain('201');
    await app.close();
  });
});
