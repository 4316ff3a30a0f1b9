// The view registry: the views in navigation order. Each module's default
// export is {id, title, icon?, mount(el, ctx)}, and mount returns the
// view's unmount function (see app.js for ctx).

import overview from './overview.js';
import chat from './chat.js';
import sessions from './sessions.js';
import nodes from './nodes.js';
import devices from './devices.js';
import approvals from './approvals.js';
import config from './config.js';
import logs from './logs.js';

/** @type {import('../app.js').View[]} */
export const views = [
  overview,
  chat,
  sessions,
  nodes,
  devices,
  approvals,
  config,
  logs,
];
