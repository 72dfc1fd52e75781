// Talking to the Rampart server: same-origin fetches with the CSRF header, JSON in and out,
// versions (ETag / If-Match) for saves, and the server's {message, correlationId} on errors.

/** The session's CSRF token: a cookie this page may read, named after the server's port. */
export function csrfToken() {
  const name = 'rampart-csrf-' + window.location.port + '=';
  const cookie = document.cookie.split('; ').find((c) => c.startsWith(name));
  return cookie ? cookie.substring(name.length) : '';
}

/** A refusal or failure from the server, with its status and what it said. */
export class HttpError extends Error {
  /**
   * @param {number} status
   * @param {any} body what the server said ({message, correlationId, ...})
   * @param {string | null} [retryAfter] the Retry-After header: the server says when to ask again
   */
  constructor(status, body, retryAfter = null) {
    super(describe(status, body));
    this.name = 'HttpError';
    this.status = status;
    this.body = body || {};
    this.retryAfter = retryAfter;
  }
}

function describe(status, body) {
  const said = body && body.message ? body.message : 'the server answered ' + status;
  // The id helps find an unexpected failure in the server's log; a refusal says all there is to say.
  return body && body.correlationId && status >= 500 && status !== 503 ? said + ' (error id ' + body.correlationId + ')' : said;
}

/**
 * One request. Returns {status, version, body}: version is the ETag without its quotes (with
 * {stream: true}, the Response itself, to read as it arrives).
 * Throws HttpError for any status >= 400, and a plain Error when the server cannot be reached.
 * The signed-out case sends the page to the login form.
 * @returns {Promise<any>}
 */
export async function request(method, url, options = {}) {
  const headers = { Accept: 'application/json' };
  if (method !== 'GET' && method !== 'HEAD') {
    headers['X-CSRF-Token'] = csrfToken();
  }
  if (options.version) {
    headers['If-Match'] = '"' + options.version + '"';
  }
  let body;
  if (options.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.json);
  }
  let response;
  try {
    response = await fetch(url, { method, headers, body, credentials: 'same-origin', cache: 'no-store', signal: options.signal });
  } catch (error) {
    if (error.name === 'AbortError') { throw error; }
    throw new Error('The Rampart server cannot be reached: is it still running?');
  }
  if (options.stream) {
    if (!response.ok) { throw new HttpError(response.status, await parse(response), response.headers.get('Retry-After')); }
    return response;
  }
  const parsed = await parse(response);
  if (response.status === 401 && !options.noRedirect) {
    window.location.assign('/login');
  }
  if (!response.ok) {
    throw new HttpError(response.status, parsed, response.headers.get('Retry-After'));
  }
  return { status: response.status, version: unquote(response.headers.get('ETag')), body: parsed };
}

async function parse(response) {
  const text = await response.text();
  if (!text) { return null; }
  try {
    return JSON.parse(text);
  } catch (ignored) {
    return { message: text.slice(0, 200) };
  }
}

function unquote(etag) {
  if (!etag) { return null; }
  return etag.replace(/^W\//, '').replace(/^"|"$/g, '');
}

export const get = (url, options) => request('GET', url, options);
export const put = (url, json, options = {}) => request('PUT', url, { ...options, json });
export const post = (url, json, options = {}) => request('POST', url, { ...options, json });
export const del = (url, options) => request('DELETE', url, options);

/** The contents API's URL for a workspace path, each segment encoded. */
export function contentsUrl(path) {
  return '/api/contents/' + path.split('/').map(encodeURIComponent).join('/');
}

/** The kata API's URL: /api/katas/{id}[/rest]. */
export function kataUrl(kata, rest = '') {
  return '/api/katas/' + encodeURIComponent(kata) + rest;
}

/** Signs out and goes to the login page. */
export async function signOut() {
  try {
    await request('POST', '/logout', { noRedirect: true });
  } finally {
    window.location.assign('/login');
  }
}

/**
 * Seconds to wait before asking again, when the server's refusal says to ask again (a 503 with
 * Retry-After, or a place in a dojo's queue); null when it is a refusal for good.
 * @param {any} error
 * @returns {number | null}
 */
export function retryAfter(error) {
  if (!(error instanceof HttpError) || error.status !== 503) { return null; }
  const header = error.retryAfter;
  if (header !== null && header !== undefined && header !== '') {
    const seconds = Number(header);
    return Number.isFinite(seconds) && seconds >= 0 ? Math.min(Math.max(seconds, 1), 30) : 2;
  }
  return error.body && error.body.queue ? 2 : null;
}
