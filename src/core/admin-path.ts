/**
 * Whether a request URL is under /__admin, decided on the path as a server that resolves it would
 * see it: %-escapes decoded (repeatedly: %252e is %2e once decoded) and dot segments, doubled
 * and back slashes resolved. "/__admin/docs/static/../json" is "/__admin/docs/json", and so is
 * every spelling of it. No Node, no Fastify.
 */

/** The prefix of the control plane. */
export const ADMIN_PREFIX = '/__admin';

/** Decodes every %XX escape, leaving malformed ones as they are; the bytes above 0x7f become single characters (enough to compare ASCII paths). */
function decodeEscapes(path: string): string {
  return path.replace(/%([0-9a-f]{2})/gi, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}

/**
 * The path of a request URL (query left out) with escapes decoded and dot segments resolved (RFC 3986 section 5.2.4), empty segments dropped.
 * @example
 * normalisedPath('/__admin/docs/static/%2e%2e/json?x=1'); // '/__admin/docs/json'
 * normalisedPath('//__admin//requests/'); // '/__admin/requests'
 */
export function normalisedPath(url: string): string {
  const query = url.indexOf('?');
  let path = query < 0 ? url : url.slice(0, query);
  // A few rounds are enough for any escape a server decodes; each round can only shorten the text.
  for (let round = 0; round < 4; round++) {
    const decoded = decodeEscapes(path);
    if (decoded === path) break;
    path = decoded;
  }
  const out: string[] = [];
  for (const segment of path.replace(/\\/g, '/').split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') out.pop();
    else out.push(segment);
  }
  return `/${out.join('/')}`;
}

/** A path with none of these is already normal: the API's own paths take the fast way. */
const NEEDS_NORMALISING = /[%.\\]|\/\//;

/**
 * True when the URL, normalised, is /__admin or below it (any case: the guard errs on the side of checking).
 * @example
 * isUnderAdmin('/vision/../__admin/requests'); // true
 * isUnderAdmin('/vision/customer/streaming/order/create'); // false
 */
export function isUnderAdmin(url: string): boolean {
  const query = url.indexOf('?');
  const raw = query < 0 ? url : url.slice(0, query);
  const path = (NEEDS_NORMALISING.test(raw) ? normalisedPath(raw) : raw).toLowerCase();
  return path === ADMIN_PREFIX || path.startsWith(`${ADMIN_PREFIX}/`);
}

/**
 * Whether a normalised /__admin path is open without the admin token: the admin page's files and
 * the API docs' shell, which a browser loads by navigation (it cannot add a header) and which then
 * ask for the token. The document itself (openapi.json, docs/json, docs/yaml) is not.
 */
export function isPublicAdminPath(path: string): boolean {
  const lower = path.toLowerCase();
  if (lower === '/__admin/ui' || /^\/__admin\/ui\/[^/]*$/.test(lower)) return true;
  return (lower === '/__admin/docs' || lower.startsWith('/__admin/docs/')) && !/json|yaml/.test(lower);
}
