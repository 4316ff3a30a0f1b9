// Chat (WebChat): pick or create a session, read its history, send a
// message and watch the reply stream in, stop a run, see the tool calls.
// Model text is rendered by markdown.js, which builds nodes and never
// parses HTML.

import { render as markdown } from '../markdown.js';
import { button, errorBox, field, h, replace } from '../ui.js';

/** @typedef {import('../protocol/types.js').ChatMessage} ChatMessage */
/** @typedef {import('../protocol/types.js').ChatEvent} ChatEvent */
/** @typedef {import('../protocol/types.js').AgentEvent} AgentEvent */
/** @typedef {import('../protocol/types.js').SessionRow} SessionRow */

/** Markdown that runs every path of the renderer once. */
const WARM_UP = '# h\n\n**b** *i* `c` ~~s~~ [l](https://x.invalid) https://x.invalid\n\n- a\n1. b\n\n> q\n\n```\nc\n```\n\n---';

/** How many messages the history shows. */
const HISTORY_LIMIT = 200;

export default {
  id: 'chat',
  title: 'Chat',
  icon: '✉',
  /**
   * @param {HTMLElement} el
   * @param {import('../app.js').ViewContext} ctx
   * @returns {() => void}
   */
  mount(el, ctx) {
    return new ChatView(el, ctx).unmount;
  },
};

/** ChatView is one mounted chat: one session at a time. */
class ChatView {
  /**
   * @param {HTMLElement} el
   * @param {import('../app.js').ViewContext} ctx
   */
  constructor(el, ctx) {
    this.ctx = ctx;
    this.gw = ctx.gw;
    this.p = ctx.protocol;
    this.alive = true;
    this.sessionKey = ctx.route.rest ? decodeURIComponent(ctx.route.rest) : mainSession(ctx.gw.hello);
    /** @type {Map<string, {bubble: HTMLElement, body: HTMLElement, tools: HTMLElement, text: string}>} runs streaming in this session */
    this.runs = new Map();
    /** @type {Map<string, HTMLElement>} tool call boxes by toolCallId */
    this.tools = new Map();
    /** @type {string|null} the run this page started and that is still going */
    this.activeRun = null;
    this.scrollPending = false;

    this.picker = /** @type {HTMLSelectElement} */ (h('select', { id: 'chat-session', onchange: () => this.switchTo(this.picker.value) }));
    this.log = h('div', { class: 'chat-log', id: 'chat-log', role: 'log', 'aria-live': 'polite', 'aria-label': 'Messages', tabindex: '0' });
    this.input = /** @type {HTMLTextAreaElement} */ (h('textarea', {
      id: 'chat-input', rows: '2', placeholder: 'Message (Enter sends, Shift+Enter for a new line)',
      onkeydown: (/** @type {KeyboardEvent} */ ev) => {
        if (ev.key === 'Enter' && !ev.shiftKey && !ev.isComposing) {
          ev.preventDefault();
          this.send();
        }
      },
    }));
    this.sendBtn = button('Send', () => this.send(), { kind: 'primary' });
    this.sendBtn.id = 'chat-send';
    this.stopBtn = /** @type {HTMLButtonElement} */ (h('button', {
      type: 'button', id: 'chat-stop', class: 'btn danger', disabled: true, onclick: () => this.abort(),
    }, 'Stop'));
    const newBtn = button('New session', () => this.create());
    newBtn.id = 'chat-new';

    this.root = h('div', { class: 'chat' },
      h('div', { class: 'chat-bar' }, h('h1', { class: 'visually-hidden' }, 'Chat'), field('Session', this.picker), newBtn),
      this.log,
      h('form', {
        class: 'chat-compose', 'aria-label': 'Send a message',
        onsubmit: (/** @type {Event} */ ev) => {
          ev.preventDefault();
          this.send();
        },
      }, h('label', { for: 'chat-input', class: 'visually-hidden' }, 'Message'), this.input, this.sendBtn, this.stopBtn));
    replace(el, this.root);

    this.offs = [
      this.gw.on(this.p.Event.Chat, (payload, frame) => this.onChat(payload, frame)),
      this.gw.on(this.p.Event.Agent, (payload) => this.onAgent(payload)),
    ];
    this.unmount = () => {
      this.alive = false;
      this.offs.forEach((off) => off());
    };
    Promise.all([this.loadSessions(), this.loadHistory()]).then(() => {
      this.root.dataset.ready = 'true';
    });
    markdown(WARM_UP); // compiles the renderer's paths now, not on the first streamed event
    this.input.focus();
  }

  /** loadSessions fills the picker from sessions.list (the current key always included). */
  async loadSessions() {
    /** @type {SessionRow[]} */
    let rows = [];
    try {
      const r = await this.gw.request(this.p.Method.SessionsList, { limit: 200, includeDerivedTitles: true });
      rows = r.sessions || [];
    } catch (err) {
      this.ctx.notify(`Sessions: ${/** @type {Error} */ (err).message}`, 'error');
    }
    if (!this.alive) {
      return;
    }
    if (!rows.some((r) => r.key === this.sessionKey)) {
      rows = [{ key: this.sessionKey, kind: 'direct', updatedAt: null }, ...rows];
    }
    replace(this.picker, rows.map((r) => h('option', { value: r.key, selected: r.key === this.sessionKey }, sessionTitle(r))));
  }

  /** loadHistory shows the session's transcript. */
  async loadHistory() {
    const key = this.sessionKey;
    try {
      const r = await this.gw.request(this.p.Method.ChatHistory, { sessionKey: key, limit: HISTORY_LIMIT });
      if (!this.alive || key !== this.sessionKey) {
        return;
      }
      this.runs.clear();
      this.tools.clear();
      replace(this.log, ...renderHistory(r.messages || [], this.tools));
      if (!(r.messages || []).length) {
        this.log.appendChild(h('p', { class: 'empty', id: 'chat-empty' }, 'No messages yet. Say something.'));
      }
      this.scroll();
    } catch (err) {
      if (this.alive) {
        replace(this.log, errorBox(err));
      }
    }
  }

  /**
   * switchTo shows another session (and puts it in the address).
   * @param {string} key
   */
  switchTo(key) {
    if (!key || key === this.sessionKey) {
      return;
    }
    this.sessionKey = key;
    this.activeRun = null;
    this.stopBtn.disabled = true;
    delete this.root.dataset.ready;
    window.history.replaceState(null, '', `${document.baseURI.replace(/[^/]*$/, '')}chat/${encodeURIComponent(key)}`);
    Promise.all([this.loadSessions(), this.loadHistory()]).then(() => {
      this.root.dataset.ready = 'true';
    });
  }

  /** create starts a new session of the default agent, named by the time. */
  create() {
    const agent = agentOf(this.sessionKey) || defaultAgent(this.gw.hello);
    const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-');
    this.switchTo(`agent:${agent}:webchat-${stamp}`);
  }

  /** send posts the typed message to the session. */
  async send() {
    const text = this.input.value.trim();
    if (!text) {
      return;
    }
    const runId = newId();
    this.input.value = '';
    document.getElementById('chat-empty')?.remove();
    this.log.appendChild(messageBubble({ role: 'user', content: [{ type: 'text', text }], timestamp: Date.now() }, this.tools));
    this.scroll();
    this.activeRun = runId;
    this.stopBtn.disabled = false;
    try {
      await this.gw.request(this.p.Method.ChatSend, { sessionKey: this.sessionKey, message: text, idempotencyKey: runId });
    } catch (err) {
      this.activeRun = null;
      this.stopBtn.disabled = true;
      this.log.appendChild(h('div', { class: 'msg assistant error', role: 'alert' }, `Not sent: ${/** @type {Error} */ (err).message}`));
      this.input.value = text;
      this.scroll();
    }
  }

  /** abort stops the session's run. */
  async abort() {
    try {
      /** @type {{sessionKey: string, runId?: string}} */
      const params = { sessionKey: this.sessionKey };
      if (this.activeRun) {
        params.runId = this.activeRun;
      }
      await this.gw.request(this.p.Method.ChatAbort, params);
    } catch (err) {
      this.ctx.notify(`Stop: ${/** @type {Error} */ (err).message}`, 'error');
    }
  }

  /**
   * onChat renders one chat event of the shown session.
   * @param {ChatEvent} ev
   * @param {{seq?: number, receivedAt?: number}} frame
   */
  onChat(ev, frame) {
    if (!ev || !this.shows(ev.sessionKey)) {
      return;
    }
    const S = this.p.Enum.ChatEventState;
    const run = this.run(ev.runId);
    switch (ev.state) {
      case S.Delta: {
        const full = messageText(ev.message);
        run.text = full || (ev.replace ? ev.deltaText || '' : run.text + (ev.deltaText || ''));
        replace(run.body, markdown(run.text));
        run.bubble.classList.add('streaming');
        break;
      }
      case S.Status:
        replace(run.body, h('span', { class: 'loading' }, ev.phase ? `Working (${ev.phase})…` : 'Working…'));
        break;
      case S.Final:
        if (ev.message) {
          run.text = messageText(ev.message);
        }
        replace(run.body, markdown(run.text));
        this.endRun(ev.runId, run);
        break;
      case S.Aborted:
        run.body.appendChild(h('p', { class: 'meta stopped' }, 'Stopped.'));
        this.endRun(ev.runId, run);
        break;
      case S.Error:
        run.bubble.classList.add('error');
        run.body.appendChild(h('p', { role: 'alert' }, ev.errorMessage || 'The run failed.'));
        this.endRun(ev.runId, run);
        break;
      default:
        return;
    }
    this.scroll();
    const n = frame && frame.seq !== undefined ? frame.seq : ev.seq;
    performance.mark(`gw:chat-rendered:${n}`);
    if (frame && frame.receivedAt !== undefined) {
      performance.measure(`gw:chat:${n}`, { start: frame.receivedAt, end: performance.now() });
    }
  }

  /**
   * onAgent shows the tool calls of a run this page started (the tool stream).
   * @param {AgentEvent} ev
   */
  onAgent(ev) {
    if (!ev || !this.shows(ev.sessionKey) || ev.stream !== 'tool') {
      return;
    }
    const d = /** @type {any} */ (ev.data || {});
    const run = this.run(ev.runId);
    if (d.phase === 'start') {
      const box = toolBox(d.name, d.args);
      this.tools.set(d.toolCallId, box);
      run.tools.appendChild(box);
    } else if (d.phase === 'result') {
      const box = this.tools.get(d.toolCallId);
      if (box) {
        addToolResult(box, resultText(d.result), !!d.isError);
      }
    }
    this.scroll();
  }

  /**
   * run returns the streaming bubble of a run, making it on its first event.
   * @param {string} runId
   */
  run(runId) {
    let r = this.runs.get(runId);
    if (!r) {
      const body = h('div', { class: 'msg-body' });
      const tools = h('div', { class: 'msg-tools' });
      const bubble = h('article', { class: 'msg assistant', 'data-run': runId, 'aria-label': 'Assistant' },
        h('div', { class: 'meta' }, 'Assistant'), tools, body);
      document.getElementById('chat-empty')?.remove();
      this.log.appendChild(bubble);
      r = { bubble, body, tools, text: '' };
      this.runs.set(runId, r);
    }
    return r;
  }

  /**
   * @param {string} runId
   * @param {{bubble: HTMLElement}} run
   */
  endRun(runId, run) {
    run.bubble.classList.remove('streaming');
    run.bubble.dataset.done = 'true';
    if (this.activeRun === runId) {
      this.activeRun = null;
      this.stopBtn.disabled = true;
    }
    this.loadSessions();
  }

  /**
   * shows reports whether an event's session key is the shown session
   * (a short key like "main" stands for the default agent's "agent:<id>:main").
   * @param {string|undefined} key
   * @returns {boolean}
   */
  shows(key) {
    return key === this.sessionKey || (!this.sessionKey.startsWith('agent:') && key === `agent:${defaultAgent(this.gw.hello)}:${this.sessionKey}`);
  }

  /** scroll shows the newest message, at the next frame (reading scrollHeight now would force a layout per event). */
  scroll() {
    if (this.scrollPending) {
      return;
    }
    this.scrollPending = true;
    requestAnimationFrame(() => {
      this.scrollPending = false;
      this.log.scrollTop = this.log.scrollHeight;
    });
  }
}

/**
 * renderHistory renders transcript messages; tool results join their call's box.
 * @param {ChatMessage[]} messages
 * @param {Map<string, HTMLElement>} tools
 * @returns {HTMLElement[]}
 */
function renderHistory(messages, tools) {
  /** @type {HTMLElement[]} */
  const out = [];
  for (const m of messages) {
    if (m.role === 'toolResult') {
      const box = tools.get(String(m.toolCallId || ''));
      if (box) {
        addToolResult(box, messageText(m), !!m.isError);
        continue;
      }
    }
    out.push(messageBubble(m, tools));
  }
  return out;
}

/**
 * messageBubble renders one transcript message.
 * @param {ChatMessage} m
 * @param {Map<string, HTMLElement>} tools
 * @returns {HTMLElement}
 */
function messageBubble(m, tools) {
  const role = m.role === 'user' ? 'user' : 'assistant';
  const body = h('div', { class: 'msg-body' });
  const parts = Array.isArray(m.content) ? m.content : [{ type: 'text', text: typeof m.content === 'string' ? m.content : '' }];
  for (const part of parts) {
    if (part && part.type === 'toolCall') {
      const box = toolBox(part.name, part.arguments);
      tools.set(String(part.id || ''), box);
      body.appendChild(box);
    } else if (part && part.type === 'text') {
      if (role === 'user') {
        body.appendChild(h('p', { class: 'plain' }, part.text || ''));
      } else {
        body.appendChild(markdown(part.text || ''));
      }
    }
  }
  if (m.role === 'toolResult') {
    return h('article', { class: 'msg assistant tool-result' }, h('div', { class: 'meta' }, `Tool result: ${m.toolName || ''}`), body);
  }
  const label = role === 'user' ? 'You' : 'Assistant';
  return h('article', { class: `msg ${role}`, 'aria-label': label, 'data-done': 'true' },
    h('div', { class: 'meta' }, label, m.timestamp ? ` · ${new Date(Number(m.timestamp)).toLocaleTimeString()}` : ''), body);
}

/**
 * toolBox shows a tool call: its name, and its arguments when opened.
 * @param {unknown} name
 * @param {unknown} args
 * @returns {HTMLElement}
 */
function toolBox(name, args) {
  return h('details', { class: 'tool' }, h('summary', null, `Tool call: ${String(name || 'tool')}`),
    h('pre', { class: 'tool-args' }, typeof args === 'string' ? args : JSON.stringify(args, null, 2)));
}

/**
 * @param {HTMLElement} box
 * @param {string} text
 * @param {boolean} isError
 */
function addToolResult(box, text, isError) {
  box.appendChild(h('div', { class: isError ? 'tool-result error' : 'tool-result' }, isError ? 'Error: ' : 'Result: ',
    h('pre', null, text)));
}

/**
 * @param {any} result - {content: [{type, text}]} or anything.
 * @returns {string}
 */
function resultText(result) {
  if (result && Array.isArray(result.content)) {
    return messageText(result);
  }
  return typeof result === 'string' ? result : JSON.stringify(result, null, 2);
}

/**
 * messageText joins the text parts of a message.
 * @param {any} m
 * @returns {string}
 */
function messageText(m) {
  if (!m) {
    return '';
  }
  if (typeof m.content === 'string') {
    return m.content;
  }
  return (Array.isArray(m.content) ? m.content : []).filter((p) => p && p.type === 'text').map((p) => p.text || '').join('');
}

/**
 * @param {SessionRow} r
 * @returns {string}
 */
function sessionTitle(r) {
  const name = r.label || r.displayName || r.derivedTitle;
  return name ? `${name} (${r.key})` : r.key;
}

/**
 * mainSession is the main session key hello-ok names, else "main".
 * @param {any} hello
 * @returns {string}
 */
function mainSession(hello) {
  const d = hello && hello.snapshot && hello.snapshot.sessionDefaults;
  return (d && d.mainSessionKey) || 'main';
}

/**
 * @param {any} hello
 * @returns {string}
 */
function defaultAgent(hello) {
  const d = hello && hello.snapshot && hello.snapshot.sessionDefaults;
  return (d && d.defaultAgentId) || 'main';
}

/**
 * agentOf is the agent id of an "agent:<id>:<rest>" key.
 * @param {string} key
 * @returns {string}
 */
function agentOf(key) {
  const m = /^agent:([^:]+):/.exec(key);
  return m ? m[1] : '';
}

/** @returns {string} */
function newId() {
  return globalThis.crypto && crypto.randomUUID ? crypto.randomUUID() : `ui-${Date.now()}-${Math.random().toString(36).slice(2)}`;
}
