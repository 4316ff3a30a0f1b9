// Small helpers shared by the operator views (sessions, nodes, devices,
// approvals, config, logs). Not a view itself: it has no default export.
// Everything here builds DOM nodes through ui.js's h(), which only ever
// sets text, so gateway data can never become markup.

import { h } from '../ui.js';

/**
 * errorText renders a rejected request for people: the protocol's error
 * code and message.
 * @param {any} err
 * @returns {string}
 */
export function errorText(err) {
  if (!err) return 'unknown error';
  const code = err.code ? `${err.code}: ` : '';
  return code + (err.message || String(err));
}

/**
 * ago renders an epoch-milliseconds time relative to now ("5 s ago",
 * "in 3 min"); "—" when absent.
 * @param {number|null|undefined} ms
 * @param {number} [now]
 * @returns {string}
 */
export function ago(ms, now = Date.now()) {
  if (typeof ms !== 'number' || !Number.isFinite(ms) || ms <= 0) return '—';
  const d = Math.round((now - ms) / 1000);
  const abs = Math.abs(d);
  let s;
  if (abs < 60) s = `${abs} s`;
  else if (abs < 3600) s = `${Math.floor(abs / 60)} min`;
  else if (abs < 86400) s = `${Math.floor(abs / 3600)} h`;
  else s = `${Math.floor(abs / 86400)} d`;
  return d >= 0 ? `${s} ago` : `in ${s}`;
}

/**
 * when is a <time> element: relative text, the ISO time as its datetime
 * and title.
 * @param {number|null|undefined} ms
 * @returns {HTMLElement|string}
 */
export function when(ms) {
  if (typeof ms !== 'number' || ms <= 0) return '—';
  const iso = new Date(ms).toISOString();
  return h('time', { datetime: iso, title: iso }, ago(ms));
}

/**
 * shortId shortens a long id for display; the full id stays in the
 * element's title.
 * @param {string} id
 * @returns {HTMLElement}
 */
export function shortId(id) {
  const s = String(id ?? '');
  return h('code', { title: s, class: 'id' }, s.length > 16 ? `${s.slice(0, 12)}…` : s);
}

/**
 * button makes a <button type=button> that runs onClick; while the
 * returned promise is pending the button is disabled, so a click cannot
 * be sent twice.
 * @param {string} label
 * @param {() => unknown} onClick
 * @param {Record<string, string>} [attrs]
 * @returns {HTMLButtonElement}
 */
export function button(label, onClick, attrs = {}) {
  const b = /** @type {HTMLButtonElement} */ (h('button', { type: 'button', ...attrs }, label));
  b.addEventListener('click', async () => {
    if (b.disabled) return;
    b.disabled = true;
    try {
      await onClick();
    } finally {
      if (b.isConnected) b.disabled = false;
    }
  });
  return b;
}

/**
 * fill replaces el's children.
 * @param {Element} el
 * @param {...(Node|string|null|undefined|false)} children
 */
export function fill(el, ...children) {
  el.replaceChildren(...children.filter((c) => c !== null && c !== undefined && c !== false));
}

/**
 * table renders rows under a header row; cells are nodes or text.
 * @param {string} label the table's accessible name
 * @param {string[]} headers
 * @param {Array<{cells: Array<Node|string>, attrs?: Record<string, string>}>} rows
 * @param {string} [empty] text shown when there are no rows
 * @returns {HTMLElement}
 */
export function table(label, headers, rows, empty = 'Nothing to show.') {
  if (rows.length === 0) return h('p', { class: 'empty' }, empty);
  return h('div', { class: 'table-wrap' },
    h('table', { 'aria-label': label },
      h('thead', {}, h('tr', {}, ...headers.map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, ...rows.map((r) => h('tr', r.attrs || {}, ...r.cells.map((c) => h('td', {}, c)))))));
}

/**
 * list renders strings as a comma-separated <span>, or "—".
 * @param {unknown} items
 * @returns {string}
 */
export function joined(items) {
  return Array.isArray(items) && items.length > 0 ? items.join(', ') : '—';
}

/**
 * pretty renders any JSON value as indented text in a <pre>.
 * @param {unknown} v
 * @param {string} [label]
 * @returns {HTMLElement}
 */
export function pretty(v, label) {
  const attrs = label ? { 'aria-label': label } : {};
  return h('pre', { class: 'json', ...attrs }, v === undefined ? '' : JSON.stringify(v, null, 2));
}

/**
 * status is a live region for a view's load state and last error.
 * @returns {{el: HTMLElement, busy: (text: string) => void, error: (err: unknown) => void, clear: () => void}}
 */
export function status() {
  const el = h('p', { class: 'view-status', role: 'status', 'aria-live': 'polite' });
  return {
    el,
    busy(text) { el.className = 'view-status'; el.textContent = text; },
    error(err) { el.className = 'view-status error'; el.textContent = errorText(err); },
    clear() { el.className = 'view-status'; el.textContent = ''; },
  };
}

/**
 * Lifetime collects what a view must undo when it unmounts (event
 * subscriptions, timers) and tells async work whether the view is gone.
 */
export class Lifetime {
  constructor() {
    /** @type {Array<() => void>} */
    this.undo = [];
    this.ended = false;
  }

  /** @param {() => void} fn */
  add(fn) { this.undo.push(fn); }

  /**
   * every runs fn now and then every ms milliseconds, each run after the
   * previous one settled, until the view unmounts.
   * @param {number} ms
   * @param {() => Promise<unknown>|unknown} fn
   */
  every(ms, fn) {
    let timer = 0;
    const run = async () => {
      try { await fn(); } catch { /* the view shows its own errors */ }
      if (!this.ended) timer = window.setTimeout(run, ms);
    };
    this.add(() => window.clearTimeout(timer));
    run();
  }

  /**
   * debounce returns fn delayed until ms after the last call.
   * @param {number} ms
   * @param {() => void} fn
   * @returns {() => void}
   */
  debounce(ms, fn) {
    let timer = 0;
    this.add(() => window.clearTimeout(timer));
    return () => {
      window.clearTimeout(timer);
      if (!this.ended) timer = window.setTimeout(fn, ms);
    };
  }

  end() {
    this.ended = true;
    for (const fn of this.undo.splice(0)) fn();
  }
}

/**
 * newKey returns a fresh idempotency key.
 * @returns {string}
 */
export function newKey() {
  return typeof crypto.randomUUID === 'function'
    ? crypto.randomUUID()
    : Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * confirmed asks a yes/no question in a modal <dialog> and resolves true
 * when the person confirms. The dialog names the action on its confirm
 * button; Escape or Cancel resolve false.
 * @param {string} question
 * @param {string} action label of the confirm button
 * @returns {Promise<boolean>}
 */
export function confirmed(question, action) {
  return new Promise((resolve) => {
    const yes = h('button', { type: 'button', class: 'danger', value: 'yes' }, action);
    const no = h('button', { type: 'button', value: 'no' }, 'Cancel');
    const dlg = /** @type {HTMLDialogElement} */ (h('dialog', { class: 'confirm', 'aria-label': action },
      h('p', {}, question), h('div', { class: 'actions' }, no, yes)));
    const done = (/** @type {boolean} */ ok) => {
      dlg.close();
      dlg.remove();
      resolve(ok);
    };
    yes.addEventListener('click', () => done(true));
    no.addEventListener('click', () => done(false));
    dlg.addEventListener('cancel', (e) => { e.preventDefault(); done(false); });
    document.body.append(dlg);
    dlg.showModal();
    no.focus();
  });
}
