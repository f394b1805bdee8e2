/**
 * Which methods a concrete path under /__admin takes, read from the routes the app serves, so
 * that a method no route takes (TRACE, PROPFIND...) on a path that exists gets 405 with Allow
 * (RFC 9110 section 15.5.6), and a path that exists under no method gets 404.
 */

/** A route as the app notes it: method and Fastify path pattern (":name" a segment, "*" the rest). */
export interface RouteNote {
  method: string;
  url: string;
}

/** A Fastify path pattern as a regular expression over a concrete path. */
function patternOf(url: string): RegExp {
  const source = url
    .split(/(:\w+|\*)/)
    .map((part) => (part === '*' ? '.*' : part.startsWith(':') ? '[^/]+' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`);
}

/**
 * The methods `routes` serve on `path`, sorted; empty when no route matches it.
 * @example
 * allowedMethods([{ method: 'GET', url: '/__admin/clock' }, { method: 'PUT', url: '/__admin/clock' }], '/__admin/clock'); // ['GET', 'PUT']
 */
export function allowedMethods(routes: readonly RouteNote[], path: string): string[] {
  const methods = new Set<string>();
  for (const route of routes) if (patternOf(route.url).test(path)) methods.add(route.method);
  return [...methods].sort();
}
