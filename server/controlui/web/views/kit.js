// Small helpers shared by the operator views (sessions, nodes, devices,
// approvals, config, logs) beside ui.js's: times, ids, JSON, a status
// line, and the lifetime of a mounted view. Not a view itself: it has no
// default export. Everything builds DOM nodes through ui.js's h(), which
// only ever sets text, so gateway data can never become markup.

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
 * joined renders strings as a comma-separated <span>, or "—".
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
 * tag sets attributes (data-*, aria-*) on an element made by a ui.js
 * helper that does not take them, and returns it.
 * @template {HTMLElement} E
 * @param {E} el
 * @param {Record<string, string>} attrs
 * @returns {E}
 */
export function tag(el, attrs) {
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  return el;
}

/**
 * useStyles links operator.css (the styles of these views) into the page
 * once; a view calls it when it mounts.
 */
export function useStyles() {
  if (document.getElementById('operator-css')) return;
  const link = document.createElement('link');
  link.id = 'operator-css';
  link.rel = 'stylesheet';
  link.href = new URL('./operator.css', import.meta.url).href;
  document.head.append(link);
}
