// Routing by pathname under the base path: <base>/<view id>/<rest>. The
// base path is the page's <base href> (the server writes it when the UI is
// served under gateway.controlUi.basePath).

/**
 * @typedef {Object} Route
 * @property {string} id - the view id (the first path segment; "" for the base itself).
 * @property {string} rest - what follows the view id, without leading slash.
 * @property {URLSearchParams} query
 * @property {string} path - the path relative to the base.
 */

/**
 * basePath is the pathname of the document's base URL, ending in "/".
 * @returns {string}
 */
export function basePath() {
  const p = new URL(document.baseURI).pathname;
  return p.endsWith('/') ? p : `${p}/`;
}

/**
 * parseRoute reads the current location against the base path.
 * @param {Location} loc
 * @param {string} base
 * @returns {Route}
 */
export function parseRoute(loc, base) {
  let path = loc.pathname;
  path = path.startsWith(base) ? path.slice(base.length) : path.replace(/^\/+/, '');
  const [id, ...rest] = path.split('/');
  return { id: decodeURIComponent(id || ''), rest: rest.join('/'), query: new URLSearchParams(loc.search), path };
}

/**
 * href is the absolute path of a route path under the base.
 * @param {string} base
 * @param {string} path - e.g. "chat/agent:main:main".
 * @returns {string}
 */
export function href(base, path) {
  return base + path.replace(/^\/+/, '');
}
