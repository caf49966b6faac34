// All the sessions of one connector replica, behind the request/response protocol of PROTOCOL.md.
import { failure, ok, parseRequest, PROTOCOL_VERSION, ProtocolError, signal } from './protocol.js';
import { Session, SessionError, SESSION_OPTIONS } from './session.js';
import { stringify } from './wire-json.js';

export const BAILEYS_VERSION = '7.0.0-rc14';

export class Host {
  /**
   * @param {object} p
   * @param {(line: string) => void} p.write writes one line (without its newline) to the connector
   * @param {(config: object) => any} p.makeSocket
   * @param {string | undefined} p.wsUrl
   * @param {object} p.logger
   */
  constructor({ write, makeSocket, wsUrl, logger }) {
    this._write = write;
    this._makeSocket = makeSocket;
    this._wsUrl = wsUrl;
    this._logger = logger;
    /** @type {Map<string, Session>} */
    this.sessions = new Map();
  }

  _send(obj) {
    let line;
    try {
      line = stringify(obj);
    } catch (e) {
      line = stringify(failure(obj.id, 'internal', `the answer could not be serialized: ${e.message}`));
    }
    this._write(line);
  }

  ready() {
    this._send(signal('ready', null, { protocol: PROTOCOL_VERSION, baileys: BAILEYS_VERSION, pid: process.pid }));
  }

  /** Handles one input line; answers every request, including those that are not. */
  async handleLine(line) {
    if (line.trim() === '') return;
    let request;
    try {
      request = parseRequest(line);
    } catch (e) {
      if (e instanceof ProtocolError) this._send(failure(e.id, e.code, e.message, e.field));
      else this._send(failure(undefined, 'internal', e.message));
      return;
    }
    try {
      const result = await this._dispatch(request.op, request.args);
      this._send(ok(request.id, result));
    } catch (e) {
      if (e instanceof SessionError || e instanceof ProtocolError) this._send(failure(request.id, e.code, e.message, e.field));
      else this._send(failure(request.id, 'whatsapp', e?.message ?? String(e), undefined, e?.output?.statusCode));
    }
  }

  _session(name) {
    const session = this.sessions.get(name);
    if (session === undefined) throw new SessionError('unknown-session', `no session '${name}' is open here`);
    return session;
  }

  async _dispatch(op, args) {
    switch (op) {
      case 'hello':
        return { protocol: PROTOCOL_VERSION, baileys: BAILEYS_VERSION, sessions: [...this.sessions.keys()] };
      case 'list':
        return { sessions: [...this.sessions.values()].map((s) => ({ session: s.name, connection: s.connection, linked: s.linked })) };
      case 'open':
        return this._open(args);
      case 'connect':
        return this._session(args.session).connect(args.pairingNumber, args.timeoutMs);
      case 'send':
        return this._session(args.session).send(args.jid, args.content, args.messageId, args.quoted);
      case 'presence':
        return this._session(args.session).presence(args.presence, args.jid);
      case 'read':
        return this._session(args.session).read(args.keys);
      case 'logout': {
        const result = await this._session(args.session).logout();
        this.sessions.delete(args.session);
        return result;
      }
      case 'close': {
        const result = await this._session(args.session).close();
        this.sessions.delete(args.session);
        return result;
      }
      default:
        throw new ProtocolError('unknown-op', `op '${op}' is not handled`, 'op');
    }
  }

  _open({ session: name, auth, options = {} }) {
    if (this.sessions.has(name)) throw new SessionError('session-exists', `session '${name}' is already open here`);
    for (const [key, value] of Object.entries(options)) {
      if (!Object.hasOwn(SESSION_OPTIONS, key)) {
        throw new ProtocolError('bad-request', `options.${key} is not one of ${Object.keys(SESSION_OPTIONS).join(', ')}`, `options.${key}`);
      }
      if (typeof value !== SESSION_OPTIONS[key]) {
        throw new ProtocolError('bad-request', `options.${key} must be a ${SESSION_OPTIONS[key]}`, `options.${key}`);
      }
    }
    let session;
    try {
      session = new Session({
        name,
        auth,
        options,
        makeSocket: this._makeSocket,
        wsUrl: this._wsUrl,
        logger: this._logger.child({ session: name }),
        emit: (name2, data) => this._send(signal(name2, name, data)),
      });
    } catch (e) {
      throw new ProtocolError('bad-auth', `auth could not be read: ${e.message}`, 'auth');
    }
    this.sessions.set(name, session);
    // A linked state resumes at once; an unlinked one waits for connect (QR or pairing code).
    if (session.linked) session.start();
    return { linked: session.linked, me: session.auth.creds.me ?? null };
  }

  /** Closes every session, keeping their links (the connector is going away). */
  async shutdown() {
    await Promise.allSettled([...this.sessions.values()].map((s) => s.close()));
    this.sessions.clear();
  }
}
