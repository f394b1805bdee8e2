/**
 * The cloud-token check (help.aliyun.com 177833, 获取云端资源token): a request.cloudToken, when sent, must be one that
 * /cloud/token issued and that still works; with `required`, every API but /cloud/token needs one.
 * A working token also tells who the caller is: its project.
 */
import { BusinessErrors } from '../errors/catalogue.js';
import { checkCloudToken, type TokenRefusal } from '../platform/cloud-tokens.js';
import type { CallCheck } from './call-context.js';

/** The API that issues tokens: it never asks for one. */
export const CLOUD_TOKEN_PATH = '/cloud/token';

const WHY: Record<TokenRefusal, string> = {
  unknown: 'was not issued by /cloud/token (or the world was reset since)',
  expired: 'has expired (tokens live 7200000 ms); get a new one from /cloud/token',
  replaced: 'was replaced by a newer token for its project more than 5 minutes ago; use the newer one',
};

/** A CallCheck for request.cloudToken; `required` refuses calls without one. */
export function cloudTokenCheck(options: { required: boolean }): CallCheck {
  return (call) => {
    if (call.operation.path === CLOUD_TOKEN_PATH) return undefined;
    const token = call.envelope.request.cloudToken;
    if (token === undefined || token === null || token === '') {
      if (!options.required) return undefined;
      return {
        error: BusinessErrors.REQUEST_AUTH_ERROR,
        detail: 'request.cloudToken is required (--require-cloud-token); get one from /cloud/token (apiVer 1.0.1)',
      };
    }
    const { world } = call;
    const checked = checkCloudToken(world.cloudTokens, token, world.clock.now());
    // The token itself is a secret: the detail never quotes it.
    if (!checked.ok) return { error: BusinessErrors.REQUEST_AUTH_ERROR, detail: `request.cloudToken ${WHY[checked.reason]}` };
    call.callerProjectId = checked.projectId;
    return undefined;
  };
}
