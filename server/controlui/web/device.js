// The browser's device identity: an Ed25519 key pair made with WebCrypto,
// kept in localStorage, and the device proof the gateway verifies at
// connect (the "v3" payload of runtime/deviceauth). WebCrypto exists only
// in a secure context (https, or http on 127.0.0.1 / localhost).

const IDENTITY_KEY = 'gatewire.device.v1';
const TOKEN_KEY = 'gatewire.deviceToken.v1';

/**
 * @typedef {Object} DeviceIdentity
 * @property {string} deviceId - lowercase hex SHA-256 of the raw public key.
 * @property {string} publicKey - base64url (no padding) of the raw 32-byte public key.
 * @property {CryptoKey} privateKey - the signing key (not extractable once loaded).
 * @property {number} createdAtMs
 */

/**
 * @typedef {Object} StoredIdentity
 * @property {number} version
 * @property {string} deviceId
 * @property {string} publicKey
 * @property {JsonWebKey} privateJwk
 * @property {number} createdAtMs
 */

/** InsecureContextError says WebCrypto is missing: the page is not in a secure context. */
export class InsecureContextError extends Error {
  constructor() {
    super('This page is not in a secure context, so the browser cannot make a device identity. ' +
      'Open the Control UI over https, or over http on 127.0.0.1 or localhost.');
    this.name = 'InsecureContextError';
  }
}

/**
 * base64url encodes bytes without padding.
 * @param {ArrayBuffer|Uint8Array} buf
 * @returns {string}
 */
export function base64url(buf) {
  const bytes = buf instanceof Uint8Array ? buf : new Uint8Array(buf);
  let s = '';
  for (const b of bytes) {
    s += String.fromCharCode(b);
  }
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * hex encodes bytes in lowercase.
 * @param {ArrayBuffer} buf
 * @returns {string}
 */
function hex(buf) {
  return Array.from(new Uint8Array(buf), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** @returns {SubtleCrypto} */
function subtle() {
  if (!globalThis.isSecureContext || !globalThis.crypto || !globalThis.crypto.subtle) {
    throw new InsecureContextError();
  }
  return globalThis.crypto.subtle;
}

/**
 * loadOrCreateIdentity returns the identity kept in storage, making and
 * storing a new one when there is none (or it cannot be read).
 * @param {Storage} storage
 * @returns {Promise<DeviceIdentity>}
 */
export async function loadOrCreateIdentity(storage) {
  const s = subtle();
  const kept = readStored(storage);
  if (kept) {
    try {
      const privateKey = await s.importKey('jwk', kept.privateJwk, { name: 'Ed25519' }, false, ['sign']);
      return { deviceId: kept.deviceId, publicKey: kept.publicKey, privateKey, createdAtMs: kept.createdAtMs };
    } catch {
      // An unreadable key is replaced below: the new device must be paired again.
    }
  }
  const pair = /** @type {CryptoKeyPair} */ (await s.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify']));
  const raw = await s.exportKey('raw', pair.publicKey);
  const stored = {
    version: 1,
    deviceId: hex(await s.digest('SHA-256', raw)),
    publicKey: base64url(raw),
    privateJwk: await s.exportKey('jwk', pair.privateKey),
    createdAtMs: Date.now(),
  };
  storage.setItem(IDENTITY_KEY, JSON.stringify(stored));
  const privateKey = await s.importKey('jwk', stored.privateJwk, { name: 'Ed25519' }, false, ['sign']);
  return { deviceId: stored.deviceId, publicKey: stored.publicKey, privateKey, createdAtMs: stored.createdAtMs };
}

/**
 * @param {Storage} storage
 * @returns {StoredIdentity|null}
 */
function readStored(storage) {
  try {
    const v = JSON.parse(storage.getItem(IDENTITY_KEY) || 'null');
    if (v && v.version === 1 && typeof v.deviceId === 'string' && typeof v.publicKey === 'string' && v.privateJwk) {
      return v;
    }
  } catch {
    // fall through: no usable identity
  }
  return null;
}

/**
 * normalizeMetadata trims and lowercases ASCII letters only, as the v3
 * payload requires for platform and device family.
 * @param {string|undefined} s
 * @returns {string}
 */
export function normalizeMetadata(s) {
  return (s || '').trim().replace(/[A-Z]/g, (c) => c.toLowerCase());
}

/**
 * @typedef {Object} ProofInput
 * @property {string} clientId
 * @property {string} clientMode
 * @property {string} role
 * @property {string[]} scopes
 * @property {string} token - the first non-empty of auth.token, auth.deviceToken and auth.bootstrapToken.
 * @property {string} nonce - the connect.challenge nonce.
 * @property {string} platform
 * @property {string} [deviceFamily]
 */

/**
 * signProof signs the v3 device payload
 * "v3|deviceId|clientId|clientMode|role|scopes|signedAtMs|token|nonce|platform|deviceFamily"
 * and returns connect's device member.
 * @param {DeviceIdentity} id
 * @param {ProofInput} p
 * @returns {Promise<import('./protocol/types.js').DeviceProof>}
 */
export async function signProof(id, p) {
  const signedAt = Date.now();
  const payload = ['v3', id.deviceId, p.clientId, p.clientMode, p.role, p.scopes.join(','), String(signedAt),
    p.token, p.nonce, normalizeMetadata(p.platform), normalizeMetadata(p.deviceFamily)].join('|');
  const sig = await subtle().sign({ name: 'Ed25519' }, id.privateKey, new TextEncoder().encode(payload));
  return { id: id.deviceId, publicKey: id.publicKey, signature: base64url(sig), signedAt, nonce: p.nonce };
}

/**
 * @typedef {Object} StoredToken
 * @property {string} token
 * @property {string} role
 * @property {string[]} scopes
 */

/**
 * deviceToken returns the device token hello-ok issued to this device, if kept.
 * @param {Storage} storage
 * @param {string} deviceId
 * @returns {StoredToken|null}
 */
export function deviceToken(storage, deviceId) {
  try {
    const all = JSON.parse(storage.getItem(TOKEN_KEY) || '{}');
    const t = all[deviceId];
    return t && typeof t.token === 'string' && t.token ? t : null;
  } catch {
    return null;
  }
}

/**
 * keepDeviceToken stores (or, with null, forgets) this device's token.
 * @param {Storage} storage
 * @param {string} deviceId
 * @param {StoredToken|null} t
 */
export function keepDeviceToken(storage, deviceId, t) {
  let all = {};
  try {
    all = JSON.parse(storage.getItem(TOKEN_KEY) || '{}') || {};
  } catch {
    all = {};
  }
  if (t) {
    all[deviceId] = t;
  } else {
    delete all[deviceId];
  }
  storage.setItem(TOKEN_KEY, JSON.stringify(all));
}
