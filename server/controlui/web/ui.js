// Shared DOM helpers for the views. Text only ever goes into the page as
// textContent or text nodes: nothing here (and nothing in a view) sets
// innerHTML, so gateway and model text cannot inject markup or script.

/**
 * @typedef {Node|string|number|null|undefined|false|Array<any>} Child
 */

/**
 * h builds an element: attrs are set as attributes (class, id, aria-*,
 * data-*, role, type, ...), as properties for value, checked, disabled,
 * selected and hidden, and as listeners for on<event> functions; children
 * are nodes or text (null, undefined and false are skipped, arrays flattened).
 * @param {string} tag
 * @param {Record<string, any>|null} [attrs]
 * @param {...Child} children
 * @returns {HTMLElement}
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) {
      continue;
    }
    if (k.startsWith('on') && typeof v === 'function') {
      el.addEventListener(k.slice(2).toLowerCase(), v);
    } else if (PROPS.has(k)) {
      /** @type {any} */ (el)[k] = v;
    } else if (k === 'dataset' && typeof v === 'object') {
      Object.assign(el.dataset, v);
    } else {
      if (/^on/i.test(k) || k === 'style' && typeof v !== 'string') {
        throw new Error(`h: refusing attribute ${k}`);
      }
      el.setAttribute(k, v === true ? '' : String(v));
    }
  }
  append(el, children);
  return el;
}

const PROPS = new Set(['value', 'checked', 'disabled', 'selected', 'hidden', 'textContent', 'open']);

/**
 * append adds children (nodes or text) to el.
 * @param {Node} el
 * @param {Child[]} children
 */
export function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) {
      continue;
    }
    if (Array.isArray(c)) {
      append(el, c);
    } else if (c instanceof Node) {
      el.appendChild(c);
    } else {
      el.appendChild(document.createTextNode(String(c)));
    }
  }
}

/**
 * replace empties el and adds children.
 * @param {Node} el
 * @param {...Child} children
 * @returns {Node}
 */
export function replace(el, ...children) {
  while (el.firstChild) {
    el.removeChild(el.firstChild);
  }
  append(el, children);
  return el;
}

/**
 * @typedef {Object} Column
 * @property {string} title - the header text.
 * @property {string} [key] - the row member shown as text.
 * @property {(row: any) => Child} [render] - builds the cell instead.
 * @property {string} [className]
 */

/**
 * table renders rows as an accessible table; empty is the text shown when there are none.
 * @param {{columns: Column[], rows: any[], caption?: string, empty?: string, rowKey?: (row: any) => string}} o
 * @returns {HTMLElement}
 */
export function table(o) {
  if (!o.rows.length) {
    return h('p', { class: 'empty' }, o.empty || 'Nothing to show.');
  }
  return h('div', { class: 'table-wrap' },
    h('table', null,
      o.caption ? h('caption', null, o.caption) : null,
      h('thead', null, h('tr', null, o.columns.map((c) => h('th', { scope: 'col' }, c.title)))),
      h('tbody', null, o.rows.map((row) => h('tr', o.rowKey ? { 'data-key': o.rowKey(row) } : null,
        o.columns.map((c) => h('td', { class: c.className, 'data-label': c.title },
          c.render ? c.render(row) : cellText(c.key ? row[c.key] : ''))))))));
}

/**
 * @param {unknown} v
 * @returns {string}
 */
function cellText(v) {
  if (v === null || v === undefined) {
    return '';
  }
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

/**
 * button makes a button that runs onClick; while a returned promise runs it is disabled.
 * @param {string} label
 * @param {(ev: Event) => any} onClick
 * @param {{kind?: 'primary'|'danger'|'plain', ariaLabel?: string, type?: string}} [o]
 * @returns {HTMLButtonElement}
 */
export function button(label, onClick, o = {}) {
  const b = /** @type {HTMLButtonElement} */ (h('button', {
    type: o.type || 'button', class: `btn ${o.kind || 'plain'}`, 'aria-label': o.ariaLabel,
  }, label));
  b.addEventListener('click', async (ev) => {
    const r = onClick(ev);
    if (r && typeof r.then === 'function') {
      b.disabled = true;
      try {
        await r;
      } finally {
        b.disabled = false;
      }
    }
  });
  return b;
}

/**
 * field wraps a control with its visible label.
 * @param {string} label
 * @param {HTMLElement} control
 * @param {string} [hint]
 * @returns {HTMLElement}
 */
export function field(label, control, hint) {
  const id = control.id || `f-${++fieldSeq}`;
  control.id = id;
  const hintId = hint ? `${id}-hint` : undefined;
  if (hintId) {
    control.setAttribute('aria-describedby', hintId);
  }
  return h('div', { class: 'field' }, h('label', { for: id }, label), control,
    hint ? h('small', { id: hintId, class: 'hint' }, hint) : null);
}

let fieldSeq = 0;

/**
 * confirmDialog asks a yes/no question in a modal dialog and resolves with the answer.
 * @param {string} message
 * @param {{title?: string, confirmLabel?: string, danger?: boolean}} [o]
 * @returns {Promise<boolean>}
 */
export function confirmDialog(message, o = {}) {
  return new Promise((resolve) => {
    const titleId = `dlg-${++fieldSeq}`;
    const dlg = /** @type {HTMLDialogElement} */ (h('dialog', { class: 'dialog', 'aria-labelledby': titleId }));
    const done = (/** @type {boolean} */ answer) => {
      dlg.close();
      dlg.remove();
      resolve(answer);
    };
    append(dlg, [
      h('h2', { id: titleId }, o.title || 'Are you sure?'),
      h('p', null, message),
      h('div', { class: 'actions' },
        button('Cancel', () => done(false)),
        button(o.confirmLabel || 'OK', () => done(true), { kind: o.danger ? 'danger' : 'primary' })),
    ]);
    dlg.addEventListener('cancel', (ev) => {
      ev.preventDefault();
      done(false);
    });
    document.body.appendChild(dlg);
    dlg.showModal();
  });
}

/**
 * card is a titled section.
 * @param {string} title
 * @param {...Child} children
 * @returns {HTMLElement}
 */
export function card(title, ...children) {
  return h('section', { class: 'card', 'aria-label': title }, h('h2', null, title), ...children);
}

/**
 * errorBox shows a failure (an Error or GatewayError: code and message).
 * @param {any} err
 * @returns {HTMLElement}
 */
export function errorBox(err) {
  const code = err && err.code ? `${err.code}: ` : '';
  return h('div', { class: 'callout error', role: 'alert' }, code + (err && err.message ? err.message : String(err)));
}

/**
 * loading is a placeholder while data arrives.
 * @param {string} [text]
 * @returns {HTMLElement}
 */
export function loading(text) {
  return h('p', { class: 'loading', role: 'status' }, text || 'Loading…');
}

/**
 * formatDuration renders milliseconds as "3d 4h", "5m 2s", "800 ms".
 * @param {number} ms
 * @returns {string}
 */
export function formatDuration(ms) {
  if (!Number.isFinite(ms) || ms < 0) {
    return '–';
  }
  if (ms < 1000) {
    return `${Math.round(ms)} ms`;
  }
  const s = Math.floor(ms / 1000);
  /** @type {Array<[number, string]>} */
  const parts = [[Math.floor(s / 86400), 'd'], [Math.floor(s / 3600) % 24, 'h'], [Math.floor(s / 60) % 60, 'm'], [s % 60, 's']];
  const first = parts.findIndex(([n]) => n > 0);
  return parts.slice(first, first + 2).filter(([n]) => n > 0).map(([n, u]) => `${n}${u}`).join(' ');
}

/**
 * formatTime renders epoch milliseconds as local date and time.
 * @param {number|undefined|null} ms
 * @returns {string}
 */
export function formatTime(ms) {
  if (!ms) {
    return '–';
  }
  return new Date(ms).toLocaleString();
}

/**
 * formatAgo renders epoch milliseconds relative to now: "12 s ago".
 * @param {number|undefined|null} ms
 * @returns {string}
 */
export function formatAgo(ms) {
  if (!ms) {
    return '–';
  }
  return `${formatDuration(Math.max(0, Date.now() - ms))} ago`;
}
