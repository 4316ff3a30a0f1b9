// The config view: a settings form built from config.schema (the config
// file's JSON Schema and its UI hints, the x-ui marks) and the raw JSON5
// editor. Both write against the hash config.get returned (baseHash): when
// the file changed in between, the view says so and offers to reload or
// to apply the edit on top of the new file.

import { button, h, replace } from '../ui.js';
import { Lifetime, errorText, status, useStyles } from './kit.js';

/** @typedef {import('../protocol/types.js').ConfigSnapshot} ConfigSnapshot */
/** @typedef {import('../protocol/types.js').ConfigUiHint} ConfigUiHint */

/** The value config.get shows in place of a secret. */
const REDACTED = '__OPENCLAW_REDACTED__';

/**
 * @typedef {{key: string, path: string[], hint: ConfigUiHint, schema: any, kind: string}} Field
 */

export default {
  id: 'config',
  title: 'Config',
  icon: '⚙',
  /**
   * @param {HTMLElement} el
   * @param {import('../app.js').ViewContext} ctx
   */
  mount(el, ctx) {
    const { gw, protocol: P } = ctx;
    useStyles();
    const life = new Lifetime();
    const st = status();
    const pathEl = h('p', { class: 'hint' });
    const issuesEl = h('div', { class: 'config-issues' });
    const conflictEl = h('div', { class: 'config-conflict' });
    const formTab = h('button', { type: 'button', role: 'tab', id: 'config-tab-form', 'aria-controls': 'config-form-panel', 'aria-selected': 'true' }, 'Settings');
    const rawTab = h('button', { type: 'button', role: 'tab', id: 'config-tab-raw', 'aria-controls': 'config-raw-panel', 'aria-selected': 'false' }, 'Raw JSON5');
    const formPanel = h('div', { role: 'tabpanel', id: 'config-form-panel', 'aria-labelledby': 'config-tab-form' });
    const rawPanel = h('div', { role: 'tabpanel', id: 'config-raw-panel', 'aria-labelledby': 'config-tab-raw', hidden: true });
    replace(el, h('section', { class: 'config', 'aria-labelledby': 'config-h' },
      h('header', { class: 'view-head' },
        h('h2', { id: 'config-h' }, 'Config'),
        h('div', { class: 'toolbar' }, button('Reload', () => load(), { ariaLabel: 'Reload config' }))),
      st.el, pathEl, issuesEl, conflictEl,
      h('div', { role: 'tablist', 'aria-label': 'Config editors' }, formTab, rawTab),
      formPanel, rawPanel));

    /** @param {boolean} raw */
    function showTab(raw) {
      formTab.setAttribute('aria-selected', String(!raw));
      rawTab.setAttribute('aria-selected', String(raw));
      formPanel.hidden = raw;
      rawPanel.hidden = !raw;
    }
    formTab.addEventListener('click', () => showTab(false));
    rawTab.addEventListener('click', () => showTab(true));
    for (const t of [formTab, rawTab]) {
      t.addEventListener('keydown', (/** @type {KeyboardEvent} */ e) => {
        if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
        const other = t === formTab ? rawTab : formTab;
        other.focus();
        other.click();
      });
    }

    /** @type {ConfigSnapshot|null} */
    let snap = null;
    /** @type {{schema: any, uiHints: Record<string, ConfigUiHint>}|null} */
    let schema = null;
    const showAdvanced = /** @type {HTMLInputElement} */ (h('input', { type: 'checkbox', id: 'config-advanced' }));
    showAdvanced.addEventListener('change', () => renderForm());

    async function load() {
      try {
        const [s, sch] = await Promise.all([gw.request(P.Method.ConfigGet, {}), gw.request(P.Method.ConfigSchema, {})]);
        if (life.ended) return;
        snap = s;
        schema = sch;
        st.clear();
        replace(conflictEl);
        pathEl.textContent = `${s.path}${s.exists ? '' : ' (not created yet: defaults apply)'}`;
        renderIssues(s);
        renderForm();
        renderRaw();
      } catch (err) {
        if (!life.ended) st.error(err);
      }
    }

    /** @param {ConfigSnapshot} s */
    function renderIssues(s) {
      const list = [...(s.issues || []).map((i) => ({ kind: 'error', i })), ...(s.warnings || []).map((i) => ({ kind: 'warning', i }))];
      replace(issuesEl, list.length === 0 ? null : h('ul', { class: 'callout warn', 'aria-label': 'Config problems' },
        ...list.map(({ kind, i }) => h('li', null, `${kind}: ${i.path ? `${i.path}: ` : ''}${i.message}`))));
    }

    // ---- the form ----

    /** @type {Map<string, {field: Field, input: HTMLElement, initial: unknown}>} */
    let inputs = new Map();

    function renderForm() {
      if (!snap || !schema) return;
      const fields = formFields(schema.schema, schema.uiHints || {});
      const groups = new Map();
      inputs = new Map();
      for (const f of fields) {
        if (f.hint.advanced && !showAdvanced.checked) continue;
        const g = f.hint.group || 'Other';
        if (!groups.has(g)) groups.set(g, []);
        groups.get(g).push(f);
      }
      const values = snap.config || {};
      const form = /** @type {HTMLFormElement} */ (h('form', { class: 'config-form', 'aria-label': 'Settings', novalidate: true },
        h('p', null, h('label', { for: 'config-advanced' }, showAdvanced, ' Show advanced settings')),
        ...[...groups].map(([g, fs]) => h('fieldset', null, h('legend', null, g), ...fs.map((f) => fieldRow(f, getPath(values, f.path))))),
        h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn primary' }, 'Save settings'))));
      form.addEventListener('submit', (e) => { e.preventDefault(); saveForm(); });
      replace(formPanel, form);
    }

    /**
     * @param {Field} f
     * @param {unknown} value
     */
    function fieldRow(f, value) {
      const id = `cfg-${f.key.replace(/[^A-Za-z0-9]/g, '-')}`;
      const help = f.hint.help || f.schema.description || '';
      const helpId = help ? `${id}-help` : undefined;
      /** @type {HTMLElement} */
      let input;
      const common = { id, name: f.key, 'data-config-key': f.key, ...(helpId ? { 'aria-describedby': helpId } : {}) };
      switch (f.kind) {
        case 'boolean':
          input = h('input', { ...common, type: 'checkbox', checked: value === true });
          break;
        case 'enum':
          input = h('select', common, ...(value === undefined ? [h('option', { value: '' }, '(default)')] : []),
            ...f.schema.enum.map((/** @type {string} */ v) => h('option', { value: v, selected: v === value }, v)));
          break;
        case 'number':
          input = h('input', { ...common, type: 'number', step: f.schema.type === 'integer' ? '1' : 'any',
            value: typeof value === 'number' ? String(value) : '', placeholder: f.hint.placeholder || '' });
          break;
        case 'string':
          input = h('input', { ...common, type: f.hint.sensitive ? 'password' : 'text', autocomplete: 'off',
            value: typeof value === 'string' && value !== REDACTED ? value : '',
            placeholder: value === REDACTED ? 'set (leave empty to keep)' : (f.hint.placeholder || '') });
          break;
        case 'strings':
          input = h('textarea', { ...common, rows: '3', spellcheck: 'false', placeholder: 'one per line' },
            Array.isArray(value) ? value.join('\n') : '');
          break;
        default:
          input = h('pre', { ...common, class: 'json', tabindex: '0' }, value === undefined ? '(not set)' : JSON.stringify(value, null, 2));
      }
      inputs.set(f.key, { field: f, input, initial: value });
      if (f.kind === 'boolean') {
        return h('div', { class: 'field field-boolean' },
          h('label', { for: id }, input, ' ', f.hint.label || f.key),
          help ? h('p', { class: 'hint', id: helpId }, help) : null);
      }
      return h('div', { class: `field field-${f.kind}` },
        h('label', { for: id }, f.hint.label || f.key),
        input,
        f.kind === 'json' ? h('p', { class: 'hint' }, 'Edit this one in the raw JSON5 editor.') : null,
        help ? h('p', { class: 'hint', id: helpId }, help) : null);
    }

    /**
     * formPatch is the JSON merge patch of the fields the person changed.
     * @returns {{patch: Record<string, unknown>, keys: string[]}}
     */
    function formPatch() {
      /** @type {Record<string, unknown>} */
      const patch = {};
      const keys = [];
      for (const { field, input, initial } of inputs.values()) {
        const next = readInput(field, /** @type {any} */ (input), initial);
        if (next === undefined || JSON.stringify(next) === JSON.stringify(initial)) continue;
        setPath(patch, field.path, next);
        keys.push(field.key);
      }
      return { patch, keys };
    }

    async function saveForm() {
      const { patch, keys } = formPatch();
      if (keys.length === 0) {
        ctx.notify('Nothing changed.', 'info');
        return;
      }
      await write(P.Method.ConfigPatch, JSON.stringify(patch), `Saved ${keys.join(', ')}.`, () => saveForm());
    }

    // ---- the raw editor ----

    const rawText = /** @type {HTMLTextAreaElement} */ (h('textarea', {
      id: 'config-raw', class: 'code', rows: '24', spellcheck: 'false', 'aria-label': 'Config file (JSON5)',
    }));
    const rawSave = button('Save file', () => saveRaw(), { kind: 'primary' });
    replace(rawPanel,
      h('p', { class: 'hint' }, 'The whole config file. Secrets show as ', h('code', null, REDACTED), '; leaving that text in place keeps the stored secret.'),
      rawText, h('div', { class: 'actions' }, rawSave));

    function renderRaw() {
      if (!snap) return;
      rawText.value = snap.raw ?? '{\n}\n';
    }

    async function saveRaw() {
      await write(P.Method.ConfigSet, rawText.value, 'Saved the config file.', () => saveRaw());
    }

    /**
     * write sends a config write against the loaded hash. When it fails
     * and the file's hash has moved, the failure is a conflict: the view
     * shows it with the choice to reload (dropping the edit) or to apply
     * the edit again on top of the new file.
     * @param {string} method
     * @param {string} raw
     * @param {string} done
     * @param {() => Promise<void>} retry
     */
    async function write(method, raw, done, retry) {
      if (!snap) return;
      const base = snap.hash;
      /** @type {Record<string, string>} */
      const params = { raw };
      if (snap.exists && base) params.baseHash = base;
      try {
        const res = await gw.request(method, params);
        const restart = res.restart && Array.isArray(res.restart.keys) && res.restart.keys.length
          ? ` A restart applies: ${res.restart.keys.join(', ')}.` : '';
        ctx.notify(res.noop ? 'Nothing changed.' : done + restart, 'success');
        await load();
      } catch (err) {
        let fresh = null;
        try { fresh = await gw.request(P.Method.ConfigGet, {}); } catch { /* reported below */ }
        if (fresh && fresh.hash !== base) {
          conflict(fresh, retry);
          return;
        }
        const details = /** @type {any} */ (err).details;
        const list = details && Array.isArray(details.issues) ? details.issues : [];
        replace(conflictEl, h('div', { class: 'callout error', role: 'alert' },
          h('p', null, `Not saved: ${errorText(err)}`),
          list.length ? h('ul', {}, ...list.map((/** @type {any} */ i) => h('li', null, `${i.path ? `${i.path}: ` : ''}${i.message}`))) : null));
      }
    }

    /**
     * @param {ConfigSnapshot} fresh
     * @param {() => Promise<void>} retry
     */
    function conflict(fresh, retry) {
      replace(conflictEl, h('div', { class: 'callout warn', role: 'alert', 'data-conflict': 'true' },
        h('p', null, 'The config file changed since it was loaded here, so nothing was saved. Your edit is still in the editor.'),
        h('details', null, h('summary', null, 'The file as it is now'), h('pre', { class: 'json' }, fresh.raw ?? '')),
        h('div', { class: 'actions' },
          button('Reload, dropping my edit', () => load()),
          button('Apply my edit to the new file', async () => {
            if (!snap) return;
            snap = { ...snap, hash: fresh.hash, exists: fresh.exists };
            replace(conflictEl);
            await retry();
          }, { kind: 'primary' }))));
    }

    st.busy('Loading config…');
    load();
    return () => life.end();
  },
};

/**
 * formFields lists the keys the form edits: every UI hint whose key names
 * one setting (no "*" or "[]" in it), in hint order, with its schema.
 * @param {any} root
 * @param {Record<string, ConfigUiHint>} hints
 * @returns {Field[]}
 */
function formFields(root, hints) {
  /** @type {Field[]} */
  const out = [];
  for (const [key, hint] of Object.entries(hints)) {
    if (key.includes('*') || key.includes('[]')) continue;
    const path = key.split('.');
    const schema = schemaAt(root, path);
    if (!schema) continue;
    out.push({ key, path, hint, schema, kind: kindOf(schema) });
  }
  return out.sort((a, b) => (a.hint.order ?? 1e9) - (b.hint.order ?? 1e9) || a.key.localeCompare(b.key));
}

/**
 * schemaAt follows path through properties (and local $refs) of a JSON
 * Schema; null when the path leaves it.
 * @param {any} root
 * @param {string[]} path
 * @returns {any}
 */
function schemaAt(root, path) {
  let n = deref(root, root);
  for (const p of path) {
    n = n && n.properties ? deref(root, n.properties[p]) : null;
    if (!n) return null;
  }
  return n;
}

/**
 * deref resolves a local "#/$defs/Name" $ref, keeping the referring
 * node's own annotations.
 * @param {any} root
 * @param {any} n
 * @returns {any}
 */
function deref(root, n) {
  for (let i = 0; n && typeof n.$ref === 'string' && i < 16; i++) {
    const m = /^#\/\$defs\/(.+)$/.exec(n.$ref);
    const target = m && root.$defs ? root.$defs[m[1]] : null;
    if (!target) return n;
    const { $ref: _, ...own } = n;
    n = { ...target, ...own };
  }
  return n;
}

/**
 * kindOf picks the input for a schema: boolean, enum, number, string,
 * strings (an array of strings), or json (shown, edited in the raw editor).
 * @param {any} s
 * @returns {string}
 */
function kindOf(s) {
  const t = Array.isArray(s.type) ? s.type.filter((/** @type {string} */ x) => x !== 'null')[0] : s.type;
  if (Array.isArray(s.enum) && s.enum.every((/** @type {unknown} */ v) => typeof v === 'string')) return 'enum';
  if (t === 'boolean') return 'boolean';
  if (t === 'integer' || t === 'number') return 'number';
  if (t === 'string') return 'string';
  if (t === 'array' && s.items && s.items.type === 'string') return 'strings';
  return 'json';
}

/**
 * readInput reads a field's new value; undefined means "leave as it is"
 * (an untouched secret, a field edited only as JSON) and null "remove the
 * key" (a cleared field: the default applies), as in a JSON merge patch.
 * @param {Field} f
 * @param {any} input
 * @param {unknown} initial
 * @returns {unknown}
 */
function readInput(f, input, initial) {
  switch (f.kind) {
    case 'boolean':
      return initial === undefined && !input.checked ? undefined : input.checked;
    case 'enum': return input.value === '' ? undefined : input.value;
    case 'number': {
      if (input.value.trim() === '') return initial === undefined ? undefined : null;
      const n = Number(input.value);
      return Number.isFinite(n) ? n : undefined;
    }
    case 'string':
      // Empty keeps a secret, and otherwise removes the key (its default applies).
      if (input.value === '') return initial === REDACTED || initial === undefined ? undefined : null;
      return input.value;
    case 'strings': {
      const list = input.value.split('\n').map((/** @type {string} */ s) => s.trim()).filter(Boolean);
      return list.length === 0 && initial === undefined ? undefined : list;
    }
    default: return undefined;
  }
}

/**
 * @param {any} obj
 * @param {string[]} path
 * @returns {unknown}
 */
function getPath(obj, path) {
  let v = obj;
  for (const p of path) {
    if (!v || typeof v !== 'object') return undefined;
    v = v[p];
  }
  return v;
}

/**
 * @param {Record<string, any>} obj
 * @param {string[]} path
 * @param {unknown} value
 */
function setPath(obj, path, value) {
  let o = obj;
  for (const p of path.slice(0, -1)) {
    if (!o[p] || typeof o[p] !== 'object') o[p] = {};
    o = o[p];
  }
  o[path[path.length - 1]] = value;
}
