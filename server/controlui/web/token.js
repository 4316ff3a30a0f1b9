// The gateway token of the page: taken from the URL fragment (#token=…),
// which is then stripped from the address bar, and kept in sessionStorage
// (per tab, gone with the tab) for reloads. It never goes in a query string.

const KEY = 'gatewire.token.v1';

/**
 * takeToken returns the token of the fragment (and keeps it), or the one
 * kept earlier in this tab, or "".
 * @param {Location} loc
 * @param {History} history
 * @param {Storage} session
 * @returns {string}
 */
export function takeToken(loc, history, session) {
  const frag = new URLSearchParams(loc.hash.replace(/^#/, ''));
  const fromURL = frag.get('token');
  if (fromURL !== null) {
    frag.delete('token');
    const rest = frag.toString();
    history.replaceState(history.state, '', loc.pathname + loc.search + (rest ? `#${rest}` : ''));
    if (fromURL) {
      session.setItem(KEY, fromURL);
      return fromURL;
    }
  }
  return session.getItem(KEY) || '';
}

/**
 * keepToken stores a token typed into the page for this tab.
 * @param {Storage} session
 * @param {string} token
 */
export function keepToken(session, token) {
  session.setItem(KEY, token);
}
