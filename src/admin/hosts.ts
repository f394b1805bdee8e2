/**
 * The names the control plane answers to: the Host header of an /__admin request must be one of
 * them, so a page on another site that rebinds its own DNS name to this machine's address
 * (DNS rebinding) cannot reach it. Loopback names and IP addresses always (a rebinding page
 * sends its own domain name, never an address), the bound name, plus what --admin-hosts adds; as
 * Vite's dev server (server.allowedHosts) and Jupyter (local_hostnames) do. No Node, no Fastify: plain text in, yes or no out.
 */

/** The name that always passes, with any port (127.0.0.1 and [::1] pass as every IP address does). */
const LOOPBACK = ['localhost'];

/** Addresses that bind every interface: they name no host, so they add no name. */
const WILDCARDS = new Set(['0.0.0.0', '::', '[::]', '0:0:0:0:0:0:0:0']);

/** The allowed names, lower-case and without port; an entry starting with "." allows that domain and its subdomains. */
export interface AdminHosts {
  readonly names: ReadonlySet<string>;
  readonly domains: readonly string[];
}

/** A bare IPv6 address (as --host takes it) in the bracketed form a Host header carries. */
function bracketed(name: string): string {
  return name.includes(':') && !name.startsWith('[') ? `[${name}]` : name;
}

/**
 * The names an emulator bound to `host` answers to on /__admin, with `extra` (from --admin-hosts) added.
 * @example
 * const hosts = adminHosts('0.0.0.0', ['devbox.lan', '.internal']);
 * isAllowedHost(hosts, 'devbox.lan:8080'); // true
 * isAllowedHost(hosts, 'attacker.example'); // false
 */
export function adminHosts(host: string, extra: readonly string[] = []): AdminHosts {
  const names = new Set(LOOPBACK);
  const domains = ['.localhost'];
  const bound = host.trim().toLowerCase();
  if (!WILDCARDS.has(bound)) names.add(bracketed(bound));
  for (const raw of extra) {
    const name = raw.trim().toLowerCase();
    if (name === '') continue;
    if (name.startsWith('.')) domains.push(name);
    else names.add(bracketed(name));
  }
  return { names, domains };
}

/** The name part of a Host header value ("[::1]:8080" gives "[::1]", "Example.com:80" gives "example.com"); undefined when it is no host. */
export function hostName(header: string): string | undefined {
  const value = header.trim().toLowerCase();
  if (value.startsWith('[')) {
    const end = value.indexOf(']');
    if (end < 0) return undefined;
    const rest = value.slice(end + 1);
    return rest === '' || /^:\d{1,5}$/.test(rest) ? value.slice(0, end + 1) : undefined;
  }
  const match = /^([^:/@\s]+)(?::\d{1,5})?$/.exec(value);
  return match?.[1];
}

/** An IPv4 address in dotted decimal, or a bracketed IPv6 one: no DNS name, so nothing to rebind. */
function isIpLiteral(name: string): boolean {
  if (name.startsWith('[')) return /^\[[0-9a-f:.]+\]$/.test(name);
  const parts = name.split('.');
  return parts.length === 4 && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255);
}

/** Whether a Host header (any port) names one of the allowed hosts; a missing or malformed one does not. */
export function isAllowedHost(hosts: AdminHosts, header: string | undefined): boolean {
  if (header === undefined) return false;
  const name = hostName(header);
  if (name === undefined) return false;
  if (hosts.names.has(name) || isIpLiteral(name)) return true;
  // ".example.com" allows example.com itself and every name under it.
  return hosts.domains.some((domain) => name.endsWith(domain) || name === domain.slice(1));
}
