// The devices view: pending pairing requests (approve or reject) and the
// paired devices with their role tokens (rotate or revoke a token, remove
// a device). It reloads on device.pair.requested and device.pair.resolved.

import { button, confirmDialog, h, replace, table } from '../ui.js';
import { Lifetime, errorText, joined, shortId, status, useStyles, when } from './kit.js';

/** @typedef {import('../protocol/types.js').PendingDeviceRequest} PendingDeviceRequest */
/** @typedef {import('../protocol/types.js').PairedDevice} PairedDevice */
/** @typedef {import('../protocol/types.js').DeviceTokenSummary} DeviceTokenSummary */

export default {
  id: 'devices',
  title: 'Devices',
  icon: '⌘',
  /**
   * @param {HTMLElement} el
   * @param {import('../app.js').ViewContext} ctx
   */
  mount(el, ctx) {
    const { gw, protocol: P } = ctx;
    useStyles();
    const life = new Lifetime();
    const st = status();
    const pendingEl = h('div', { class: 'devices-pending' });
    const pairedEl = h('div', { class: 'devices-paired' });
    replace(el, h('section', { class: 'devices', 'aria-labelledby': 'devices-h' },
      h('header', { class: 'view-head' },
        h('h2', { id: 'devices-h' }, 'Devices'),
        h('div', { class: 'toolbar' }, button('Refresh', () => load(), { ariaLabel: 'Refresh devices' }))),
      st.el,
      h('section', { 'aria-labelledby': 'devices-pending-h' }, h('h3', { id: 'devices-pending-h' }, 'Pending requests'), pendingEl),
      h('section', { 'aria-labelledby': 'devices-paired-h' }, h('h3', { id: 'devices-paired-h' }, 'Paired devices'), pairedEl)));

    let loads = 0;
    async function load() {
      const n = ++loads;
      try {
        const res = await gw.request(P.Method.DevicePairList, {});
        if (life.ended || n !== loads) return;
        st.clear();
        replace(pendingEl, pendingTable(res.pending || []));
        replace(pairedEl, ...pairedList(res.paired || []));
      } catch (err) {
        if (!life.ended) st.error(err);
      }
    }

    /** @param {PendingDeviceRequest[]} list */
    function pendingTable(list) {
      /** @typedef {PendingDeviceRequest} R */
      return table({
        caption: 'Pending device requests',
        columns: [
          { title: 'Device', render: (/** @type {R} */ p) => h('div', null, p.displayName ? h('strong', null, p.displayName) : null, ' ',
            shortId(p.deviceId), p.isRepair ? h('span', { class: 'badge' }, 'repair') : null) },
          { title: 'Client', render: (/** @type {R} */ p) => `${p.clientId || '—'}${p.clientMode ? ` (${p.clientMode})` : ''}${p.platform ? ` · ${p.platform}` : ''}` },
          { title: 'Asks for', render: (/** @type {R} */ p) => h('div', null,
            h('div', null, `roles: ${joined(p.roles || (p.role ? [p.role] : []))}`), h('div', null, `scopes: ${joined(p.scopes)}`)) },
          { title: 'From', render: (/** @type {R} */ p) => p.remoteIp || '—' },
          { title: 'Requested', render: (/** @type {R} */ p) => when(p.ts) },
          { title: 'Decision', render: (/** @type {R} */ p) => h('div', { class: 'actions' },
            button('Approve', () => decide(p, 'approve'), { kind: 'primary', ariaLabel: `Approve device ${p.displayName || p.deviceId}` }),
            button('Reject', () => decide(p, 'reject'), { kind: 'danger', ariaLabel: `Reject device ${p.displayName || p.deviceId}` })) },
        ],
        rows: list,
        rowKey: (/** @type {R} */ p) => p.deviceId,
        empty: 'No device is waiting for approval.',
      });
    }

    /**
     * @param {PendingDeviceRequest} p
     * @param {'approve'|'reject'} what
     */
    async function decide(p, what) {
      const name = p.displayName || p.deviceId;
      if (what === 'reject' && !(await confirmDialog(`Reject the pairing request of ${name}?`, { title: 'Reject device', confirmLabel: 'Reject', danger: true }))) return;
      try {
        await gw.request(what === 'approve' ? P.Method.DevicePairApprove : P.Method.DevicePairReject, { requestId: p.requestId });
        ctx.notify(what === 'approve' ? `Approved ${name}.` : `Rejected ${name}.`, 'success');
      } catch (err) {
        ctx.notify(`Could not ${what} ${name}: ${errorText(err)}`, 'error');
      }
      await load();
    }

    /** @param {PairedDevice[]} list */
    function pairedList(list) {
      if (list.length === 0) return [h('p', { class: 'empty' }, 'No paired devices.')];
      return list.map((d) => h('article', { class: 'card device', 'data-device-id': d.deviceId, 'aria-label': `Device ${d.displayName || d.deviceId}` },
        h('header', null,
          h('h4', null, d.displayName || d.clientId || 'device', ' ', shortId(d.deviceId)),
          isSelf(d) ? h('span', { class: 'badge' }, 'this browser') : null,
          d.connected ? h('span', { class: 'badge live' }, 'connected') : null,
          button('Remove', () => remove(d), { kind: 'danger', ariaLabel: `Remove device ${d.displayName || d.deviceId}` })),
        h('dl', { class: 'facts' },
          h('dt', null, 'Client'), h('dd', null, `${d.clientId || '—'}${d.clientMode ? ` (${d.clientMode})` : ''}`),
          h('dt', null, 'Platform'), h('dd', null, d.platform || '—'),
          h('dt', null, 'Roles'), h('dd', null, joined(d.roles)),
          h('dt', null, 'Scopes'), h('dd', null, joined(d.scopes)),
          h('dt', null, 'Approved'), h('dd', null, when(d.approvedAtMs)),
          h('dt', null, 'Last seen'), h('dd', null, when(d.lastSeenAtMs))),
        tokenTable(d)));
    }

    /** @param {PairedDevice} d */
    function tokenTable(d) {
      const who = d.displayName || d.deviceId;
      /** @typedef {DeviceTokenSummary} T */
      return table({
        caption: `Tokens of ${who}`,
        columns: [
          { title: 'Role', render: (/** @type {T} */ t) => t.role },
          { title: 'Scopes', render: (/** @type {T} */ t) => joined(t.scopes) },
          { title: 'Issued', render: (/** @type {T} */ t) => when(t.createdAtMs) },
          { title: 'Rotated', render: (/** @type {T} */ t) => when(t.rotatedAtMs) },
          { title: 'State', render: (/** @type {T} */ t) => (t.revokedAtMs ? h('span', { class: 'badge' }, 'revoked') : 'active') },
          { title: 'Actions', render: (/** @type {T} */ t) => h('div', { class: 'actions' },
            button('Rotate', () => rotate(d, t), { ariaLabel: `Rotate ${t.role} token of ${who}` }),
            t.revokedAtMs ? null : button('Revoke', () => revoke(d, t), { kind: 'danger', ariaLabel: `Revoke ${t.role} token of ${who}` })) },
        ],
        rows: d.tokens || [],
        rowKey: (/** @type {T} */ t) => t.role,
        empty: 'No tokens.',
      });
    }

    /** @param {PairedDevice} d */
    function isSelf(d) {
      const own = gw.device && gw.device.deviceId;
      return typeof own === 'string' && own === d.deviceId;
    }

    /**
     * @param {PairedDevice} d
     * @param {DeviceTokenSummary} t
     */
    async function rotate(d, t) {
      const name = d.displayName || d.deviceId;
      if (!(await confirmDialog(`Rotate the ${t.role} token of ${name}? Its ${t.role} connections are closed and must reconnect.`,
        { title: 'Rotate token', confirmLabel: 'Rotate', danger: true }))) return;
      try {
        const res = await gw.request(P.Method.DeviceTokenRotate, { deviceId: d.deviceId, role: t.role });
        ctx.notify(`Rotated the ${t.role} token of ${name}${res.token ? '' : '; the device gets its new token when it pairs again'}.`, 'success');
      } catch (err) {
        ctx.notify(`Could not rotate the ${t.role} token of ${name}: ${errorText(err)}`, 'error');
      }
      await load();
    }

    /**
     * @param {PairedDevice} d
     * @param {DeviceTokenSummary} t
     */
    async function revoke(d, t) {
      const name = d.displayName || d.deviceId;
      if (!(await confirmDialog(`Revoke the ${t.role} token of ${name}? Its ${t.role} connections are closed.`,
        { title: 'Revoke token', confirmLabel: 'Revoke', danger: true }))) return;
      try {
        await gw.request(P.Method.DeviceTokenRevoke, { deviceId: d.deviceId, role: t.role });
        ctx.notify(`Revoked the ${t.role} token of ${name}.`, 'success');
      } catch (err) {
        ctx.notify(`Could not revoke the ${t.role} token of ${name}: ${errorText(err)}`, 'error');
      }
      await load();
    }

    /** @param {PairedDevice} d */
    async function remove(d) {
      const name = d.displayName || d.deviceId;
      if (!(await confirmDialog(`Remove ${name}? It must pair again to connect.`, { title: 'Remove device', confirmLabel: 'Remove', danger: true }))) return;
      try {
        await gw.request(P.Method.DevicePairRemove, { deviceId: d.deviceId });
        ctx.notify(`Removed ${name}.`, 'success');
      } catch (err) {
        ctx.notify(`Could not remove ${name}: ${errorText(err)}`, 'error');
      }
      await load();
    }

    const reload = life.debounce(100, load);
    life.add(gw.on(P.Event.DevicePairRequested, reload));
    life.add(gw.on(P.Event.DevicePairResolved, reload));
    st.busy('Loading devices…');
    load();
    return () => life.end();
  },
};
