// The sidecar's Baileys boundary replaced by a fake socket: what crabline cannot do (QR linking, pairing codes,
// the disconnect policy) is driven here by emitting what Baileys would.
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { test } from 'node:test';
import { Boom } from '@hapi/boom';
import { BufferJSON } from 'baileys';
import { Host } from '../src/host.js';
import { makeLogger } from '../src/logger.js';
import { linkedAuth, until } from './support.js';

class FakeSocket {
  constructor(config) {
    this.config = config;
    this.ev = new EventEmitter();
    this.sent = [];
    this.pairingRequests = [];
    this.ended = false;
    this.loggedOut = false;
  }

  async requestPairingCode(number) {
    this.pairingRequests.push(number);
    this.ev.emit('creds.update', { pairingCode: 'ABCD1234', me: { id: `${number}@s.whatsapp.net`, name: '~' } });
    return 'ABCD1234';
  }

  async sendMessage(jid, content, options) {
    this.sent.push({ jid, content, options });
    return { key: { remoteJid: jid, fromMe: true, id: options.messageId ?? 'RANDOM' }, message: { conversation: content.text } };
  }

  async sendPresenceUpdate() {}

  async readMessages() {}

  async logout() {
    this.loggedOut = true;
    this.close(401, 'Intentional Logout');
  }

  end() {
    this.ended = true;
  }

  close(statusCode, message = 'closed') {
    this.ev.emit('connection.update', { connection: 'close', lastDisconnect: { error: new Boom(message, { statusCode }), date: new Date() } });
  }
}

function harness() {
  const sockets = [];
  const lines = [];
  const host = new Host({
    write: (line) => lines.push(JSON.parse(line)),
    makeSocket: (config) => {
      const socket = new FakeSocket(config);
      sockets.push(socket);
      return socket;
    },
    wsUrl: 'ws://127.0.0.1:9/ws/chat',
    logger: makeLogger('silent'),
  });
  let next = 1;
  const request = async (op, args = {}) => {
    const id = `r${next++}`;
    await host.handleLine(JSON.stringify({ v: 1, id, op, ...args }));
    return lines.find((l) => l.id === id);
  };
  const signals = (name) => lines.filter((l) => l.signal === name);
  return { host, sockets, lines, request, signals };
}

test('an unlinked session waits for connect, then answers with the first QR; each refresh counts', async () => {
  const h = harness();
  const opened = await h.request('open', { session: 'fresh' });
  assert.deepEqual(opened.result, { linked: false, me: null });
  assert.equal(h.sockets.length, 0, 'no socket before connect');

  const answer = h.request('connect', { session: 'fresh' });
  await until('a socket', () => h.sockets.length === 1);
  assert.equal(h.sockets[0].config.waWebSocketUrl, 'ws://127.0.0.1:9/ws/chat');
  h.sockets[0].ev.emit('connection.update', { qr: '2@first,ref' });
  const connected = await answer;
  assert.equal(connected.ok, true);
  assert.equal(connected.result.connection, 'connecting');
  assert.equal(connected.result.qrCount, 1);
  assert.equal(connected.result.qr, '2@first,ref');

  h.sockets[0].ev.emit('connection.update', { qr: '2@second,ref' });
  assert.deepEqual(h.signals('qr').map((s) => [s.session, s.data.qr, s.data.count]), [['fresh', '2@first,ref', 1], ['fresh', '2@second,ref', 2]]);
});

test('QR codes running out (408) end the linking attempt without a reconnect', async () => {
  const h = harness();
  await h.request('open', { session: 'fresh' });
  const answer = h.request('connect', { session: 'fresh', timeoutMs: 2000 });
  await until('a socket', () => h.sockets.length === 1);
  h.sockets[0].close(408, 'QR refs attempts ended');
  const connected = await answer;
  assert.equal(connected.result.connection, 'closed');
  const close = h.signals('connection').at(-1);
  assert.deepEqual([close.data.connection, close.data.statusReason, close.data.reconnecting], ['close', 408, false]);
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(h.sockets.length, 1);
});

test('a pairing number asks for a pairing code after the first QR and answers with it', async () => {
  const h = harness();
  await h.request('open', { session: 'pair' });
  const answer = h.request('connect', { session: 'pair', pairingNumber: '5511999999999' });
  await until('a socket', () => h.sockets.length === 1);
  h.sockets[0].ev.emit('connection.update', { qr: '2@ref' });
  const connected = await answer;
  assert.equal(connected.result.pairingCode, 'ABCD1234');
  assert.deepEqual(h.sockets[0].pairingRequests, ['5511999999999']);
  assert.deepEqual(h.signals('pairing-code').map((s) => s.data), [{ code: 'ABCD1234', number: '5511999999999' }]);
  // requestPairingCode's creds.update reaches the connector as a new auth state.
  const auth = await until('an auth signal', () => h.signals('auth').at(-1));
  const state = JSON.parse(auth.data.auth, BufferJSON.reviver);
  assert.equal(state.creds.pairingCode, 'ABCD1234');
  assert.equal(auth.data.bytes, Buffer.byteLength(auth.data.auth));
});

test('a pairing number that is not digits is refused, naming it', async () => {
  const h = harness();
  await h.request('open', { session: 'pair' });
  const answer = await h.request('connect', { session: 'pair', pairingNumber: '+55 11 9999' });
  assert.equal(answer.ok, false);
  assert.equal(answer.error.code, 'bad-request');
  assert.match(answer.error.message, /pairingNumber/);
});

test('515 after pairing restarts the socket at once with the same auth state', async () => {
  const h = harness();
  await h.request('open', { session: 'pair' });
  const answer = h.request('connect', { session: 'pair', pairingNumber: '5511999999999' });
  await until('a socket', () => h.sockets.length === 1);
  h.sockets[0].ev.emit('connection.update', { qr: '2@ref' });
  await answer;
  h.sockets[0].ev.emit('connection.update', { isNewLogin: true });
  h.sockets[0].close(515, 'Stream Errored (restart required)');
  await until('a second socket', () => h.sockets.length === 2);
  assert.equal(h.sockets[1].config.auth.creds, h.sockets[0].config.auth.creds);
  h.sockets[1].ev.emit('connection.update', { connection: 'open' });
  const open = h.signals('connection').at(-1);
  assert.equal(open.data.connection, 'open');
  assert.equal(open.data.me.id, '5511999999999@s.whatsapp.net');
});

for (const [code, reason] of [[401, 'logged out'], [403, 'forbidden'], [440, 'replaced by another connection']]) {
  test(`${code} ends a linked session for good: no reconnect, an ended signal, no more auth reports`, async () => {
    const h = harness();
    await h.request('open', { session: 'linked', auth: linkedAuth('15550000000@s.whatsapp.net') });
    assert.equal(h.sockets.length, 1, 'a linked session connects on open');
    h.sockets[0].ev.emit('connection.update', { connection: 'open' });
    h.sockets[0].close(code);
    const ended = await until('ended', () => h.signals('ended')[0]);
    assert.deepEqual(ended.data, { statusReason: code, reason });
    h.sockets[0].ev.emit('creds.update', { nextPreKeyId: 99 });
    await new Promise((r) => setTimeout(r, 1100));
    assert.equal(h.sockets.length, 1);
    assert.equal(h.signals('auth').length, 0);
    const send = await h.request('send', { session: 'linked', jid: 'x@s.whatsapp.net', content: { text: 'hi' } });
    assert.equal(send.error.code, 'not-connected');
  });
}

test('a network error on a linked session reconnects after a backoff and says so', async () => {
  const h = harness();
  await h.request('open', { session: 'linked', auth: linkedAuth('15550000000@s.whatsapp.net') });
  h.sockets[0].ev.emit('connection.update', { connection: 'open' });
  h.sockets[0].close(428, 'Connection Terminated');
  const close = h.signals('connection').at(-1);
  assert.deepEqual([close.data.statusReason, close.data.reconnecting, close.data.retryInMs], [428, true, 1000]);
  await until('a second socket', () => h.sockets.length === 2, 3000);
  h.sockets[1].ev.emit('connection.update', { connection: 'open' });
  assert.equal(h.signals('connection').at(-1).data.connection, 'open');
  await h.request('close', { session: 'linked' });
});

test('send passes the deterministic message id and inline media to Baileys', async () => {
  const h = harness();
  await h.request('open', { session: 'linked', auth: linkedAuth('15550000000@s.whatsapp.net') });
  h.sockets[0].ev.emit('connection.update', { connection: 'open' });
  const answer = await h.request('send', {
    session: 'linked',
    jid: '15551234567@s.whatsapp.net',
    content: { image: { $base64: Buffer.from('png bytes').toString('base64') }, caption: 'see' },
    messageId: 'EVO0123456789ABCDEF',
  });
  assert.equal(answer.ok, true, JSON.stringify(answer));
  assert.equal(answer.result.message.key.id, 'EVO0123456789ABCDEF');
  const sent = h.sockets[0].sent[0];
  assert.equal(sent.options.messageId, 'EVO0123456789ABCDEF');
  assert.ok(Buffer.isBuffer(sent.content.image));
  assert.equal(sent.content.image.toString(), 'png bytes');
  // Baileys' getMessage (used for retry receipts) finds what was sent.
  assert.deepEqual(await h.sockets[0].config.getMessage({ id: 'EVO0123456789ABCDEF' }), { conversation: undefined });
});

test('Baileys events are forwarded as event signals, and key writes as one auth report per burst', async () => {
  const h = harness();
  await h.request('open', { session: 'linked', auth: linkedAuth('15550000000@s.whatsapp.net') });
  const socket = h.sockets[0];
  socket.ev.emit('messages.upsert', { messages: [{ key: { id: 'X', remoteJid: 'a@s.whatsapp.net' }, message: { conversation: 'hey' } }], type: 'notify' });
  await socket.config.auth.keys.set({ session: { '15551234567.0': Buffer.from([1, 2, 3]) }, 'pre-key': { 7: null } });
  socket.ev.emit('creds.update', { nextPreKeyId: 42 });
  await until('an auth report', () => h.signals('auth').length === 1);
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(h.signals('auth').length, 1);
  const state = JSON.parse(h.signals('auth')[0].data.auth, BufferJSON.reviver);
  assert.equal(state.creds.nextPreKeyId, 42);
  assert.deepEqual([...state.keys['session-15551234567.0']], [1, 2, 3]);
  const event = h.signals('event')[0];
  assert.equal(event.data.name, 'messages.upsert');
  assert.equal(event.data.payload.messages[0].message.conversation, 'hey');
  // Reopened from that report, the keys read back.
  await h.request('close', { session: 'linked' });
  await h.request('open', { session: 'linked', auth: h.signals('auth')[0].data.auth });
  const keys = await h.sockets[1].config.auth.keys.get('session', ['15551234567.0']);
  assert.deepEqual([...keys['15551234567.0']], [1, 2, 3]);
});

test('logout unlinks through Baileys and forgets the session', async () => {
  const h = harness();
  await h.request('open', { session: 'linked', auth: linkedAuth('15550000000@s.whatsapp.net') });
  h.sockets[0].ev.emit('connection.update', { connection: 'open' });
  const answer = await h.request('logout', { session: 'linked' });
  assert.equal(answer.ok, true);
  assert.equal(h.sockets[0].loggedOut, true);
  assert.equal((await h.request('list')).result.sessions.length, 0);
  assert.equal((await h.request('open', { session: 'linked' })).ok, true, 'the name is free again');
});
