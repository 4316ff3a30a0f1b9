// The sessions view: the session index (sessions.list) with a search box,
// and per session a link into the chat, reset, compact and delete (each
// confirmed first). It subscribes to sessions.changed and reloads when a
// session changes.

import { button, confirmDialog, h, replace, table } from '../ui.js';
import { Lifetime, errorText, status, useStyles, when } from './kit.js';

/** @typedef {import('../protocol/types.js').SessionRow} SessionRow */

/** Most rows one load asks for. */
const LIMIT = 200;

export default {
  id: 'sessions',
  title: 'Sessions',
  icon: '☰',
  /**
   * @param {HTMLElement} el
   * @param {import('../app.js').ViewContext} ctx
   */
  mount(el, ctx) {
    const { gw, protocol: P } = ctx;
    useStyles();
    const life = new Lifetime();
    const st = status();
    const search = /** @type {HTMLInputElement} */ (h('input', {
      type: 'search', id: 'sessions-search', placeholder: 'Filter by key or label', 'aria-label': 'Filter sessions',
    }));
    const summary = h('p', { class: 'summary', 'aria-live': 'polite' });
    const body = h('div', { class: 'sessions-body' });
    replace(el, h('section', { class: 'sessions', 'aria-labelledby': 'sessions-h' },
      h('header', { class: 'view-head' },
        h('h2', { id: 'sessions-h' }, 'Sessions'),
        h('div', { class: 'toolbar' },
          h('label', { for: 'sessions-search', class: 'visually-hidden' }, 'Filter sessions'), search,
          button('Refresh', () => load(), { ariaLabel: 'Refresh sessions' }))),
      st.el, summary, body));

    /** @type {SessionRow[]} */
    let rows = [];
    let loads = 0;

    async function load() {
      const n = ++loads;
      try {
        const res = await gw.request(P.Method.SessionsList, { limit: LIMIT, includeGlobal: true, includeUnknown: true });
        if (life.ended || n !== loads) return;
        rows = res.sessions || [];
        summary.textContent = `${res.count} of ${res.totalCount} sessions${res.hasMore ? ' (more not shown)' : ''}`;
        st.clear();
        render();
      } catch (err) {
        if (!life.ended) st.error(err);
      }
    }

    function render() {
      const q = search.value.trim().toLowerCase();
      const shown = q ? rows.filter((r) => [r.key, r.label, r.displayName, r.derivedTitle]
        .some((s) => typeof s === 'string' && s.toLowerCase().includes(q))) : rows;
      replace(body, table({
        caption: 'Sessions',
        columns: [
          { title: 'Session', render: (/** @type {SessionRow} */ r) => name(r) },
          { title: 'Kind', render: (/** @type {SessionRow} */ r) => r.kind || '—' },
          { title: 'Model', render: (/** @type {SessionRow} */ r) => (r.model ? `${r.modelProvider ? `${r.modelProvider}/` : ''}${r.model}` : '—') },
          { title: 'Tokens', render: (/** @type {SessionRow} */ r) => (typeof r.totalTokens === 'number' ? String(r.totalTokens) : '—') },
          { title: 'Updated', render: (/** @type {SessionRow} */ r) => when(r.updatedAt ?? undefined) },
          { title: 'Actions', render: (/** @type {SessionRow} */ r) => actions(r) },
        ],
        rows: shown,
        rowKey: (/** @type {SessionRow} */ r) => r.key,
        empty: q ? 'No session matches the filter.' : 'No sessions yet.',
      }));
    }

    /** @param {SessionRow} r */
    function name(r) {
      const label = r.label || r.displayName || r.derivedTitle || '';
      return h('div', { class: 'session-name' }, label ? h('strong', null, label) : null, ' ', h('code', null, r.key),
        r.hasActiveRun ? h('span', { class: 'badge live' }, 'running') : null);
    }

    /** @param {SessionRow} r */
    function actions(r) {
      return h('div', { class: 'actions' },
        button('Chat', () => ctx.navigate(`chat/${encodeURIComponent(r.key)}`), { kind: 'primary', ariaLabel: `Open session ${r.key} in the chat` }),
        button('Reset', () => act(r, 'reset'), { ariaLabel: `Reset session ${r.key}` }),
        button('Compact', () => act(r, 'compact'), { ariaLabel: `Compact session ${r.key}` }),
        button('Delete', () => act(r, 'delete'), { kind: 'danger', ariaLabel: `Delete session ${r.key}` }));
    }

    const questions = {
      reset: (/** @type {string} */ k) => [`Start ${k} over with a fresh transcript? The old one is archived.`, 'Reset', P.Method.SessionsReset],
      compact: (/** @type {string} */ k) => [`Compact ${k}: summarize its older messages?`, 'Compact', P.Method.SessionsCompact],
      delete: (/** @type {string} */ k) => [`Delete ${k} and archive its transcript?`, 'Delete', P.Method.SessionsDelete],
    };

    /**
     * @param {SessionRow} r
     * @param {'reset'|'compact'|'delete'} what
     */
    async function act(r, what) {
      const [q, label, method] = questions[what](r.key);
      if (!(await confirmDialog(q, { title: `${label} session`, confirmLabel: label, danger: true }))) return;
      try {
        const res = await gw.request(method, { key: r.key });
        ctx.notify(outcome(what, r.key, res), 'success');
      } catch (err) {
        ctx.notify(`${label} ${r.key} failed: ${errorText(err)}`, 'error');
      }
      await load();
    }

    search.addEventListener('input', render);
    const reload = life.debounce(250, load);
    life.add(gw.on(P.Event.SessionsChanged, reload));
    gw.request(P.Method.SessionsSubscribe, {}).catch(() => { /* the list still loads; it just will not follow */ });
    st.busy('Loading sessions…');
    load();
    return () => life.end();
  },
};

/**
 * outcome says what a session action did.
 * @param {string} what
 * @param {string} key
 * @param {any} res
 * @returns {string}
 */
function outcome(what, key, res) {
  switch (what) {
    case 'reset': return `Session ${key} was reset.`;
    case 'delete': return res && res.deleted ? `Session ${key} was deleted.` : `Session ${key} was not in the index.`;
    default:
      return res && res.compacted
        ? `Session ${key} was compacted${typeof res.kept === 'number' ? ` (${res.kept} lines kept)` : ''}.`
        : `Session ${key} was not compacted${res && res.reason ? `: ${res.reason}` : ''}.`;
  }
}
