// Chat (WebChat): written next; this placeholder keeps the registry whole.
export default {
  id: 'chat',
  title: 'Chat',
  icon: '✉',
  /** @param {HTMLElement} el */
  mount(el) {
    el.textContent = 'Chat is coming.';
    return () => {};
  },
};
