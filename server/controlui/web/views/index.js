// The view registry: the views in navigation order. Each module's default
// export is {id, title, icon?, mount(el, ctx)}, and mount returns the
// view's unmount function (see app.js for ctx).

import overview from './overview.js';
import chat from './chat.js';

/** @type {import('../app.js').View[]} */
export const views = [
  overview,
  chat,
];
