/** The API documentation covers the cloud-storage family: every path, every apiVer, and examples the emulator answers with code 200. */
import { describe, expect, it } from 'vitest';
import { testApp } from '../../support/api.js';
import { cloudStorageOperations } from '../../../src/families/cloud-storage/operations.js';

describe('OpenAPI document: the 云存储 family', () => {
  it('documents every path with a request example per apiVer, each answered with code 200 on the fixtures', async () => {
    const app = await testApp();
    try {
      const doc = (await app.inject({ method: 'GET', url: '/__admin/openapi.json' })).json();
      for (const op of cloudStorageOperations) {
        const post = doc.paths[op.path]?.post;
        expect(post, op.path).toBeDefined();
        expect(post.tags).toEqual(['Aliyun API']);
        const body = JSON.stringify(post);
        expect(body).toContain(`apiVer ${op.apiVer}`);
        expect(body).toContain(`gateway timeout ${op.timeoutMs} ms`);
        const examples = post.responses['200'].content['application/json'].examples;
        const ok = examples[`apiVer ${op.apiVer}`].value;
        expect(ok.code, `${op.path} ${op.apiVer}: ${JSON.stringify(ok)}`).toBe(200);
      }
    } finally {
      await app.close();
    }
  });
});
