// A small, safe Markdown renderer for model output: it builds DOM nodes
// with createElement and text nodes only (never HTML from the text), so
// whatever the model writes — tags, scripts, event handler attributes —
// shows as text. Supported: paragraphs, headings, fenced and indented
// code, lists, block quotes, rules, inline code, bold, italic, strike and
// links (http, https and mailto only; they open in a new tab without a
// referrer).

/**
 * render turns Markdown text into a fragment of DOM nodes.
 * @param {string} text
 * @returns {DocumentFragment}
 */
export function render(text) {
  const out = document.createDocumentFragment();
  const lines = String(text || '').replace(/\r\n?/g, '\n').split('\n');
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    const fence = /^\s*(```|~~~)\s*([\w+-]*)\s*$/.exec(line);
    if (fence) {
      const body = [];
      i++;
      while (i < lines.length && !lines[i].trim().startsWith(fence[1])) {
        body.push(lines[i++]);
      }
      i++;
      out.appendChild(codeBlock(body.join('\n'), fence[2]));
      continue;
    }
    if (!line.trim()) {
      i++;
      continue;
    }
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    if (heading) {
      const el = document.createElement(`h${Math.min(6, heading[1].length + 2)}`);
      inline(el, heading[2].replace(/\s+#+\s*$/, ''));
      out.appendChild(el);
      i++;
      continue;
    }
    if (/^\s*([-*_])(\s*\1){2,}\s*$/.test(line)) {
      out.appendChild(document.createElement('hr'));
      i++;
      continue;
    }
    if (/^\s*>/.test(line)) {
      const body = [];
      while (i < lines.length && /^\s*>/.test(lines[i])) {
        body.push(lines[i++].replace(/^\s*>\s?/, ''));
      }
      const q = document.createElement('blockquote');
      q.appendChild(render(body.join('\n')));
      out.appendChild(q);
      continue;
    }
    const item = listItem(line);
    if (item) {
      const list = document.createElement(item.ordered ? 'ol' : 'ul');
      while (i < lines.length) {
        const it = listItem(lines[i]);
        if (!it || it.ordered !== item.ordered) {
          break;
        }
        const li = document.createElement('li');
        inline(li, it.text);
        list.appendChild(li);
        i++;
      }
      out.appendChild(list);
      continue;
    }
    if (/^( {4}|\t)/.test(line)) {
      const body = [];
      while (i < lines.length && (/^( {4}|\t)/.test(lines[i]) || !lines[i].trim())) {
        body.push(lines[i++].replace(/^( {4}|\t)/, ''));
      }
      out.appendChild(codeBlock(body.join('\n').replace(/\n+$/, ''), ''));
      continue;
    }
    const para = [];
    while (i < lines.length && lines[i].trim() && !startsBlock(lines[i])) {
      para.push(lines[i++]);
    }
    if (!para.length) {
      para.push(lines[i++]);
    }
    const p = document.createElement('p');
    para.forEach((l, n) => {
      if (n > 0) {
        p.appendChild(document.createElement('br'));
      }
      inline(p, l);
    });
    out.appendChild(p);
  }
  return out;
}

/**
 * @param {string} line
 * @returns {boolean}
 */
function startsBlock(line) {
  return /^\s*(```|~~~)/.test(line) || /^#{1,6}\s/.test(line) || /^\s*>/.test(line) || !!listItem(line);
}

/**
 * @param {string} line
 * @returns {{ordered: boolean, text: string}|null}
 */
function listItem(line) {
  const m = /^\s{0,3}([-*+]|\d{1,9}[.)])\s+(.*)$/.exec(line);
  return m ? { ordered: /\d/.test(m[1]), text: m[2] } : null;
}

/**
 * @param {string} code
 * @param {string} lang
 * @returns {HTMLElement}
 */
function codeBlock(code, lang) {
  const pre = document.createElement('pre');
  const c = document.createElement('code');
  if (lang) {
    c.dataset.lang = lang;
  }
  c.textContent = code;
  pre.appendChild(c);
  return pre;
}

/** The inline constructs, tried in order at each position. */
/** @typedef {{re: RegExp, link?: boolean, make: (m: RegExpExecArray, links: boolean) => Node}} InlineRule */
/** @type {InlineRule[]} */
const INLINE = [
  { re: /^`([^`]+)`/, make: (m) => el('code', m[1], false, false) },
  { re: /^\*\*(?=\S)([\s\S]*?\S)\*\*/, make: (m, links) => el('strong', m[1], true, links) },
  { re: /^__(?=\S)([\s\S]*?\S)__/, make: (m, links) => el('strong', m[1], true, links) },
  { re: /^~~(?=\S)([\s\S]*?\S)~~/, make: (m, links) => el('del', m[1], true, links) },
  { re: /^\*(?=\S)([\s\S]*?\S)\*/, make: (m, links) => el('em', m[1], true, links) },
  { re: /^_(?=\S)([\s\S]*?\S)_(?!\w)/, make: (m, links) => el('em', m[1], true, links) },
  { re: /^\[([^\]]+)\]\(([^()\s]+)\)/, link: true, make: (m) => link(m[1], m[2]) },
  { re: /^<?(https?:\/\/[^\s<>]+[^\s<>.,;:!?)'"])>?/, link: true, make: (m) => link(m[1], m[1]) },
];

/**
 * inline appends the inline Markdown of text to parent; inside a link
 * (links false) no further link is made.
 * @param {Node} parent
 * @param {string} text
 * @param {boolean} [links]
 */
function inline(parent, text, links = true) {
  let plain = '';
  let i = 0;
  const flush = () => {
    if (plain) {
      parent.appendChild(document.createTextNode(plain));
      plain = '';
    }
  };
  while (i < text.length) {
    const rest = text.slice(i);
    if (rest[0] === '\\' && rest.length > 1 && /[\\`*_~[\]()#>-]/.test(rest[1])) {
      plain += rest[1];
      i += 2;
      continue;
    }
    const hit = INLINE.filter((x) => links || !x.link).map((x) => ({ m: x.re.exec(rest), make: x.make })).find((x) => x.m);
    if (hit && hit.m && (i === 0 || !/\w/.test(text[i - 1]) || hit.m[0][0] === '`' || hit.m[0][0] === '*')) {
      flush();
      parent.appendChild(hit.make(hit.m, links));
      i += hit.m[0].length;
      continue;
    }
    plain += rest[0];
    i++;
  }
  flush();
}

/**
 * @param {string} tag
 * @param {string} text
 * @param {boolean} nested - whether inline Markdown applies inside.
 * @param {boolean} links - whether links may be made inside.
 * @returns {HTMLElement}
 */
function el(tag, text, nested, links) {
  const e = document.createElement(tag);
  if (nested) {
    inline(e, text, links);
  } else {
    e.textContent = text;
  }
  return e;
}

/**
 * link is an anchor for safe URL schemes; any other URL stays text.
 * @param {string} text
 * @param {string} url
 * @returns {Node}
 */
function link(text, url) {
  let u;
  try {
    u = new URL(url);
  } catch {
    return document.createTextNode(text === url ? url : `${text} (${url})`);
  }
  if (!['http:', 'https:', 'mailto:'].includes(u.protocol)) {
    return document.createTextNode(text === url ? url : `${text} (${url})`);
  }
  const a = document.createElement('a');
  a.href = u.href;
  a.target = '_blank';
  a.rel = 'noopener noreferrer';
  inline(a, text, false);
  return a;
}
