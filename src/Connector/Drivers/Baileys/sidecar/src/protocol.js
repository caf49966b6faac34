// The sidecar's wire: one JSON object per line on stdin (requests) and stdout (responses and signals).
// See PROTOCOL.md. Everything here is pure, so that bad input is answered and never thrown past the reader.

export const PROTOCOL_VERSION = 1;

/** Every operation, with the fields it requires (name → JS type) and those it accepts. */
export const OPERATIONS = {
  hello: { required: {}, optional: {} },
  open: { required: { session: 'string' }, optional: { auth: 'string|null', options: 'object' } },
  connect: { required: { session: 'string' }, optional: { pairingNumber: 'string|null', timeoutMs: 'number' } },
  send: { required: { session: 'string', jid: 'string', content: 'object' }, optional: { messageId: 'string', quoted: 'object' } },
  presence: { required: { session: 'string', presence: 'string' }, optional: { jid: 'string' } },
  read: { required: { session: 'string', keys: 'array' }, optional: {} },
  logout: { required: { session: 'string' }, optional: {} },
  close: { required: { session: 'string' }, optional: {} },
  list: { required: {}, optional: {} },
};

export class ProtocolError extends Error {
  /**
   * @param {string} code one of the codes in PROTOCOL.md (bad-json, bad-request, unknown-op, ...)
   * @param {string} message
   * @param {string} [field] the request field that is wrong
   */
  constructor(code, message, field) {
    super(message);
    this.code = code;
    this.field = field;
  }
}

const typeOf = (value) => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);

/**
 * Parses and checks one request line.
 * @param {string} line
 * @returns {{ id: string, op: string, args: Record<string, unknown> }}
 * @throws {ProtocolError} carrying the request id when one could be read (`error.id`)
 */
export function parseRequest(line) {
  let doc;
  try {
    doc = JSON.parse(line);
  } catch (e) {
    throw new ProtocolError('bad-json', `the line is not JSON: ${e.message}`);
  }
  if (typeOf(doc) !== 'object') throw new ProtocolError('bad-request', `a request is a JSON object, got ${typeOf(doc)}`);
  const id = typeof doc.id === 'string' && doc.id.length > 0 ? doc.id : undefined;
  const fail = (code, message, field) => Object.assign(new ProtocolError(code, message, field), { id });
  if (id === undefined) throw fail('bad-request', 'id must be a non-empty string', 'id');
  if (doc.v !== PROTOCOL_VERSION) {
    throw fail('unsupported-version', `v must be ${PROTOCOL_VERSION}, got ${JSON.stringify(doc.v ?? null)}`, 'v');
  }
  if (typeof doc.op !== 'string') throw fail('bad-request', 'op must be a string', 'op');
  const spec = Object.hasOwn(OPERATIONS, doc.op) ? OPERATIONS[doc.op] : undefined;
  if (spec === undefined) {
    throw fail('unknown-op', `op '${doc.op}' is not one of ${Object.keys(OPERATIONS).join(', ')}`, 'op');
  }
  const args = {};
  for (const [name, type] of Object.entries(spec.required)) {
    if (!Object.hasOwn(doc, name)) throw fail('bad-request', `${doc.op} needs '${name}'`, name);
    if (!type.split('|').includes(typeOf(doc[name]))) {
      throw fail('bad-request', `'${name}' must be ${type.replace('|', ' or ')}, got ${typeOf(doc[name])}`, name);
    }
    if (type === 'string' && doc[name].length === 0) throw fail('bad-request', `'${name}' is empty`, name);
    args[name] = doc[name];
  }
  for (const [name, type] of Object.entries(spec.optional)) {
    if (!Object.hasOwn(doc, name) || doc[name] === undefined) continue;
    if (!type.split('|').includes(typeOf(doc[name]))) {
      throw fail('bad-request', `'${name}' must be ${type.replace('|', ' or ')}, got ${typeOf(doc[name])}`, name);
    }
    args[name] = doc[name];
  }
  for (const name of Object.keys(doc)) {
    if (name !== 'v' && name !== 'id' && name !== 'op' && !Object.hasOwn(spec.required, name) && !Object.hasOwn(spec.optional, name)) {
      throw fail('bad-request', `${doc.op} does not take '${name}'`, name);
    }
  }
  return { id, op: doc.op, args };
}

export const ok = (id, result) => ({ v: PROTOCOL_VERSION, id, ok: true, result: result ?? {} });

export const failure = (id, code, message, field, status) => ({
  v: PROTOCOL_VERSION,
  id: id ?? null,
  ok: false,
  error: { code, message, ...(field === undefined ? {} : { field }), ...(status === undefined ? {} : { status }) },
});

export const signal = (name, session, data) => ({ v: PROTOCOL_VERSION, signal: name, session, data: data ?? {} });
