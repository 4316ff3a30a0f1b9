// Light and dark: the system's choice unless the user picked one with the
// toggle (kept in localStorage as data-theme on <html>).

const KEY = 'gatewire.theme';

/**
 * initTheme applies the kept theme and wires the toggle button.
 * @param {HTMLButtonElement|null} toggle
 * @param {Storage} storage
 */
export function initTheme(toggle, storage) {
  const kept = storage.getItem(KEY);
  if (kept === 'light' || kept === 'dark') {
    document.documentElement.dataset.theme = kept;
  }
  if (!toggle) {
    return;
  }
  const label = () => {
    const dark = current() === 'dark';
    toggle.setAttribute('aria-label', dark ? 'Switch to light theme' : 'Switch to dark theme');
    toggle.textContent = dark ? '☀' : '☾';
  };
  toggle.addEventListener('click', () => {
    const next = current() === 'dark' ? 'light' : 'dark';
    document.documentElement.dataset.theme = next;
    storage.setItem(KEY, next);
    label();
  });
  label();
}

/** @returns {'light'|'dark'} */
function current() {
  const t = document.documentElement.dataset.theme;
  if (t === 'light' || t === 'dark') {
    return t;
  }
  return window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}
