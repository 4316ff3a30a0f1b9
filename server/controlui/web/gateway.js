// The gateway client of the page: one WebSocket to the gateway, the
// connect handshake (protocols 3..4, the device proof, the token from the
// fragment or the device token the gateway issued), request/response,
// event subscription, and reconnects with backoff. Method and event names
// come from the generated protocol module.

import * as protocol from './protocol/protocol.js';
import { deviceToken, keepDeviceToken, loadOrCreateIdentity, signProof } from './device.js';

const { Method, Event, Enum, ErrorCode, PROTOCOL_VERSIONS } = protocol;

/** The scopes the Control UI asks for: everything an operator may do. */
export const UI_SCOPES = Object.freeze([
  Enum.OperatorScope.OperatorAdmin, Enum.OperatorScope.OperatorRead, Enum.OperatorScope.OperatorWrite,
  Enum.OperatorScope.OperatorApprovals, Enum.OperatorScope.OperatorPairing,
]);

/** The capability that makes a run started here stream its tool calls to this connection. */
const CAP_TOOL_EVENTS = 'tool-events';

/** Reconnect backoff: first delay, growth factor and ceiling; pairing retries at a fixed pace. */
const BACKOFF = Object.freeze({ firstMs: 800, factor: 1.7, maxMs: 15000, pairingMs: 2000 });

/** The default time a request waits for its response. */
const REQUEST_TIMEOUT_MS = 60000;

/**
 * The connection states onState reports:
 * connecting, connected, pairing (waiting for an operator's approval; info holds the details),
 * auth (the token is missing or wrong; info holds the error), insecure (no WebCrypto), disconnected, stopped.
 * @typedef {'connecting'|'connected'|'pairing'|'auth'|'insecure'|'disconnected'|'stopped'} GatewayState
 */

/**
 * GatewayError is a failed request: the error shape of the response.
 */
export class GatewayError extends Error {
  /**
   * @param {string} code
   * @param {string} message
   * @param {unknown} [details]
   * @param {boolean} [retryable]
   */
  constructor(code, message, details, retryable) {
    super(message);
    this.name = 'GatewayError';
    this.code = code;
    this.details = details;
    this.retryable = !!retryable;
  }
}

/**
 * @typedef {Object} GatewayOptions
 * @property {string} url - the WebSocket URL.
 * @property {string} [token] - the gateway token (auth.token).
 * @property {Storage} storage - where the device identity and device token live (localStorage).
 * @property {string} [clientVersion]
 * @property {number} [protocol] - offer only this protocol version (0 or absent: all of PROTOCOL_VERSIONS).
 */

/**
 * A listener gets the payload and the frame; receivedAt is performance.now() when the frame arrived.
 * @typedef {(payload: any, frame: {event: string, seq?: number, receivedAt: number}) => void} EventListener
 */

/** Gateway is the page's connection to the gateway. */
export class Gateway {
  /** @param {GatewayOptions} opts */
  constructor(opts) {
    this.opts = opts;
    /** @type {import('./protocol/types.js').HelloOk|null} */
    this.hello = null;
    /** @type {number} the negotiated protocol version (0 before hello-ok). */
    this.protocol = 0;
    /** @type {GatewayState} */
    this.state = 'disconnected';
    /** @type {any} what the last state change carried (pairing details, an error). */
    this.stateInfo = null;
    /** @type {import('./device.js').DeviceIdentity|null} */
    this.device = null;
    /** @type {Map<string, Set<EventListener>>} */
    this.listeners = new Map();
    /** @type {Set<(state: GatewayState, info: any) => void>} */
    this.stateListeners = new Set();
    /** @type {Map<string, {method: string, resolve: (v: any) => void, reject: (e: Error) => void, timer: number}>} */
    this.pending = new Map();
    /** @type {WebSocket|null} */
    this.ws = null;
    this.stopped = true;
    this.attempt = 0;
    this.nextId = 1;
    /** @type {number|undefined} */
    this.retryTimer = undefined;
    this.range = this.offer();
  }

  /**
   * offer is the protocol range connect offers: every version the page speaks, or the pinned one.
   * @returns {{min: number, max: number}}
   */
  offer() {
    const pinned = this.opts.protocol || 0;
    if (pinned) {
      return { min: pinned, max: pinned };
    }
    return { min: PROTOCOL_VERSIONS[0], max: PROTOCOL_VERSIONS[PROTOCOL_VERSIONS.length - 1] };
  }

  /** start connects, and keeps reconnecting until stop. */
  start() {
    this.stopped = false;
    this.connect();
  }

  /** stop closes the connection for good. */
  stop() {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    if (this.ws) {
      this.ws.close(1000, 'closed by the page');
    }
    this.setState('stopped', null);
  }

  /**
   * setToken changes the gateway token and reconnects at once.
   * @param {string} token
   */
  setToken(token) {
    this.opts.token = token;
    this.attempt = 0;
    clearTimeout(this.retryTimer);
    if (this.ws) {
      this.ws.close(1000, 'new token');
    } else if (!this.stopped) {
      this.connect();
    }
  }

  /**
   * request calls a method and resolves with its result; it rejects with a
   * GatewayError (code, message, details) when the gateway refuses.
   * @param {string} method
   * @param {unknown} [params]
   * @param {{timeoutMs?: number}} [opts]
   * @returns {Promise<any>}
   */
  request(method, params, opts = {}) {
    const ws = this.ws;
    if (!ws || ws.readyState !== WebSocket.OPEN || (this.state !== 'connected' && method !== Method.Connect)) {
      return Promise.reject(new GatewayError(ErrorCode.Unavailable, 'not connected to the gateway'));
    }
    const id = `ui-${this.nextId++}`;
    return new Promise((resolve, reject) => {
      const timer = window.setTimeout(() => {
        this.pending.delete(id);
        reject(new GatewayError('TIMEOUT', `${method}: no response within ${(opts.timeoutMs || REQUEST_TIMEOUT_MS) / 1000} s`));
      }, opts.timeoutMs || REQUEST_TIMEOUT_MS);
      this.pending.set(id, { method, resolve, reject, timer });
      ws.send(JSON.stringify({ type: 'req', id, method, params: params === undefined ? {} : params }));
    });
  }

  /**
   * on subscribes to an event ("*" for every event); it returns the unsubscribe function.
   * @param {string} event
   * @param {EventListener} fn
   * @returns {() => void}
   */
  on(event, fn) {
    let set = this.listeners.get(event);
    if (!set) {
      set = new Set();
      this.listeners.set(event, set);
    }
    set.add(fn);
    return () => set.delete(fn);
  }

  /**
   * onState subscribes to state changes and calls fn once with the current state.
   * @param {(state: GatewayState, info: any) => void} fn
   * @returns {() => void}
   */
  onState(fn) {
    this.stateListeners.add(fn);
    fn(this.state, this.stateInfo);
    return () => this.stateListeners.delete(fn);
  }

  /**
   * @param {GatewayState} state
   * @param {any} info
   */
  setState(state, info) {
    this.state = state;
    this.stateInfo = info;
    for (const fn of [...this.stateListeners]) {
      try {
        fn(state, info);
      } catch (err) {
        console.error('state listener failed', err);
      }
    }
  }

  /** connect opens one socket and runs the handshake on it. */
  async connect() {
    if (this.stopped) {
      return;
    }
    if (!this.device) {
      try {
        this.device = await loadOrCreateIdentity(this.opts.storage);
      } catch (err) {
        this.setState('insecure', err);
        return;
      }
    }
    if (this.state !== 'pairing') {
      this.setState('connecting', null);
    }
    const ws = new WebSocket(this.opts.url);
    this.ws = ws;
    let handshaken = false;
    /** @type {any} */
    let refusal = null;
    ws.onmessage = (ev) => {
      const receivedAt = performance.now();
      let frame;
      try {
        frame = JSON.parse(String(ev.data));
      } catch {
        return;
      }
      if (frame && frame.type === 'event') {
        frame.receivedAt = receivedAt;
      }
      if (frame.type === 'event' && frame.event === Event.ConnectChallenge && !handshaken) {
        handshaken = true;
        this.handshake(ws, frame.payload && frame.payload.nonce).catch((err) => {
          refusal = err;
          ws.close(4008, 'connect failed');
        });
        return;
      }
      this.dispatch(frame);
    };
    ws.onclose = (ev) => {
      if (this.ws === ws) {
        this.ws = null;
      }
      this.failPending();
      this.closed(ev, refusal);
    };
  }

  /**
   * handshake sends connect and takes hello-ok; it throws the refusal.
   * @param {WebSocket} ws
   * @param {string} nonce
   */
  async handshake(ws, nonce) {
    const stored = deviceToken(this.opts.storage, this.device.deviceId);
    const token = this.opts.token || '';
    /** @type {import('./protocol/types.js').ConnectAuth|undefined} */
    let auth;
    if (token) {
      auth = { token };
    } else if (stored) {
      auth = { deviceToken: stored.token };
    }
    const client = {
      id: Enum.ClientId.OpenclawControlUI,
      displayName: 'gatewire Control UI',
      version: this.opts.clientVersion || 'control-ui',
      platform: navigator.platform || 'web',
      mode: Enum.ClientMode.Webchat,
    };
    const role = Enum.Role.Operator;
    const scopes = [...UI_SCOPES];
    const device = await signProof(this.device, {
      clientId: client.id, clientMode: client.mode, role, scopes, token: token || (stored ? stored.token : ''),
      nonce: nonce || '', platform: client.platform,
    });
    /** @type {import('./protocol/types.js').ConnectParams} */
    const params = {
      minProtocol: this.range.min, maxProtocol: this.range.max, client, role, scopes,
      caps: [CAP_TOOL_EVENTS], userAgent: navigator.userAgent, locale: navigator.language, device,
    };
    if (auth) {
      params.auth = auth;
    }
    const hello = await this.request(Method.Connect, params, { timeoutMs: 15000 });
    if (hello.auth && hello.auth.deviceToken) {
      keepDeviceToken(this.opts.storage, this.device.deviceId,
        { token: hello.auth.deviceToken, role: hello.auth.role || role, scopes: hello.auth.scopes || [] });
    }
    this.hello = hello;
    this.protocol = hello.protocol;
    this.attempt = 0;
    this.range = this.offer();
    this.setState('connected', hello);
  }

  /** @param {any} frame */
  dispatch(frame) {
    if (frame.type === 'res') {
      const p = this.pending.get(frame.id);
      if (!p) {
        return;
      }
      if (frame.ok && frame.payload && frame.payload.status === 'accepted' && isTwoPhase(p.method)) {
        return; // a two-phase method's first answer; the final one follows
      }
      this.pending.delete(frame.id);
      clearTimeout(p.timer);
      if (frame.ok) {
        p.resolve(frame.payload);
      } else {
        const e = frame.error || {};
        p.reject(new GatewayError(e.code || ErrorCode.Unavailable, e.message || 'request failed', e.details, e.retryable));
      }
      return;
    }
    if (frame.type === 'event') {
      for (const key of [frame.event, '*']) {
        for (const fn of [...(this.listeners.get(key) || [])]) {
          try {
            fn(frame.payload, frame);
          } catch (err) {
            console.error(`listener of ${frame.event} failed`, err);
          }
        }
      }
    }
  }

  /** failPending rejects every request still waiting. */
  failPending() {
    for (const [id, p] of this.pending) {
      clearTimeout(p.timer);
      p.reject(new GatewayError(ErrorCode.Unavailable, 'the connection to the gateway closed'));
      this.pending.delete(id);
    }
  }

  /**
   * closed decides what comes after a closed socket: a protocol fallback,
   * the pairing screen, the token form, or a reconnect with backoff.
   * @param {CloseEvent} ev
   * @param {any} refusal
   */
  closed(ev, refusal) {
    const wasConnected = this.state === 'connected';
    this.hello = null;
    this.protocol = 0;
    if (this.stopped) {
      return;
    }
    const details = refusal && refusal.details && typeof refusal.details === 'object' ? refusal.details : {};
    const codes = Enum.ConnectErrorDetailCode;
    if (details.code === codes.ProtocolMismatch && typeof details.expectedProtocol === 'number' &&
        PROTOCOL_VERSIONS.includes(details.expectedProtocol) && this.range.min !== this.range.max) {
      this.range = { min: details.expectedProtocol, max: details.expectedProtocol };
      this.retry(0);
      return;
    }
    if (details.code === codes.PairingRequired) {
      this.setState('pairing', details);
      this.retry(BACKOFF.pairingMs);
      return;
    }
    if (details.code === codes.AuthDeviceTokenMismatch && this.device) {
      keepDeviceToken(this.opts.storage, this.device.deviceId, null);
      this.retry(0);
      return;
    }
    if (refusal && refusal.code && isAuthCode(details.code)) {
      this.setState('auth', refusal);
      return;
    }
    this.setState('disconnected', refusal || { code: ev.code, reason: ev.reason });
    const delay = wasConnected ? BACKOFF.firstMs :
      Math.min(BACKOFF.maxMs, BACKOFF.firstMs * Math.pow(BACKOFF.factor, this.attempt));
    this.attempt++;
    this.retry(delay);
  }

  /** @param {number} ms */
  retry(ms) {
    clearTimeout(this.retryTimer);
    this.retryTimer = window.setTimeout(() => this.connect(), ms);
  }
}

/**
 * isTwoPhase reports a method that answers "accepted" before its final response.
 * @param {string} method
 * @returns {boolean}
 */
function isTwoPhase(method) {
  return Object.prototype.hasOwnProperty.call(protocol.methods, method) && protocol.methods[method].twoPhase;
}

/**
 * isAuthCode reports a refusal that a new token (not waiting) fixes.
 * @param {unknown} code
 * @returns {boolean}
 */
function isAuthCode(code) {
  return typeof code === 'string' && code.startsWith('AUTH_') && code !== Enum.ConnectErrorDetailCode.AuthRateLimited;
}

/**
 * gatewayURL is the WebSocket URL of the gateway that served the page: same origin, the base path.
 * @param {Location} loc
 * @param {string} basePath
 * @returns {string}
 */
export function gatewayURL(loc, basePath) {
  return `${loc.protocol === 'https:' ? 'wss:' : 'ws:'}//${loc.host}${basePath}`;
}
