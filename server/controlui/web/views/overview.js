// Overview: the gateway's health, version, uptime and the clients present
// (live from the presence and health events).

import { card, errorBox, formatAgo, formatDuration, h, replace, table } from '../ui.js';

/** @typedef {import('../protocol/types.js').PresenceEntry} PresenceEntry */
/** @typedef {import('../protocol/types.js').HealthSummary} HealthSummary */

export default {
  id: 'overview',
  title: 'Overview',
  icon: '◉',
  /**
   * @param {HTMLElement} el
   * @param {import('../app.js').ViewContext} ctx
   * @returns {() => void}
   */
  mount(el, ctx) {
    const { gw, protocol } = ctx;
    const hello = /** @type {import('../protocol/types.js').HelloOk} */ (gw.hello);
    const startedAt = Date.now() - hello.snapshot.uptimeMs;
    /** @type {PresenceEntry[]} */
    let presence = hello.snapshot.presence || [];
    /** @type {HealthSummary|null} */
    let health = isHealth(hello.snapshot.health) ? /** @type {HealthSummary} */ (hello.snapshot.health) : null;
    /** @type {any} */
    let healthError = null;

    const stats = h('div', { class: 'grid', id: 'overview-stats' });
    const healthBox = h('div', { id: 'overview-health' });
    const presenceBox = h('div', { id: 'overview-presence' });
    replace(el,
      h('h1', null, 'Overview'),
      stats,
      card('Health', healthBox),
      card('Connected clients', presenceBox));

    const renderStats = () => replace(stats,
      stat('Status', health ? (health.ok ? 'OK' : 'Degraded') : healthError ? 'Unknown' : '…', 'overview-status'),
      stat('Version', hello.server.version, 'overview-version'),
      stat('Uptime', formatDuration(Date.now() - startedAt), 'overview-uptime'),
      stat('Protocol', String(gw.protocol), 'overview-protocol'),
      stat('Clients', String(presence.filter((p) => p.mode !== 'gateway').length), 'overview-clients'));

    const renderHealth = () => {
      if (healthError) {
        replace(healthBox, errorBox(healthError));
        return;
      }
      if (!health) {
        replace(healthBox, h('p', { class: 'loading', role: 'status' }, 'Checking health…'));
        return;
      }
      replace(healthBox,
        h('dl', { class: 'facts' },
          h('dt', null, 'Checked'), h('dd', null, formatAgo(health.ts)),
          h('dt', null, 'Default agent'), h('dd', null, health.defaultAgentId || '–'),
          h('dt', null, 'Sessions'), h('dd', null, String(health.sessions ? health.sessions.count : 0)),
          h('dt', null, 'Heartbeat'), h('dd', null, health.heartbeatSeconds ? `every ${formatDuration(health.heartbeatSeconds * 1000)}` : 'off'),
          h('dt', null, 'Channels'), h('dd', null, (health.channelOrder || []).length ? health.channelOrder.join(', ') : 'none configured')),
        table({
          caption: 'Agents',
          rows: health.agents || [],
          empty: 'No agents.',
          columns: [
            { title: 'Agent', render: (a) => a.name ? `${a.name} (${a.agentId})` : a.agentId },
            { title: 'Default', render: (a) => (a.isDefault ? 'yes' : '') },
            { title: 'Sessions', render: (a) => String(a.sessions ? a.sessions.count : 0) },
          ],
        }));
    };

    const renderPresence = () => replace(presenceBox, table({
      rows: presence,
      empty: 'Nobody is connected.',
      rowKey: (p) => p.instanceId || p.deviceId || p.host || '',
      columns: [
        { title: 'Client', render: (p) => p.text || p.host || p.instanceId || '–' },
        { title: 'Mode', key: 'mode' },
        { title: 'Platform', key: 'platform' },
        { title: 'Version', key: 'version' },
        { title: 'Address', key: 'ip' },
        { title: 'Seen', render: (p) => formatAgo(p.ts) },
      ],
    }));

    const all = () => {
      renderStats();
      renderHealth();
      renderPresence();
    };
    all();

    let alive = true;
    gw.request(protocol.Method.Health, {}).then((r) => {
      health = r;
      healthError = null;
    }, (err) => {
      healthError = err;
    }).finally(() => alive && all());
    gw.request(protocol.Method.SystemPresence, {}).then((r) => {
      presence = r;
      if (alive) {
        all();
      }
    }, (err) => ctx.notify(`Presence: ${err.message}`, 'error'));

    const offs = [
      gw.on(protocol.Event.Presence, (p) => {
        presence = p.presence || [];
        all();
      }),
      gw.on(protocol.Event.Health, (p) => {
        if (isHealth(p)) {
          health = p;
          healthError = null;
          all();
        }
      }),
    ];
    const ticker = window.setInterval(renderStats, 1000);
    return () => {
      alive = false;
      window.clearInterval(ticker);
      offs.forEach((off) => off());
    };
  },
};

/**
 * @param {unknown} v
 * @returns {boolean}
 */
function isHealth(v) {
  return !!v && typeof v === 'object' && 'ok' in /** @type {object} */ (v);
}

/**
 * @param {string} label
 * @param {string} value
 * @param {string} id
 * @returns {HTMLElement}
 */
function stat(label, value, id) {
  return h('div', { class: 'stat' }, h('div', { class: 'label' }, label), h('div', { class: 'value', id }, value));
}
