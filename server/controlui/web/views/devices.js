// The devices view: pending pairing requests (approve or reject) and the
// paired devices with their role tokens (rotate or revoke a token, remove
// a device). It reloads on device.pair.requested and device.pair.resolved.

import { h } from '../ui.js';
import { Lifetime, button, confirmed, errorText, fill, joined, shortId, status, table, when } from './kit.js';

/** @typedef {import('../protocol/types.js').PendingDeviceRequest} PendingDeviceRequest */
/** @typedef {import('../protocol/types.js').PairedDevice} PairedDevice */
/** @typedef {import('../protocol/types.js').DeviceTokenSummary} DeviceTokenSummary */

export default {
  id: 'devices',
  title: 'Devices',
  icon: '🔑',
  /**
   * @param {HTMLElement} el
   * @param {any} ctx
   */
  mount(el, ctx) {
    const { gw, protocol: P } = ctx;
    const life = new Lifetime();
    const st = status();
    const pendingEl = h('div', { class: 'devices-pending' });
    const pairedEl = h('div', { class: 'devices-paired' });
    fill(el, h('section', { class: 'view devices', 'aria-labelledby': 'devices-h' },
      h('header', { class: 'view-head' },
        h('h2', { id: 'devices-h' }, 'Devices'),
        h('div', { class: 'toolbar' }, button('Refresh', () => load(), { 'aria-label': 'Refresh devices' }))),
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
        fill(pendingEl, pendingTable(res.pending || []));
        fill(pairedEl, ...pairedList(res.paired || []));
      } catch (err) {
        if (!life.ended) st.error(err);
      }
    }

    /** @param {PendingDeviceRequest[]} list */
    function pendingTable(list) {
      return table('Pending device requests', ['Device', 'Client', 'Asks for', 'From', 'Requested', 'Decision'],
        list.map((p) => ({
          attrs: { 'data-request-id': p.requestId, 'data-device-id': p.deviceId },
          cells: [
            h('div', {}, p.displayName ? h('strong', {}, p.displayName) : null, shortId(p.deviceId),
              p.isRepair ? h('span', { class: 'badge' }, 'repair') : null),
            `${p.clientId || '—'}${p.clientMode ? ` (${p.clientMode})` : ''}${p.platform ? ` · ${p.platform}` : ''}`,
            h('div', {}, h('div', {}, `roles: ${joined(p.roles || (p.role ? [p.role] : []))}`), h('div', {}, `scopes: ${joined(p.scopes)}`)),
            p.remoteIp || '—',
            when(p.ts),
            h('div', { class: 'actions' },
              button('Approve', () => decide(p, 'approve'), { class: 'primary', 'aria-label': `Approve device ${p.displayName || p.deviceId}` }),
              button('Reject', () => decide(p, 'reject'), { class: 'danger', 'aria-label': `Reject device ${p.displayName || p.deviceId}` })),
          ],
        })), 'No device is waiting for approval.');
    }

    /**
     * @param {PendingDeviceRequest} p
     * @param {'approve'|'reject'} what
     */
    async function decide(p, what) {
      const name = p.displayName || p.deviceId;
      if (what === 'reject' && !(await confirmed(`Reject the pairing request of ${name}?`, 'Reject'))) return;
      try {
        await gw.request(what === 'approve' ? P.Method.DevicePairApprove : P.Method.DevicePairReject, { requestId: p.requestId });
        ctx.notify(what === 'approve' ? `Approved ${name}.` : `Rejected ${name}.`, 'info');
      } catch (err) {
        ctx.notify(`Could not ${what} ${name}: ${errorText(err)}`, 'error');
      }
      await load();
    }

    /** @param {PairedDevice[]} list */
    function pairedList(list) {
      if (list.length === 0) return [h('p', { class: 'empty' }, 'No paired devices.')];
      return list.map((d) => h('article', { class: 'card device', 'data-device-id': d.deviceId, 'aria-label': `Device ${d.displayName || d.deviceId}` },
        h('header', {},
          h('h4', {}, d.displayName || d.clientId || 'device', ' ', shortId(d.deviceId)),
          isSelf(d) ? h('span', { class: 'badge' }, 'this browser') : null,
          d.connected ? h('span', { class: 'badge live' }, 'connected') : null,
          button('Remove', () => remove(d), { class: 'danger', 'aria-label': `Remove device ${d.displayName || d.deviceId}` })),
        h('dl', {},
          h('dt', {}, 'Client'), h('dd', {}, `${d.clientId || '—'}${d.clientMode ? ` (${d.clientMode})` : ''}`),
          h('dt', {}, 'Platform'), h('dd', {}, d.platform || '—'),
          h('dt', {}, 'Roles'), h('dd', {}, joined(d.roles)),
          h('dt', {}, 'Scopes'), h('dd', {}, joined(d.scopes)),
          h('dt', {}, 'Approved'), h('dd', {}, when(d.approvedAtMs)),
          h('dt', {}, 'Last seen'), h('dd', {}, when(d.lastSeenAtMs))),
        tokenTable(d)));
    }

    /** @param {PairedDevice} d */
    function tokenTable(d) {
      return table(`Tokens of ${d.displayName || d.deviceId}`, ['Role', 'Scopes', 'Issued', 'Rotated', 'State', 'Actions'],
        (d.tokens || []).map((t) => ({
          attrs: { 'data-role': t.role },
          cells: [
            t.role, joined(t.scopes), when(t.createdAtMs), when(t.rotatedAtMs),
            t.revokedAtMs ? h('span', { class: 'badge' }, 'revoked') : 'active',
            h('div', { class: 'actions' },
              button('Rotate', () => rotate(d, t), { 'aria-label': `Rotate ${t.role} token of ${d.displayName || d.deviceId}` }),
              t.revokedAtMs ? null
                : button('Revoke', () => revoke(d, t), { class: 'danger', 'aria-label': `Revoke ${t.role} token of ${d.displayName || d.deviceId}` })),
          ],
        })), 'No tokens.');
    }

    /** @param {PairedDevice} d */
    function isSelf(d) {
      const own = gw.deviceId ?? gw.device?.id;
      return typeof own === 'string' && own === d.deviceId;
    }

    /**
     * @param {PairedDevice} d
     * @param {DeviceTokenSummary} t
     */
    async function rotate(d, t) {
      const name = d.displayName || d.deviceId;
      if (!(await confirmed(`Rotate the ${t.role} token of ${name}? Its ${t.role} connections are closed and must reconnect.`, 'Rotate'))) return;
      try {
        const res = await gw.request(P.Method.DeviceTokenRotate, { deviceId: d.deviceId, role: t.role });
        ctx.notify(`Rotated the ${t.role} token of ${name}${res.token ? '' : '; the device gets its new token when it pairs again'}.`, 'info');
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
      if (!(await confirmed(`Revoke the ${t.role} token of ${name}? Its ${t.role} connections are closed.`, 'Revoke'))) return;
      try {
        await gw.request(P.Method.DeviceTokenRevoke, { deviceId: d.deviceId, role: t.role });
        ctx.notify(`Revoked the ${t.role} token of ${name}.`, 'info');
      } catch (err) {
        ctx.notify(`Could not revoke the ${t.role} token of ${name}: ${errorText(err)}`, 'error');
      }
      await load();
    }

    /** @param {PairedDevice} d */
    async function remove(d) {
      const name = d.displayName || d.deviceId;
      if (!(await confirmed(`Remove ${name}? It must pair again to connect.`, 'Remove'))) return;
      try {
        await gw.request(P.Method.DevicePairRemove, { deviceId: d.deviceId });
        ctx.notify(`Removed ${name}.`, 'info');
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
