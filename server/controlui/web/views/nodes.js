// The nodes view: the known nodes (node.list, polled), one node's details
// (node.describe), its command surface waiting for approval
// (node.pair.approve), and a form that invokes one of its commands
// (node.invoke) and shows the node's answer.

import { button, h, replace, table } from '../ui.js';
import { Lifetime, errorText, joined, newKey, pretty, shortId, status, useStyles, when } from './kit.js';

/** @typedef {import('../protocol/types.js').KnownNode} KnownNode */

/** How often the list is polled, as OpenClaw's Control UI does. */
const POLL_MS = 5000;

export default {
  id: 'nodes',
  title: 'Nodes',
  icon: '⬡',
  /**
   * @param {HTMLElement} el
   * @param {import('../app.js').ViewContext} ctx
   */
  mount(el, ctx) {
    const { gw, protocol: P } = ctx;
    useStyles();
    const life = new Lifetime();
    const st = status();
    const listEl = h('div', { class: 'nodes-list' });
    const detailEl = h('section', { class: 'node-detail', 'aria-live': 'polite', 'aria-label': 'Node details' });
    replace(el, h('section', { class: 'nodes', 'aria-labelledby': 'nodes-h' },
      h('header', { class: 'view-head' },
        h('h2', { id: 'nodes-h' }, 'Nodes'),
        h('div', { class: 'toolbar' }, button('Refresh', () => load(), { ariaLabel: 'Refresh nodes' }))),
      st.el, listEl, detailEl));

    /** @type {string|null} */
    let selected = null;
    let loads = 0;
    let shown = '';

    async function load() {
      const n = ++loads;
      try {
        const res = await gw.request(P.Method.NodeList, {});
        if (life.ended || n !== loads) return;
        st.clear();
        // Re-render only on change, so polling keeps the keyboard focus.
        const key = JSON.stringify([selected, res.nodes]);
        if (key === shown) return;
        shown = key;
        replace(listEl, nodeTable(res.nodes || []));
      } catch (err) {
        if (!life.ended) st.error(err);
      }
    }

    /** @param {KnownNode[]} nodes */
    function nodeTable(nodes) {
      /** @typedef {KnownNode} N */
      return table({
        caption: 'Nodes',
        columns: [
          { title: 'Node', render: (/** @type {N} */ n) => h('div', null, h('strong', null, n.displayName || n.clientId || 'node'), ' ', shortId(n.nodeId)) },
          { title: 'Platform', render: (/** @type {N} */ n) => `${n.platform || '—'}${n.version ? ` · ${n.version}` : ''}` },
          { title: 'State', render: (/** @type {N} */ n) => h('div', { class: 'badges' },
            h('span', { class: n.connected ? 'badge live' : 'badge' }, n.connected ? 'connected' : 'offline'),
            n.paired ? h('span', { class: 'badge' }, 'paired') : null,
            n.approvalState && n.approvalState !== P.Enum.NodeApprovalState.Approved ? h('span', { class: 'badge warn' }, n.approvalState) : null) },
          { title: 'Commands', render: (/** @type {N} */ n) => String((n.commands || []).length) },
          { title: 'Last seen', render: (/** @type {N} */ n) => when(n.lastSeenAtMs) },
          { title: 'Details', render: (/** @type {N} */ n) => button('Open', () => open(n.nodeId), { ariaLabel: `Open node ${n.displayName || n.nodeId}` }) },
        ],
        rows: nodes,
        rowKey: (/** @type {N} */ n) => n.nodeId,
        empty: 'No node has connected yet. Run `gatewire node run` on a machine to add one.',
      });
    }

    /** @param {string} nodeId */
    async function open(nodeId) {
      selected = nodeId;
      replace(detailEl, h('p', { role: 'status' }, 'Loading node…'));
      try {
        const n = await gw.request(P.Method.NodeDescribe, { nodeId });
        if (life.ended || selected !== nodeId) return;
        shown = '';
        replace(detailEl, ...detail(n));
        load();
      } catch (err) {
        if (!life.ended) replace(detailEl, h('p', { class: 'error', role: 'alert' }, errorText(err)));
      }
    }

    /** @param {KnownNode} n */
    function detail(n) {
      const pendingCmds = n.pendingDeclaredCommands || [];
      return [
        h('h3', { id: 'node-detail-h' }, n.displayName || n.clientId || 'node', ' ', shortId(n.nodeId)),
        h('dl', { class: 'facts' },
          h('dt', null, 'Node id'), h('dd', null, h('code', {}, n.nodeId)),
          h('dt', null, 'Platform'), h('dd', null, `${n.platform || '—'}${n.deviceFamily ? ` (${n.deviceFamily})` : ''}`),
          h('dt', null, 'Version'), h('dd', null, n.version || '—'),
          h('dt', null, 'Client'), h('dd', null, `${n.clientId || '—'}${n.clientMode ? ` (${n.clientMode})` : ''}`),
          h('dt', null, 'Address'), h('dd', null, n.remoteIp || '—'),
          h('dt', null, 'Connected'), h('dd', null, n.connected ? when(n.connectedAtMs) : 'no'),
          h('dt', null, 'Capabilities'), h('dd', null, joined(n.caps)),
          h('dt', null, 'Commands'), h('dd', { class: 'node-commands' }, joined(n.commands)),
          n.permissions ? h('dt', null, 'Permissions') : null,
          n.permissions ? h('dd', null, joined(Object.entries(n.permissions).map(([k, v]) => `${k}: ${v ? 'yes' : 'no'}`))) : null),
        pendingCmds.length || n.approvalState === P.Enum.NodeApprovalState.PendingApproval
          || n.approvalState === P.Enum.NodeApprovalState.PendingReapproval ? approvalBox(n, pendingCmds) : null,
        invokeForm(n),
      ];
    }

    /**
     * approvalBox offers to approve the command surface a node declared.
     * @param {KnownNode} n
     * @param {string[]} cmds
     */
    function approvalBox(n, cmds) {
      return h('div', { class: 'callout warn', role: 'note' },
        h('p', null, cmds.length ? `This node waits for approval of its commands: ${joined(cmds)}.`
          : 'This node waits for an operator to approve its command surface.'),
        button('Approve commands', async () => {
          try {
            const list = await gw.request(P.Method.NodePairList, {});
            const req = (list.pending || []).find((/** @type {any} */ p) =>
              p.requestId === n.pendingRequestId || p.nodeId === n.nodeId);
            if (!req) throw new Error('no pending request for this node');
            await gw.request(P.Method.NodePairApprove, { requestId: req.requestId });
            ctx.notify(`Approved the commands of ${n.displayName || n.nodeId}.`, 'success');
          } catch (err) {
            ctx.notify(`Could not approve: ${errorText(err)}`, 'error');
          }
          await open(n.nodeId);
        }, { kind: 'primary', ariaLabel: `Approve the commands of ${n.displayName || n.nodeId}` }));
    }

    /** @param {KnownNode} n */
    function invokeForm(n) {
      const cmds = n.commands || [];
      const command = /** @type {HTMLInputElement} */ (h('input', {
        id: 'invoke-command', name: 'command', required: true, list: 'invoke-commands', autocomplete: 'off',
        value: cmds[0] || '', placeholder: 'e.g. system.which',
      }));
      const params = /** @type {HTMLTextAreaElement} */ (h('textarea', {
        id: 'invoke-params', name: 'params', rows: '4', spellcheck: 'false', placeholder: '{"bins": ["git"]}',
      }));
      const timeout = /** @type {HTMLInputElement} */ (h('input', {
        id: 'invoke-timeout', name: 'timeoutMs', type: 'number', min: '1', step: '1', value: '30000',
      }));
      const out = h('div', { class: 'invoke-result', 'aria-live': 'polite', 'aria-label': 'Invoke result' });
      const submit = /** @type {HTMLButtonElement} */ (h('button', { type: 'submit', class: 'btn primary' }, 'Invoke'));
      const form = /** @type {HTMLFormElement} */ (h('form', { class: 'invoke', 'aria-labelledby': 'invoke-h' },
        h('h4', { id: 'invoke-h' }, 'Invoke a command'),
        h('label', { for: 'invoke-command' }, 'Command'), command,
        h('datalist', { id: 'invoke-commands' }, ...cmds.map((c) => h('option', { value: c }))),
        h('label', { for: 'invoke-params' }, 'Params (JSON, optional)'), params,
        h('label', { for: 'invoke-timeout' }, 'Timeout (ms)'), timeout,
        h('div', { class: 'actions' }, submit), out));
      form.addEventListener('submit', async (e) => {
        e.preventDefault();
        /** @type {Record<string, unknown>} */
        const req = { nodeId: n.nodeId, command: command.value.trim(), idempotencyKey: newKey() };
        if (params.value.trim()) {
          try {
            req.params = JSON.parse(params.value);
          } catch (err) {
            replace(out, h('p', { class: 'error', role: 'alert' }, `Params are not JSON: ${/** @type {Error} */ (err).message}`));
            return;
          }
        }
        const ms = Number(timeout.value);
        if (Number.isInteger(ms) && ms > 0) req.timeoutMs = ms;
        submit.disabled = true;
        replace(out, h('p', { role: 'status' }, `Running ${req.command}…`));
        try {
          // The page waits for the node's own timeout, and a little more.
          const res = await gw.request(P.Method.NodeInvoke, req, { timeoutMs: (Number(req.timeoutMs) || 30000) + 5000 });
          replace(out, h('p', { class: 'ok' }, `${res.command} answered:`),
            pretty(res.payload !== undefined ? res.payload : res.payloadJSON, 'Node answer'));
        } catch (err) {
          replace(out, h('p', { class: 'error', role: 'alert' }, errorText(err)),
            /** @type {any} */ (err).details ? pretty(/** @type {any} */ (err).details, 'Error details') : null);
        } finally {
          submit.disabled = false;
        }
      });
      return form;
    }

    life.add(gw.on(P.Event.NodePairResolved, () => load()));
    life.add(gw.on(P.Event.NodePairRequested, () => load()));
    st.busy('Loading nodes…');
    life.every(POLL_MS, load);
    return () => life.end();
  },
};
