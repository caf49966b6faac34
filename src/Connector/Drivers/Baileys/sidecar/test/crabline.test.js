// Against crabline, a fake WhatsApp Web server written elsewhere: it completes the Noise handshake, decrypts what
// we send and records it, and injects inbound messages.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { linkedAuth, SidecarProcess, startCrabline, until } from './support.js';

const PEER = '15551234567@s.whatsapp.net';
let crab;

before(async () => {
  crab = await startCrabline();
});

after(() => crab?.stop());

const accepted = (id) => crab.records().find((r) => r.accepted === true && r.body?.key?.id === id);

test('a linked state connects, sends with our id (decrypted at crabline), receives, and resumes after kill -9', async () => {
  const env = { EVOSTREAM_BAILEYS_WS_URL: crab.manifest.endpoints.baileysWebSocketUrl };
  const first = new SidecarProcess(env);
  let second;
  try {
    const opened = await first.request('open', { session: 'crab', auth: linkedAuth(crab.manifest.selfJid) });
    assert.equal(opened.result.linked, true);
    await first.waitSignal('connection', 'crab', (m) => m.data.connection === 'open');

    const sent = await first.request('send', { session: 'crab', jid: PEER, content: { text: 'hello crabline' }, messageId: 'EVOSIDECAR00000001' });
    assert.equal(sent.ok, true, JSON.stringify(sent));
    assert.equal(sent.result.message.key.id, 'EVOSIDECAR00000001');
    const record = await until('crabline to decrypt the send', () => accepted('EVOSIDECAR00000001'));
    assert.equal(record.body.message.conversation, 'hello crabline');
    assert.equal(record.body.key.remoteJid, PEER);

    await crab.inbound({ chatJid: PEER, senderJid: PEER, text: 'hi from the phone' });
    const upsert = await first.waitSignal('event', 'crab', (m) =>
      m.data.name === 'messages.upsert' && m.data.payload.type === 'notify' && m.data.payload.messages[0].message?.conversation === 'hi from the phone');
    assert.equal(upsert.data.payload.messages[0].key.fromMe, false);
    assert.equal(upsert.data.payload.messages[0].key.remoteJid, PEER);

    // The Signal session with the peer now lives in the reported auth state: kill -9, resume from it elsewhere.
    const auth = first.signals('auth', 'crab').at(-1);
    assert.ok(auth, 'the auth state was reported');
    assert.ok(Object.keys(JSON.parse(auth.data.auth).keys).some((k) => k.startsWith('session-')), 'a Signal session is in the state');
    first.child.kill('SIGKILL');
    await first.exited;

    second = new SidecarProcess(env);
    await second.request('open', { session: 'crab', auth: auth.data.auth });
    await second.waitSignal('connection', 'crab', (m) => m.data.connection === 'open');
    const again = await second.request('send', { session: 'crab', jid: PEER, content: { text: 'after the move' }, messageId: 'EVOSIDECAR00000002' });
    assert.equal(again.ok, true, JSON.stringify(again));
    const moved = await until('crabline to decrypt the send after resuming', () => accepted('EVOSIDECAR00000002'));
    assert.equal(moved.body.message.conversation, 'after the move');
    assert.deepEqual([...first.notJson, ...second.notJson], [], 'stdout carries protocol lines only');
  } finally {
    if (first.child.exitCode === null && first.child.signalCode === null) await first.stop();
    if (second) await second.stop();
  }
});
