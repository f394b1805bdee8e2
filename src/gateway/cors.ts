/**
 * CORS as the real gateway answers it ([seen]: the headers of real answers quoted in public issues, Mammotion-HA 328 and 148): the same headers whatever the Origin, plus the
 * mock's own headers for browsers. A fixed set, not a CORS negotiation, so it is written as data
 * and stamped on each answer in one step, by every transport.
 */
export const GATEWAY_CORS = {
  methods: ['GET', 'POST', 'PUT', 'DELETE', 'HEAD', 'OPTIONS', 'PATCH'],
  maxAgeSeconds: 172800,
  allowedHeaders: [
    'X-Requested-With', 'X-Sequence', 'X-Ca-Key', 'X-Ca-Secret', 'X-Ca-Version', 'X-Ca-Timestamp', 'X-Ca-Nonce',
    'X-Ca-API-Key', 'X-Ca-Stage', 'X-Ca-Client-DeviceId', 'X-Ca-Client-AppId', 'X-Ca-Signature',
    'X-Ca-Signature-Headers', 'X-Ca-Signature-Method', 'X-Forwarded-For', 'X-Ca-Date', 'X-Ca-Request-Mode',
    'Authorization', 'Content-Type', 'Accept', 'Accept-Ranges', 'Cache-Control', 'Range', 'Content-MD5',
    'x-ca-signaturemethod', 'x-mock-fault', 'x-mock-session', 'x-admin-token',
  ],
  exposedHeaders: ['x-ca-request-id', 'x-ca-error-code', 'x-ca-error-message', 'x-mock-error-detail', 'x-mock-fault-rule', 'x-mock-session'],
};

/** The CORS headers every answer carries; names lower-case, as they go on the wire. */
export const CORS_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'access-control-allow-origin': '*',
  'access-control-expose-headers': GATEWAY_CORS.exposedHeaders.join(', '),
});

/**
 * A preflight's headers on top of CORS_HEADERS (any OPTIONS, with or without Origin, gets them):
 * the methods, headers and max-age browsers may cache. Some browsers wait for a body on a 204
 * without an explicit zero length.
 */
export const PREFLIGHT_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  ...CORS_HEADERS,
  'access-control-allow-methods': GATEWAY_CORS.methods.join(', '),
  'access-control-allow-headers': GATEWAY_CORS.allowedHeaders.join(', '),
  'access-control-max-age': String(GATEWAY_CORS.maxAgeSeconds),
  'content-length': '0',
});
