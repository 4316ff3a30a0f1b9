// The page shell: connects the gateway client, shows the connection state
// (and the pairing, token and insecure-context screens when the gateway
// will not let the page in), renders the navigation from the view
// registry, routes by pathname under the base path, and mounts one view
// at a time.

import * as protocol from './protocol/protocol.js';
import { Gateway, gatewayURL } from './gateway.js';
import { basePath, href, parseRoute } from './router.js';
import { keepToken, takeToken } from './token.js';
import { append, field, h, replace } from './ui.js';
import { views } from './views/index.js';
import { initTheme } from './theme.js';

/**
 * @typedef {Object} ViewContext
 * @property {Gateway} gw - the gateway client (request, on, onState, hello, protocol).
 * @property {typeof protocol} protocol - the generated protocol module.
 * @property {import('./router.js').Route} route - the current route.
 * @property {(path: string) => void} navigate - goes to a path under the base ("chat/main").
 * @property {(msg: string, kind?: 'info'|'success'|'error') => void} notify - shows a short message.
 */

/**
 * @typedef {Object} View
 * @property {string} id - the first path segment that selects it.
 * @property {string} title
 * @property {string} [icon] - a short text glyph shown before the title.
 * @property {(el: HTMLElement, ctx: ViewContext) => (() => void)} mount
 */

const DEFAULT_VIEW = 'overview';
const base = basePath();
const main = /** @type {HTMLElement} */ (document.getElementById('main'));
const nav = /** @type {HTMLElement} */ (document.getElementById('nav'));
const status = /** @type {HTMLElement} */ (document.getElementById('conn-status'));
const toasts = /** @type {HTMLElement} */ (document.getElementById('toasts'));

const token = takeToken(window.location, window.history, window.sessionStorage);
const gw = new Gateway({
  url: gatewayURL(window.location, base), token, storage: window.localStorage, protocol: pinnedProtocol(window.location),
});

/** @type {(() => void)|null} */
let unmount = null;
/** @type {string} what is mounted: a view id, or a gate screen's state. */
let mounted = '';
let interactive = false;

/**
 * notify shows a message for a few seconds in the live region.
 * @param {string} msg
 * @param {'info'|'success'|'error'} [kind]
 */
function notify(msg, kind = 'info') {
  const t = h('div', { class: `toast ${kind}`, role: kind === 'error' ? 'alert' : 'status' }, msg);
  toasts.appendChild(t);
  window.setTimeout(() => t.remove(), kind === 'error' ? 8000 : 4000);
}

/**
 * pinnedProtocol is the one protocol version a "#protocol=3" fragment
 * asks the page to offer (for trying an older client path), or 0.
 * @param {Location} loc
 * @returns {number}
 */
function pinnedProtocol(loc) {
  const v = Number(new URLSearchParams(loc.hash.replace(/^#/, '')).get('protocol'));
  return protocol.PROTOCOL_VERSIONS.includes(v) ? v : 0;
}

/** @param {string} path */
function navigate(path) {
  window.history.pushState(null, '', href(base, path));
  render();
}

function renderNav() {
  const current = parseRoute(window.location, base).id || DEFAULT_VIEW;
  replace(nav, h('ul', null, views.map((v) => h('li', null,
    h('a', {
      href: href(base, v.id), 'data-view': v.id, 'aria-current': v.id === current ? 'page' : undefined,
      onclick: (/** @type {MouseEvent} */ ev) => {
        if (ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.altKey) {
          return;
        }
        ev.preventDefault();
        navigate(v.id);
        document.body.classList.remove('nav-open');
      },
    }, v.icon ? h('span', { class: 'icon', 'aria-hidden': 'true' }, v.icon) : null, v.title)))));
}

function unmountCurrent() {
  if (unmount) {
    try {
      unmount();
    } catch (err) {
      console.error('unmount failed', err);
    }
  }
  unmount = null;
  mounted = '';
  replace(main);
}

/** render shows the gate screen of the state, or mounts the route's view. */
function render() {
  renderNav();
  if (gw.state !== 'connected') {
    const gate = gateScreen();
    if (gate) {
      unmountCurrent();
      mounted = `gate:${gw.state}`;
      append(main, [gate]);
      return;
    }
    if (!mounted || mounted.startsWith('gate:')) {
      unmountCurrent();
      mounted = 'gate:wait';
      append(main, [h('p', { class: 'loading', role: 'status' }, 'Connecting to the gateway…')]);
    }
    return;
  }
  const route = parseRoute(window.location, base);
  const view = views.find((v) => v.id === (route.id || DEFAULT_VIEW));
  unmountCurrent();
  if (!view) {
    mounted = 'notfound';
    append(main, [h('h1', null, 'Not found'), h('p', null, `There is no view named “${route.id}”.`)]);
    return;
  }
  mounted = view.id;
  document.title = `${view.title} · gatewire`;
  const el = h('div', { class: `view view-${view.id}` });
  main.appendChild(el);
  try {
    unmount = view.mount(el, { gw, protocol, route, navigate, notify });
  } catch (err) {
    console.error(`view ${view.id} failed to mount`, err);
    append(el, [h('div', { class: 'callout error', role: 'alert' }, `This view failed: ${err}`)]);
  }
  if (!interactive) {
    interactive = true;
    performance.mark('gw:interactive');
  }
}

/**
 * gateScreen is what stands in for the views while the gateway refuses the
 * page (pairing, token, insecure context); null otherwise.
 * @returns {HTMLElement|null}
 */
function gateScreen() {
  const info = gw.stateInfo;
  switch (gw.state) {
    case 'pairing':
      return pairingScreen(info);
    case 'auth':
      return tokenScreen(info);
    case 'insecure':
      return h('section', { class: 'gate', 'aria-labelledby': 'gate-title' },
        h('h1', { id: 'gate-title' }, 'A secure context is needed'),
        h('p', null, info && info.message ? info.message : String(info)));
    default:
      return null;
  }
}

/**
 * @param {any} details - the PAIRING_REQUIRED details.
 * @returns {HTMLElement}
 */
function pairingScreen(details) {
  const cmd = details && details.requestId ? `gatewire devices approve ${details.requestId}` : 'gatewire devices list';
  return h('section', { class: 'gate pairing', 'aria-labelledby': 'gate-title' },
    h('h1', { id: 'gate-title' }, 'Approve this browser'),
    h('p', null, 'The gateway has not paired this browser yet. On the gateway host, run:'),
    h('pre', { class: 'command' }, h('code', { id: 'approve-command' }, cmd)),
    details && details.remediationHint ? h('p', { class: 'hint' }, details.remediationHint) : null,
    h('p', null, 'This page checks again every few seconds and opens once the browser is approved.'),
    h('dl', { class: 'facts' },
      h('dt', null, 'Device'), h('dd', null, h('code', null, gw.device ? gw.device.deviceId : '–')),
      details && details.requestId ? [h('dt', null, 'Request'), h('dd', null, h('code', null, details.requestId))] : null));
}

/**
 * @param {any} err - the refusal.
 * @returns {HTMLElement}
 */
function tokenScreen(err) {
  const input = /** @type {HTMLInputElement} */ (h('input', { type: 'password', autocomplete: 'off', name: 'token', required: true }));
  const form = h('form', {
    class: 'gate-form',
    onsubmit: (/** @type {Event} */ ev) => {
      ev.preventDefault();
      const t = input.value.trim();
      if (t) {
        keepToken(window.sessionStorage, t);
        gw.setToken(t);
      }
    },
  }, field('Gateway token', input, 'gatewire dashboard prints a link with the token; or copy it from the config.'),
  h('button', { type: 'submit', class: 'btn primary' }, 'Connect'));
  return h('section', { class: 'gate', 'aria-labelledby': 'gate-title' },
    h('h1', { id: 'gate-title' }, 'Sign in to the gateway'),
    h('p', { role: 'alert' }, err && err.message ? err.message : 'The gateway needs a token.'),
    form);
}

/** @type {Record<string, string>} */
const STATE_TEXT = {
  connecting: 'Connecting…', connected: 'Connected', pairing: 'Waiting for approval', auth: 'Sign-in needed',
  insecure: 'Not a secure context', disconnected: 'Reconnecting…', stopped: 'Stopped',
};

gw.onState((state) => {
  const v = gw.protocol && state === 'connected' ? h('span', { class: 'detail' }, ` · protocol ${gw.protocol}`) : null;
  replace(status, STATE_TEXT[state], v);
  status.dataset.state = state;
  if (state === 'connected' || gateScreen() || !mounted || mounted.startsWith('gate:')) {
    render();
  }
});

window.addEventListener('popstate', render);
document.getElementById('nav-toggle')?.addEventListener('click', (ev) => {
  const open = document.body.classList.toggle('nav-open');
  /** @type {HTMLElement} */ (ev.currentTarget).setAttribute('aria-expanded', String(open));
});
initTheme(/** @type {HTMLButtonElement} */ (document.getElementById('theme-toggle')), window.localStorage);
document.addEventListener('keydown', (ev) => {
  if (ev.altKey && !ev.ctrlKey && !ev.metaKey && /^[1-9]$/.test(ev.key)) {
    const v = views[Number(ev.key) - 1];
    if (v) {
      ev.preventDefault();
      navigate(v.id);
    }
  }
});

/** For tests and the browser console: the client and the protocol module. */
Object.defineProperty(window, '__gatewire', { value: Object.freeze({ gw, protocol }) });

gw.start();
