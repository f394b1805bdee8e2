import { BusinessErrors } from '../errors/catalogue.js';
import { firstHeader, type CallCheck } from './call-context.js';

/**
 * The calling app's rights, as a business-layer check: a known X-Ca-Key makes the app's project
 * the caller's (devices of other projects then answer 403), and an app with `allowedApis` gets
 * the 403 envelope for any other API, as does a cloud token of another project than the app's.
 * An absent or unknown key passes (the signature check, when
 * on, has refused it already).
 */
export const appPermissions: CallCheck = (call) => {
  const appKey = firstHeader(call.request.headers, 'x-ca-key')?.trim();
  if (!appKey) return undefined;
  const app = call.world.fixtures.apps.find((a) => a.appKey === appKey);
  if (!app) return undefined;
  const { operation } = call;
  if (call.callerProjectId !== undefined && call.callerProjectId !== app.projectId) {
    // The cloud token (checked earlier) names one project, the app another: neither may speak for the other.
    return {
      error: BusinessErrors.REQUEST_FORBIDDEN,
      detail: `request.cloudToken is for project "${call.callerProjectId}", app ${app.appKey} belongs to "${app.projectId}"`,
    };
  }
  call.callerProjectId = app.projectId;
  if (app.allowedApis && !app.allowedApis.includes(operation.path)) {
    return {
      error: BusinessErrors.REQUEST_FORBIDDEN,
      detail: `app ${app.appKey} may not call ${operation.path}; its allowedApis (fixtures/apps.json): ${app.allowedApis.join(', ')}`,
    };
  }
  return undefined;
};
