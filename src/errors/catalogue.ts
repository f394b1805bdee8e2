/**
 * Every error the emulator can answer, in one place: the tables of docs/gateway.md are generated from it.
 * `source` says where the fact comes from: doc (an official page), seen (a real response quoted
 * in public), model (our choice where the public material is silent), inferred (a gateway code
 * not confirmed by a public page).
 */
export type Source = 'doc' | 'seen' | 'model' | 'inferred';

/** A business error: HTTP 200, the code in the envelope, data null. */
export interface BusinessError {
  readonly layer: 'business';
  readonly code: number;
  readonly message: string;
  readonly localizedMsg: { readonly zh: string; readonly en: string };
  readonly httpStatus: 200;
  readonly source: Source;
  readonly when: string;
}

/** A gateway error: a non-200 status, an empty body, X-Ca-Error-* headers. */
export interface GatewayError {
  readonly layer: 'gateway';
  readonly httpStatus: number;
  /** The six-character X-Ca-Error-Code. */
  readonly errorCode: string;
  /** The X-Ca-Error-Message; some carry a detail after a fixed head (see gatewayMessage). */
  readonly message: string;
  readonly source: Source;
  readonly codeSource: Source;
  readonly when: string;
  /** A fault may answer it (`type: "gateway"`, `x-mock-fault: gateway=<status>`): the fault vocabulary is read from here. */
  readonly injectable?: true;
}

const business = (
  code: number,
  message: string,
  zh: string,
  en: string,
  source: Source,
  when: string,
): BusinessError => ({ layer: 'business', code, message, localizedMsg: { zh, en }, httpStatus: 200, source, when });

/**
 * Business codes, named after what goes on the wire. Codes, messages and meanings: the common
 * codes of help.aliyun.com 127995 (错误码); 403's text as every page's error example answers it.
 * Where 127995 gives a condition the emulator can meet (2065, 2066) the code answers it; where it
 * gives none (400, 2000) the code is injectable only and parameter problems keep 460 [model].
 * Messages end with a period where an answer or the older copy of 127995 shows one (401..503, 400);
 * 2000, 2063, 2065 and 2066 have none on either copy.
 */
export const BusinessErrors = {
  REQUEST_ERROR: business(400, 'request error.', '请求错误', 'Request error', 'doc',
    'injected only: 127995 gives no condition for it'),
  REQUEST_AUTH_ERROR: business(401, 'request auth error.', '请求认证错误', 'Request authentication error', 'doc',
    'request.cloudToken is unknown, replaced and past its grace period, or expired; or missing with --require-cloud-token'),
  REQUEST_FORBIDDEN: business(403, 'request forbidden.', '请求被禁止', 'Request forbidden', 'doc',
    'the app may not call this API, the device belongs to another project, or the device is marked forbidden in fixtures'),
  SERVICE_NOT_FOUND: business(404, 'service not found.', '服务未找到', 'Service not found', 'model',
    'a known API path with an unknown request.apiVer'),
  TOO_MANY_REQUESTS: business(429, 'too many requests.', '请求频繁', 'Too many requests', 'doc', 'injected only'),
  REQUEST_PARAMETER_ERROR: business(460, 'request parameter error.', '请求参数错误', 'Request parameter error', 'doc',
    'any parameter problem: missing, wrong type, out of range (copies 1..60, pageSize 1..50, preRecordDuration 0..5, recordDuration 0..30, maxRecordFileDuration 600..3600, quota 1..3), a text param over 256 characters (any family), an order whose times would pass 9999-12-31 23:59:59 in the zone or in UTC, unknown commodityCode (or cloud-storage specification), project (res) or orderId, another device\'s orderId, an operation the order state forbids (pay or enable a frozen order, enable an expired one; cloud storage: enable an unpaid one, transfer a free, frozen, unpaid or expired one, a status other than 2), a cloud-storage package of the other record type than the device\'s queue, the free plan claimed already by this user or by 3 users of the device, a body that is not a JSON object'),
  SERVICE_ERROR: business(500, 'service error.', '服务端错误', 'Service error', 'doc', 'injected only (and an emulator bug, which is logged)'),
  SERVICE_NOT_AVAILABLE: business(503, 'service not available.', '服务不可用', 'Service not available', 'doc', 'injected only'),
  PARAM_IS_INVALID: business(2000, 'param is invalid', '请求参数错误', 'Parameter is invalid', 'doc',
    'injected only: 127995 gives it the meaning of 460, and every parameter problem answers 460 [model]'),
  IOTID_NOT_EXIST: business(2063, 'iotId not exist', '设备不存在', 'Device does not exist', 'doc', 'an iotId that no fixture or admin call created'),
  IDENTITY_NOT_BOUND: business(2065, 'identityId and iotId not bound', '设备和账号未绑定', 'The account and the device are not bound', 'doc',
    'cloud-storage transfer without supportCrossIdentityTransfer to a device whose administrator is not the order\'s owner (127995: the account is not bound to the device; 177893: same account only)'),
  IDENTITY_NOT_MANAGER: business(2066, 'identityId is not manager', '该用户不是设备的管理员', 'The user is not the device\'s administrator', 'doc',
    'cloud-storage status/set without deviceNoOwner when the order\'s buyer is not the device\'s administrator (127995: the user is not the administrator; 177894: the administrator must be the buyer)'),
} as const satisfies Record<string, BusinessError>;

export type BusinessErrorName = keyof typeof BusinessErrors;

const gateway = (
  httpStatus: number,
  errorCode: string,
  message: string,
  source: Source,
  codeSource: Source,
  when: string,
  flags: { injectable?: true } = {},
): GatewayError => ({ layer: 'gateway', httpStatus, errorCode, message, source, codeSource, when, ...flags });

const INJECTABLE = { injectable: true } as const;

/** Gateway errors, named after their X-Ca-Error-Message. */
export const GatewayErrors = {
  API_NOT_FOUND: gateway(404, 'I404NF', 'API not found', 'doc', 'doc', 'no API at this path'),
  UNSUPPORTED_METHOD: gateway(405, 'I405UM', 'Unsupported Method', 'doc', 'doc', 'a method other than POST (or OPTIONS) on an API path'),
  REQUEST_BODY_TOO_LARGE: gateway(413, 'I413RL', 'Request body too Large', 'doc', 'doc', 'a body over the configured limit (default 1 MiB)'),
  THROTTLED_BY_PLUGIN: gateway(429, 'T429PR', 'Throttled by PLUGIN Flow Control', 'seen', 'seen', 'injected throttling', INJECTABLE),
  INTERNAL_ERROR: gateway(500, 'X500ER', 'Internal Error', 'doc', 'inferred', 'injected gateway error (fault type gateway, status 500)', INJECTABLE),
  SERVICE_UNAVAILABLE: gateway(503, 'X503SU', 'Service Unavailable', 'doc', 'inferred', 'injected gateway error (fault type gateway, status 503)', INJECTABLE),
  BACKEND_TIMEOUT: gateway(504, 'D504TO', 'Backend service timeout', 'doc', 'doc', "injected latency outlived the API's timeout"),
  // Signature checking (help.aliyun.com 143207, 43906). Messages and statuses: the classic gateway's error table
  // (help.aliyun.com 43906) [doc]. Six-character codes: A403IS heads the signature-mismatch entry of
  // the gateway's troubleshooting page [doc]; A400IK is listed with "Invalid AppKey" by public client
  // code that maps documented gateway codes [seen]; the rest follow the code pattern (letter, status,
  // two letters) and are not confirmed by a public page [inferred].
  INVALID_APPKEY: gateway(400, 'A400IK', 'Invalid AppKey', 'doc', 'seen', 'signature checking on and X-Ca-Key missing or not an app of the fixtures'),
  INVALID_SIGNATURE: gateway(400, 'A403IS', 'Invalid Signature', 'doc', 'doc',
    'signature checking on and X-Ca-Signature missing or not the HMAC of the server\'s string-to-sign; the message carries that string with newlines as #'),
  INVALID_TIMESTAMP: gateway(400, 'A400IT', 'Invalid Timestamp', 'doc', 'inferred', 'X-Ca-Timestamp is not a number of epoch milliseconds'),
  TIMESTAMP_EXPIRED: gateway(400, 'A400TE', 'Timestamp Expired', 'doc', 'inferred', "X-Ca-Timestamp is more than 15 minutes from the emulator's clock"),
  NONCE_USED: gateway(400, 'A400NU', 'Nonce Used', 'doc', 'inferred', 'the app already sent this X-Ca-Nonce, in any session, while that request could still pass (15 minutes, or until its X-Ca-Timestamp is 15 minutes old)'),
  INVALID_CONTENT_MD5: gateway(400, 'A400CM', 'Invalid Content-MD5', 'doc', 'inferred', 'Content-MD5 is not base64(md5(body bytes))'),
  INVALID_HEADER: gateway(400, 'I400HD', 'Invalid Header', 'doc', 'doc', 'a header the gateway reads has a value it does not accept (e.g. an unknown X-Ca-Signature-Method)'),
} as const satisfies Record<string, GatewayError>;

export type GatewayErrorName = keyof typeof GatewayErrors;

/** The gateway errors a fault may inject, in catalogue order; their statuses are unique. */
export const INJECTABLE_GATEWAY_ERRORS: readonly GatewayError[] = Object.values(GatewayErrors).filter((e: GatewayError) => e.injectable);

/** The injectable gateway error answered with `status`, for faults given as `gateway=503`. */
export function injectableGatewayError(status: number): GatewayError | undefined {
  return INJECTABLE_GATEWAY_ERRORS.find((e) => e.httpStatus === status);
}

/** Every business code of the catalogue, in its order: what a fault of type `error` may answer. */
export const BUSINESS_CODES: readonly number[] = Object.values(BusinessErrors).map((e) => e.code);

/** A business code looked up by its number, for faults given as `code=403`. */
export function businessErrorByCode(code: number): BusinessError | undefined {
  return Object.values(BusinessErrors).find((e) => e.code === code);
}

/** The localizedMsg for a request's language: English when it starts with "en", else Chinese. */
export function localizedMessage(error: BusinessError, language: string | null | undefined): string {
  return language && language.toLowerCase().startsWith('en') ? error.localizedMsg.en : error.localizedMsg.zh;
}
