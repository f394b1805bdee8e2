// Talking to the emulator that served this page: the admin API (plain JSON) and the emulated
// Aliyun API (the envelope). Same origin only, so the page works with no network at all.

const TOKEN_KEY = 'aliyun-living-mock.adminToken';
// Used when sessionStorage is unavailable.
let memoryToken = null;
/** The session the page looks at and acts on; null is the default session. */
let session = null;

/** Every call the page makes names itself, so that the emulator gives it a connection of its own (see admin.ts). */
const PAGE_HEADERS = { 'x-mock-client': 'admin-page' };

/** Makes every later call, admin and API alike, name `name` as its session (x-mock-session); null: the default one. */
export function useSession(name) {
  session = name || null;
}

function sessionHeaders() {
  return session ? { ...PAGE_HEADERS, 'x-mock-session': session } : { ...PAGE_HEADERS };
}

/** Thrown when the admin API refuses the token (or its absence). */
export class TokenRequired extends Error {
  constructor(message = 'the admin API needs a token') {
    super(message);
    this.name = 'TokenRequired';
  }
}

/** The admin token kept for this tab, or null. */
export function storedToken() {
  try {
    return sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

/** Keeps the admin token for this tab only. */
export function storeToken(token) {
  try {
    if (token) sessionStorage.setItem(TOKEN_KEY, token);
    else sessionStorage.removeItem(TOKEN_KEY);
  } catch {
    // Storage can be disabled; the token then lasts until the page reloads.
  }
  memoryToken = token || null;
}

// The link printed at start carries a made-up admin token after '#' (a browser never sends that
// part): keep it for this tab, and take it out of the address bar and the history.
const linkedToken = /[#&]token=([^&]+)/.exec(location.hash)?.[1];
if (linkedToken) {
  storeToken(decodeURIComponent(linkedToken));
  const rest = location.hash.replace(/[#&]?token=[^&]*/, '').replace(/^&/, '');
  history.replaceState(null, '', location.pathname + location.search + (rest && rest !== '#' ? `#${rest.replace(/^#/, '')}` : ''));
}

async function readBody(res) {
  const text = await res.text();
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Calls the admin API; resolves to the parsed JSON, throws TokenRequired on 401, Error otherwise (a 403 says why in its text). */
export async function admin(method, path, body) {
  const headers = sessionHeaders();
  const token = storedToken() ?? memoryToken;
  if (token) headers['x-admin-token'] = token;
  // Every change says JSON, body or not: the admin API refuses any other (a guard against other web pages).
  if (body !== undefined || method !== 'GET') headers['content-type'] = 'application/json';
  const res = await fetch(`/__admin${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    cache: 'no-store',
  });
  const data = await readBody(res);
  if (res.status === 401) throw new TokenRequired(errorText(data, res));
  if (!res.ok) throw new Error(`${method} /__admin${path}: ${errorText(data, res)}`);
  return data;
}

function errorText(data, res) {
  if (data && typeof data === 'object') return data.message ?? data.error ?? JSON.stringify(data);
  return data || `HTTP ${res.status}`;
}

let envelopeCounter = 0;

/** Calls an emulated Aliyun API with the documented envelope; resolves to {status, headers, body}. */
export async function callApi(path, params, apiVer = '1.0.0') {
  envelopeCounter += 1;
  const envelope = { id: `ui-${Date.now()}-${envelopeCounter}`, version: '1.0', request: { apiVer }, params };
  const res = await fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...sessionHeaders() },
    body: JSON.stringify(envelope),
    cache: 'no-store',
  });
  return { status: res.status, headers: res.headers, body: await readBody(res) };
}
