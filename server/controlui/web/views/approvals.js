// The exec approvals view: live prompts for commands waiting for an
// operator's decision (exec.approval.list, then exec.approval.requested
// and exec.approval.resolved as they come), each with the decisions the
// request allows: allow once, allow always, deny.

import { button, h, replace } from '../ui.js';
import { Lifetime, ago, errorText, joined, status, tag, useStyles } from './kit.js';

/** @typedef {import('../protocol/types.js').PendingExecApproval} PendingExecApproval */

/**
 * decisions lists the decisions with their labels, in button order; the
 * values are the protocol's (Enum.ExecApprovalDecision).
 * @param {any} P the generated protocol module
 * @returns {Array<[string, string, 'primary'|'plain'|'danger']>}
 */
function decisions(P) {
  const D = P.Enum.ExecApprovalDecision;
  return [[D.AllowOnce, 'Allow once', 'primary'], [D.AllowAlways, 'Allow always', 'plain'], [D.Deny, 'Deny', 'danger']];
}

export default {
  id: 'approvals',
  title: 'Exec approvals',
  icon: '⚖',
  /**
   * @param {HTMLElement} el
   * @param {import('../app.js').ViewContext} ctx
   */
  mount(el, ctx) {
    const { gw, protocol: P } = ctx;
    const DECISIONS = decisions(P);
    useStyles();
    const life = new Lifetime();
    const st = status();
    const listEl = h('div', { class: 'approvals-list', 'aria-live': 'polite' });
    replace(el, h('section', { class: 'approvals', 'aria-labelledby': 'approvals-h' },
      h('header', { class: 'view-head' },
        h('h2', { id: 'approvals-h' }, 'Exec approvals'),
        h('div', { class: 'toolbar' }, button('Refresh', () => load(), { ariaLabel: 'Refresh exec approvals' }))),
      h('p', { class: 'hint' }, 'Commands an agent or node wants to run wait here for a decision.'),
      st.el, listEl));

    /** @type {Map<string, {a: PendingExecApproval, el: HTMLElement, expires: HTMLElement}>} */
    const pending = new Map();
    const empty = h('p', { class: 'empty' }, 'No command is waiting for approval.');

    async function load() {
      try {
        const list = await gw.request(P.Method.ExecApprovalList, {});
        if (life.ended) return;
        const ids = new Set();
        for (const a of list || []) {
          ids.add(a.id);
          add(a);
        }
        for (const id of [...pending.keys()]) if (!ids.has(id)) drop(id);
        st.clear();
        tick();
      } catch (err) {
        if (!life.ended) st.error(err);
      }
    }

    /**
     * add shows a prompt, in arrival order, unless it is shown already.
     * @param {PendingExecApproval} a
     */
    function add(a) {
      if (pending.has(a.id)) return;
      const expires = h('p', { class: 'expires' });
      const el = card(a, expires);
      pending.set(a.id, { a, el, expires });
      empty.remove();
      listEl.append(el);
    }

    /** @param {string} id */
    function drop(id) {
      const p = pending.get(id);
      if (!p) return;
      pending.delete(id);
      p.el.remove();
      if (pending.size === 0) listEl.append(empty);
    }

    /** tick updates the countdowns and drops expired prompts (no event marks expiry). */
    function tick() {
      const now = Date.now();
      for (const [id, p] of pending) {
        if (p.a.expiresAtMs <= now) drop(id);
        else p.expires.textContent = `Expires ${ago(p.a.expiresAtMs, now)}`;
      }
      if (pending.size === 0 && !empty.isConnected) listEl.append(empty);
    }

    /**
     * @param {PendingExecApproval} a
     * @param {HTMLElement} expires
     */
    function card(a, expires) {
      const r = a.request;
      const allowed = new Set(r.allowedDecisions && r.allowedDecisions.length ? r.allowedDecisions : DECISIONS.map((d) => d[0]));
      const facts = [
        ['Host', r.host === 'node' && r.nodeId ? `node ${r.nodeId}` : (r.host || 'gateway')],
        ['Working directory', r.cwd],
        ['Resolved path', r.resolvedPath],
        ['Agent', r.agentId],
        ['Session', r.sessionKey],
        ['Security', r.security && r.ask ? `${r.security}, ask ${r.ask}` : (r.security || r.ask)],
        ['Environment', r.envKeys && r.envKeys.length ? joined(r.envKeys) : null],
      ].filter(([, v]) => v !== null && v !== undefined && v !== '');
      const warnings = [
        ...(r.warningText ? [r.warningText] : []),
        ...((r.commandAnalysis && r.commandAnalysis.warningLines) || []),
      ];
      return h('article', { class: 'card approval', 'data-approval-id': a.id, 'aria-label': `Approval for ${r.command}` },
        h('pre', { class: 'command' }, r.command),
        warnings.length ? h('ul', { class: 'warnings', role: 'note' }, ...warnings.map((w) => h('li', null, w))) : null,
        h('dl', { class: 'facts' }, ...facts.flatMap(([k, v]) => [h('dt', null, k), h('dd', null, String(v))])),
        expires,
        h('div', { class: 'actions' }, ...DECISIONS.filter(([d]) => allowed.has(d)).map(([d, label, cls]) =>
          tag(button(label, () => resolve(a, d), { kind: cls, ariaLabel: `${label}: ${r.command}` }), { 'data-decision': d }))));
    }

    /**
     * @param {PendingExecApproval} a
     * @param {string} decision
     */
    async function resolve(a, decision) {
      try {
        await gw.request(P.Method.ExecApprovalResolve, { id: a.id, decision });
        drop(a.id);
        ctx.notify(`${decision}: ${a.request.command}`, 'success');
      } catch (err) {
        ctx.notify(`Could not resolve the approval: ${errorText(err)}`, 'error');
        await load();
      }
    }

    life.add(gw.on(P.Event.ExecApprovalRequested, (/** @type {PendingExecApproval} */ a) => {
      if (!a || !a.id) return;
      add(a);
      tick();
    }));
    life.add(gw.on(P.Event.ExecApprovalResolved, (/** @type {{id: string}} */ ev) => {
      if (ev) drop(ev.id);
    }));
    const timer = window.setInterval(tick, 1000);
    life.add(() => window.clearInterval(timer));
    st.busy('Loading approvals…');
    load();
    return () => life.end();
  },
};
