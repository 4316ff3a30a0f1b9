// The logs view: a live tail of the gateway's JSON-lines log. It reads the
// end of the file (logs.tail without a cursor), then follows it by polling
// with the returned cursor. A text filter and a minimum level narrow what
// is shown; pausing stops following without losing the cursor.

import { button, h, replace } from '../ui.js';
import { Lifetime, status, useStyles } from './kit.js';

/** How often the tail is polled while following. */
const POLL_MS = 1000;
/** Most lines kept in the page. */
const KEEP = 2000;
/** Levels by rank, as the gateway writes them. */
const LEVELS = ['DEBUG', 'INFO', 'WARN', 'ERROR'];

/**
 * @typedef {{raw: string, time: string, level: string, msg: string, attrs: string}} LogLine
 */

export default {
  id: 'logs',
  title: 'Logs',
  icon: '▤',
  /**
   * @param {HTMLElement} el
   * @param {import('../app.js').ViewContext} ctx
   */
  mount(el, ctx) {
    const { gw, protocol: P } = ctx;
    useStyles();
    const life = new Lifetime();
    const st = status();
    const filter = /** @type {HTMLInputElement} */ (h('input', {
      type: 'search', id: 'logs-filter', placeholder: 'Filter (text)', 'aria-label': 'Filter log lines',
    }));
    const level = /** @type {HTMLSelectElement} */ (h('select', { id: 'logs-level', 'aria-label': 'Minimum level' },
      ...LEVELS.map((l) => h('option', { value: l }, l.toLowerCase()))));
    level.value = 'DEBUG';
    const follow = /** @type {HTMLInputElement} */ (h('input', { type: 'checkbox', id: 'logs-follow', checked: true }));
    const fileEl = h('p', { class: 'hint' });
    const out = h('ol', { class: 'log-lines', 'aria-label': 'Log lines', 'aria-live': 'off' });
    const scroller = h('div', { class: 'log-scroll', tabindex: '0', 'aria-label': 'Log' }, out);
    replace(el, h('section', { class: 'logs', 'aria-labelledby': 'logs-h' },
      h('header', { class: 'view-head' },
        h('h2', { id: 'logs-h' }, 'Logs'),
        h('div', { class: 'toolbar' },
          filter,
          level,
          h('label', { for: 'logs-follow' }, follow, ' Follow'),
          button('Clear', () => { lines = []; render(); }, { ariaLabel: 'Clear shown log lines' }))),
      st.el, fileEl, scroller));

    /** @type {LogLine[]} */
    let lines = [];
    /** @type {number|undefined} */
    let cursor;

    async function poll() {
      if (!follow.checked && cursor !== undefined) return;
      /** @type {Record<string, number>} */
      const params = cursor === undefined ? { limit: 200 } : { cursor, limit: 1000 };
      try {
        const res = await gw.request(P.Method.LogsTail, params);
        if (life.ended) return;
        st.clear();
        fileEl.textContent = res.file;
        if (res.reset && cursor !== undefined) lines.push(marker('— the log was rotated or skipped ahead —'));
        cursor = res.cursor;
        if ((res.lines || []).length === 0 && !res.reset) return;
        const stick = scroller.scrollTop + scroller.clientHeight >= scroller.scrollHeight - 8;
        for (const raw of res.lines || []) lines.push(parse(raw));
        if (lines.length > KEEP) lines = lines.slice(lines.length - KEEP);
        render();
        if (stick) scroller.scrollTop = scroller.scrollHeight;
      } catch (err) {
        if (!life.ended) st.error(err);
      }
    }

    function render() {
      const q = filter.value.trim().toLowerCase();
      const min = LEVELS.indexOf(level.value);
      const shown = lines.filter((l) => (rank(l.level) >= min) && (!q || l.raw.toLowerCase().includes(q)));
      replace(out, ...shown.map((l) => h('li', { class: `log-line level-${l.level.toLowerCase()}` },
        h('time', null, l.time), ' ', h('span', { class: 'level' }, l.level), ' ',
        h('span', { class: 'msg' }, l.msg), l.attrs ? h('span', { class: 'attrs' }, ` ${l.attrs}`) : null)));
      if (shown.length === 0) out.append(h('li', { class: 'empty' }, lines.length ? 'No line matches the filter.' : 'No log lines yet.'));
    }

    filter.addEventListener('input', render);
    level.addEventListener('change', render);
    st.busy('Reading the log…');
    life.every(POLL_MS, poll);
    return () => life.end();
  },
};

/**
 * rank orders a level name; unknown levels rank with INFO.
 * @param {string} l
 * @returns {number}
 */
function rank(l) {
  const i = LEVELS.indexOf(l);
  return i < 0 ? 1 : i;
}

/**
 * parse reads one JSON log line: time, level (_meta.logLevelName), the
 * message ("0") and the other attributes as key=value text. A line that is
 * not JSON is shown as it is.
 * @param {string} raw
 * @returns {LogLine}
 */
function parse(raw) {
  let rec;
  try {
    rec = JSON.parse(raw);
  } catch {
    return { raw, time: '', level: 'INFO', msg: raw, attrs: '' };
  }
  if (!rec || typeof rec !== 'object') return { raw, time: '', level: 'INFO', msg: raw, attrs: '' };
  const { time, _meta: meta, 0: msg, msg: msg2, level, ...rest } = rec;
  const lvl = String((meta && meta.logLevelName) || level || 'INFO').toUpperCase();
  const attrs = Object.entries(rest).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`).join(' ');
  return { raw, time: typeof time === 'string' ? time.replace('T', ' ').replace(/\.\d+/, '') : '', level: lvl, msg: String(msg ?? msg2 ?? ''), attrs };
}

/**
 * marker is a line the view inserts itself.
 * @param {string} text
 * @returns {LogLine}
 */
function marker(text) {
  return { raw: text, time: '', level: 'INFO', msg: text, attrs: '' };
}
