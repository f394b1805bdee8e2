/** The /cloud/token operation: parse params, issue a token, shape the data. */
import { z } from 'zod';
import { BusinessErrors } from '../../errors/catalogue.js';
import { textParam } from '../../platform/params.js';
import { parseParams, type ApiCall, type ApiResult, type Operation } from '../../platform/operation.js';
import { CLOUD_TOKEN_LIFETIME_MS, issueCloudToken } from '../../platform/cloud-tokens.js';

/** params of /cloud/token (help.aliyun.com 177833). */
export const CloudTokenParams = z.object({
  grantType: z.literal('project').describe('授权类型, fixed "project"'),
  res: textParam('授权的资源: the projectId'),
});

/** POST /cloud/token */
export function handleCloudToken(call: ApiCall): ApiResult {
  const params = parseParams(CloudTokenParams, call.params);
  if (!params.ok) return params;
  const { world } = call;
  const projectId = params.value.res;
  if (!world.directory.projects.has(projectId)) {
    const known = [...world.directory.projects.keys()].join(', ');
    return { ok: false, error: BusinessErrors.REQUEST_PARAMETER_ERROR, detail: `params.res: unknown project "${projectId}"; known: ${known}` };
  }
  const issued = issueCloudToken(world.cloudTokens, world.ids, projectId, call.now);
  return { ok: true, data: { cloudToken: issued.token, expireIn: CLOUD_TOKEN_LIFETIME_MS } };
}

/** The cloud APIs of the family. */
export const cloudOperations: readonly Operation[] = [
  {
    path: '/cloud/token',
    apiVer: '1.0.1',
    timeoutMs: 3000,
    summary: '获取云端资源token (get a cloud token for a project)',
    params: CloudTokenParams,
    handle: handleCloudToken,
    docPage: '177833',
  },
];
