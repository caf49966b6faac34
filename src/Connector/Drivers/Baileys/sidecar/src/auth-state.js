// A Baileys auth state held in memory and reported whole after each change, so the connector can seal it into
// the compacted credentials topic. Its serialized form is useMultiFileAuthState's layout folded into one JSON
// document: `creds` is creds.json, and `keys` maps each file's name (without ".json") to that file's content.
// Keeping the file names as keys makes an imported folder and a live state the very same thing.
import { BufferJSON, initAuthCreds, proto } from 'baileys';

export const AUTH_FORMAT = 1;

/** useMultiFileAuthState's file naming: `${type}-${id}` with '/' as '__' and ':' as '-'. */
export const keyName = (type, id) => `${type}-${id}`.replace(/\//g, '__').replace(/:/g, '-');

/**
 * Reads a serialized auth state (or starts a fresh one when `text` is null or empty).
 * @param {string | null | undefined} text
 * @returns {{ creds: import('baileys').AuthenticationCreds, keys: Map<string, unknown> }}
 */
export function parseAuth(text) {
  if (text === null || text === undefined || text === '') {
    return { creds: initAuthCreds(), keys: new Map() };
  }
  if (typeof text !== 'string') {
    throw new TypeError('auth must be a string holding the serialized auth state, or null');
  }
  const doc = JSON.parse(text, BufferJSON.reviver);
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    throw new TypeError('auth must be a JSON object');
  }
  if (doc.v !== AUTH_FORMAT) {
    throw new TypeError(`auth.v must be ${AUTH_FORMAT}, got ${JSON.stringify(doc.v)}`);
  }
  if (doc.creds === null || typeof doc.creds !== 'object') {
    throw new TypeError('auth.creds is missing');
  }
  const keys = new Map();
  if (doc.keys !== undefined) {
    if (doc.keys === null || typeof doc.keys !== 'object' || Array.isArray(doc.keys)) {
      throw new TypeError('auth.keys must be an object');
    }
    for (const [name, value] of Object.entries(doc.keys)) keys.set(name, value);
  }
  return { creds: doc.creds, keys };
}

/**
 * The auth state of one session. `onChange` is called once per burst of changes (creds.update and key writes
 * made in the same turn of the event loop), with the whole serialized state.
 */
export class AuthStore {
  /**
   * @param {string | null | undefined} text the serialized state, or null for a fresh one
   * @param {(serialized: string) => void} onChange
   */
  constructor(text, onChange) {
    const { creds, keys } = parseAuth(text);
    this.creds = creds;
    this._keys = keys;
    this._onChange = onChange;
    this._pending = false;
    this._closed = false;
    /** @type {import('baileys').SignalKeyStore} */
    this.keys = {
      get: async (type, ids) => {
        const found = {};
        for (const id of ids) {
          let value = this._keys.get(keyName(type, id));
          if (value !== undefined && value !== null && type === 'app-state-sync-key') {
            value = proto.Message.AppStateSyncKeyData.fromObject(value);
          }
          found[id] = value ?? undefined;
        }
        return found;
      },
      set: async (data) => {
        for (const type of Object.keys(data)) {
          for (const [id, value] of Object.entries(data[type] ?? {})) {
            const name = keyName(type, id);
            if (value === null || value === undefined) this._keys.delete(name);
            else this._keys.set(name, value);
          }
        }
        this._changed();
      },
      clear: async () => {
        this._keys.clear();
        this._changed();
      },
    };
  }

  /** What Baileys' `auth` option takes. */
  get state() {
    return { creds: this.creds, keys: this.keys };
  }

  /** @param {Partial<import('baileys').AuthenticationCreds>} update */
  updateCreds(update) {
    Object.assign(this.creds, update);
    this._changed();
  }

  get linked() {
    return Boolean(this.creds.me?.id);
  }

  serialize() {
    return JSON.stringify({ v: AUTH_FORMAT, creds: this.creds, keys: Object.fromEntries(this._keys) }, BufferJSON.replacer);
  }

  /** Reports a change still waiting for the end of this turn now, so a close never loses the last one. */
  flush() {
    if (this._pending && !this._closed) {
      this._pending = false;
      this._onChange(this.serialize());
    }
  }

  /** No more reports: the session is closed or logged out. */
  close() {
    this._closed = true;
  }

  _changed() {
    if (this._pending || this._closed) return;
    this._pending = true;
    setImmediate(() => {
      if (!this._pending || this._closed) return;
      this._pending = false;
      this._onChange(this.serialize());
    });
  }
}
