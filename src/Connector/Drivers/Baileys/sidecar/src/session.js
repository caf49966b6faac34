// One WhatsApp Web session: its auth state, its Baileys socket, and the reconnect policy of B2 (515 restarts at
// once, 401/403/440 end the session for good, network errors back off). Everything it learns goes out through
// `emit(signalName, data)`; it never throws into the protocol reader.
import { DisconnectReason } from 'baileys';
import { AuthStore } from './auth-state.js';
import { reviveBytes } from './wire-json.js';

/** Baileys events passed on as they are (the connector maps them to Evolution's events). */
export const FORWARDED_EVENTS = [
  'messages.upsert', 'messages.update', 'messages.delete', 'messages.reaction', 'message-receipt.update',
  'messaging-history.set', 'chats.upsert', 'chats.update', 'chats.delete', 'contacts.upsert', 'contacts.update',
  'presence.update', 'groups.upsert', 'groups.update', 'group-participants.update', 'call', 'labels.edit',
  'labels.association', 'lid-mapping.update', 'blocklist.set', 'blocklist.update',
];

/** Closes after which the session is over: the link is gone (401), banned (403) or taken elsewhere (440). */
const FINAL = new Map([
  [DisconnectReason.loggedOut, 'logged out'],
  [DisconnectReason.forbidden, 'forbidden'],
  [DisconnectReason.connectionReplaced, 'replaced by another connection'],
  [DisconnectReason.multideviceMismatch, 'multi-device mismatch'],
]);

export const SESSION_OPTIONS = { syncFullHistory: 'boolean', markOnlineOnConnect: 'boolean', qrTimeoutMs: 'number' };

const MAX_BACKOFF_MS = 30_000;
const SENT_CACHE = 256;

export class SessionError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

export class Session {
  /**
   * @param {object} p
   * @param {string} p.name
   * @param {string | null | undefined} p.auth serialized auth state (see auth-state.js) or null
   * @param {Record<string, unknown>} [p.options]
   * @param {(signal: string, data: object) => void} p.emit
   * @param {(config: object) => any} p.makeSocket Baileys' makeWASocket, or a fake at the boundary
   * @param {string | undefined} p.wsUrl overrides Baileys' waWebSocketUrl
   * @param {object} p.logger
   */
  constructor({ name, auth, options = {}, emit, makeSocket, wsUrl, logger }) {
    this.name = name;
    this.options = options;
    this._emit = emit;
    this._makeSocket = makeSocket;
    this._wsUrl = wsUrl;
    this._logger = logger;
    this.auth = new AuthStore(auth, (serialized) => this._emit('auth', { auth: serialized, bytes: Buffer.byteLength(serialized) }));
    /** @type {'idle' | 'connecting' | 'open' | 'closed'} */
    this.connection = 'idle';
    this.socket = undefined;
    this.qrCount = 0;
    this._stopped = false;
    this._failures = 0;
    this._retry = undefined;
    this._waiters = new Set();
    this._pairingNumber = undefined;
    this._pairingCode = undefined;
    this._lastQr = undefined;
    /** Recent sends, for Baileys' getMessage (a receiver's retry request re-encrypts them). */
    this._sent = new Map();
  }

  get linked() {
    return this.auth.linked;
  }

  /** Starts (or restarts) the socket. */
  start() {
    if (this._stopped || this.socket !== undefined) return;
    this.connection = 'connecting';
    const config = {
      auth: this.auth.state,
      logger: this._logger,
      syncFullHistory: this.options.syncFullHistory === true,
      markOnlineOnConnect: this.options.markOnlineOnConnect === true,
      getMessage: async (key) => this._sent.get(key.id),
    };
    if (this._wsUrl) config.waWebSocketUrl = this._wsUrl;
    if (typeof this.options.qrTimeoutMs === 'number') config.qrTimeout = this.options.qrTimeoutMs;
    let socket;
    try {
      socket = this._makeSocket(config);
    } catch (e) {
      this._logger.error({ err: e, session: this.name }, 'the socket could not be made');
      this.connection = 'closed';
      this._emit('connection', { connection: 'close', statusReason: 500, reason: `socket: ${e.message}`, reconnecting: false });
      this._settle();
      return;
    }
    this.socket = socket;
    socket.ev.on('creds.update', (update) => this.auth.updateCreds(update));
    socket.ev.on('connection.update', (update) => this._onConnection(socket, update));
    for (const name of FORWARDED_EVENTS) {
      socket.ev.on(name, (payload) => this._emit('event', { name, payload }));
    }
  }

  _onConnection(socket, update) {
    if (socket !== this.socket) return; // a socket we already left behind
    if (typeof update.qr === 'string') {
      this.qrCount += 1;
      this._lastQr = update.qr;
      this._emit('qr', { qr: update.qr, count: this.qrCount });
      if (this._pairingNumber && this._pairingCode === undefined) this._requestPairingCode(socket);
      this._settle();
    }
    if (update.connection === 'open') {
      this.connection = 'open';
      this._failures = 0;
      this.qrCount = 0;
      this._emit('connection', { connection: 'open', statusReason: 200, me: this.auth.creds.me ?? null, isNewLogin: update.isNewLogin === true });
      this._settle();
    } else if (update.connection === 'connecting') {
      this.connection = 'connecting';
      this._emit('connection', { connection: 'connecting', statusReason: 200 });
    } else if (update.connection === 'close') {
      this._onClose(update.lastDisconnect?.error);
    } else if (update.isNewLogin === true) {
      this._emit('connection', { connection: 'connecting', statusReason: 200, isNewLogin: true, me: this.auth.creds.me ?? null });
    }
  }

  _onClose(error) {
    this.socket = undefined;
    const statusReason = error?.output?.statusCode ?? 500;
    const reason = error?.message ?? 'connection closed';
    if (this._stopped) {
      this.connection = 'closed';
      return;
    }
    const final = FINAL.get(statusReason);
    if (final !== undefined) {
      this.connection = 'closed';
      this._stopped = true;
      this.auth.close();
      this._emit('connection', { connection: 'close', statusReason, reason, reconnecting: false });
      this._emit('ended', { statusReason, reason: final });
      this._settle();
      return;
    }
    // Linking that ran out of QR codes (or failed before a link) is not retried: the user asks again.
    if (!this.linked && statusReason !== DisconnectReason.restartRequired) {
      this.connection = 'closed';
      this._emit('connection', { connection: 'close', statusReason, reason, reconnecting: false });
      this._settle();
      return;
    }
    const delay = statusReason === DisconnectReason.restartRequired ? 0 : Math.min(MAX_BACKOFF_MS, 1000 * 2 ** this._failures++);
    this.connection = 'connecting';
    this._emit('connection', { connection: 'close', statusReason, reason, reconnecting: true, retryInMs: delay });
    this._retry = setTimeout(() => {
      this._retry = undefined;
      this.start();
    }, delay);
  }

  async _requestPairingCode(socket) {
    this._pairingCode = null; // asked once per connect
    try {
      const code = await socket.requestPairingCode(this._pairingNumber);
      this._pairingCode = code;
      this._emit('pairing-code', { code, number: this._pairingNumber });
    } catch (e) {
      this._emit('pairing-code', { code: null, number: this._pairingNumber, error: e.message });
    }
    this._settle();
  }

  /**
   * Starts linking or reconnecting, and answers with the first QR code (and pairing code), or the open connection,
   * or the close that ended the attempt, whichever comes first within `timeoutMs`.
   */
  async connect(pairingNumber, timeoutMs = 20_000) {
    if (this._stopped) throw new SessionError('session-ended', `session '${this.name}' has ended; open it again`);
    if (pairingNumber !== undefined && pairingNumber !== null && !/^\d{7,15}$/.test(pairingNumber)) {
      throw new SessionError('bad-request', `pairingNumber must be 7 to 15 digits with the country code and no '+', got '${pairingNumber}'`);
    }
    if (this.connection === 'open') return this._connectAnswer();
    this._pairingNumber = pairingNumber ?? undefined;
    this._pairingCode = undefined;
    if (this.socket === undefined && this._retry === undefined) {
      this.qrCount = 0;
      this.start();
    }
    await new Promise((resolve) => {
      const timer = setTimeout(done, timeoutMs);
      const self = this;
      function done() {
        clearTimeout(timer);
        self._waiters.delete(check);
        resolve();
      }
      function check() {
        const waitingForPairing = self._pairingNumber !== undefined && self._pairingCode !== null && self._pairingCode === undefined;
        if (self.connection === 'open' || self.connection === 'closed' || (self.qrCount > 0 && !waitingForPairing) || (self._pairingCode !== undefined && self._pairingCode !== null)) done();
      }
      this._waiters.add(check);
      check();
    });
    return this._connectAnswer();
  }

  _connectAnswer() {
    return {
      connection: this.connection,
      qr: this.connection === 'open' ? null : (this._lastQr ?? null),
      qrCount: this.qrCount,
      pairingCode: this._pairingCode ?? null,
      me: this.auth.creds.me ?? null,
    };
  }

  _settle() {
    for (const check of [...this._waiters]) check();
  }

  _requireOpen() {
    if (this.socket === undefined || this.connection !== 'open') {
      throw new SessionError('not-connected', `session '${this.name}' is ${this.connection}, not open`);
    }
    return this.socket;
  }

  async send(jid, content, messageId, quoted) {
    const socket = this._requireOpen();
    const options = {};
    if (messageId !== undefined) options.messageId = messageId;
    if (quoted !== undefined) options.quoted = quoted;
    const message = await socket.sendMessage(jid, reviveBytes(content), options);
    // The Signal state this send advanced reaches the connector before the answer does.
    this.auth.flush();
    if (message?.key?.id) {
      this._sent.set(message.key.id, message.message);
      if (this._sent.size > SENT_CACHE) this._sent.delete(this._sent.keys().next().value);
    }
    return { message };
  }

  async presence(presence, jid) {
    await this._requireOpen().sendPresenceUpdate(presence, jid);
    return {};
  }

  async read(keys) {
    await this._requireOpen().readMessages(keys);
    return {};
  }

  /** Unlinks the device; the auth state is worthless afterwards and is no longer reported. */
  async logout() {
    const socket = this.socket;
    this._stopped = true;
    this.auth.close();
    clearTimeout(this._retry);
    if (socket !== undefined) {
      try {
        await socket.logout();
      } catch (e) {
        this._logger.warn({ err: e, session: this.name }, 'logout failed; closing anyway');
        socket.end(undefined);
      }
    }
    this.socket = undefined;
    this.connection = 'closed';
    this._settle();
    return {};
  }

  /** Closes the connection and keeps the link, for another replica to resume. */
  async close() {
    const socket = this.socket;
    this._stopped = true;
    this.auth.flush();
    this.auth.close();
    clearTimeout(this._retry);
    this.socket = undefined;
    this.connection = 'closed';
    if (socket !== undefined) {
      try {
        await socket.end(undefined);
      } catch (e) {
        this._logger.warn({ err: e, session: this.name }, 'closing the socket failed');
      }
    }
    this._settle();
    return {};
  }
}
